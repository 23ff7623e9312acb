import { pythonParser } from '../../server/src/engine/parser';
import type { PlannedEdit } from './editPlan';

/**
 * Wall time of tree-sitter alone for each planned edit: tree.edit, an incremental parse from
 * the old tree, and the changed ranges (the bare parser: none of parsePython's guards). Every edit path on tree-sitter pays at least this
 * (the language server adds its analysis and the JSON-RPC round trip), so it is the floor
 * the edit-latency target is compared with.
 */
export function reparseTimes(source: string, plan: readonly PlannedEdit[]): number[] {
  const parser = pythonParser();
  let text = source;
  let tree = parser.parse(text);
  const times: number[] = [];
  for (const edit of plan) {
    const at = { row: edit.row, column: edit.column };
    const after = { row: edit.row, column: edit.column + 1 };
    const start = performance.now();
    if (edit.insert) {
      text = text.slice(0, edit.offset) + 'x' + text.slice(edit.offset);
      tree.edit({ startIndex: edit.offset, oldEndIndex: edit.offset, newEndIndex: edit.offset + 1, startPosition: at, oldEndPosition: at, newEndPosition: after });
    } else {
      text = text.slice(0, edit.offset) + text.slice(edit.offset + 1);
      tree.edit({ startIndex: edit.offset, oldEndIndex: edit.offset + 1, newEndIndex: edit.offset, startPosition: at, oldEndPosition: after, newEndPosition: at });
    }
    const next = parser.parse(text, tree);
    tree.getChangedRanges(next);
    tree = next;
    times.push(performance.now() - start);
  }
  return times;
}
