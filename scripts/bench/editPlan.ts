import { PointIndex } from '../../server/src/engine/points';
import { random } from './stats';

/** One scripted single-character edit: an `x` typed at `offset`, or the character there deleted. */
export interface PlannedEdit {
  offset: number;
  row: number;
  column: number;
  insert: boolean;
}

/**
 * The benchmark's edits to a file, in order: at each of `edits`/2 places (deterministic) an
 * `x` is typed and then deleted again, so the file stays the same program. The server's
 * latency and the bare re-parse floor are measured over this same list.
 */
export function typeAndDeletePlan(text: string, edits: number): PlannedEdit[] {
  const next = random(20240601);
  const points = new PointIndex(text);
  const plan: PlannedEdit[] = [];
  for (let i = 0; i < edits / 2; i++) {
    const offset = Math.floor(next() * text.length);
    const { row, column } = points.pointAt(offset);
    plan.push({ offset, row, column, insert: true }, { offset, row, column, insert: false });
  }
  return plan;
}
