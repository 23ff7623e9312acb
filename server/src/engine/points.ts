import type { Point } from 'tree-sitter';
import { hasLoneCarriageReturn } from './parser';

/**
 * tree-sitter points for UTF-16 offsets, as tree-sitter counts them in the text it is given
 * (parser.ts asPythonReadsIt: a lone `\r` is given as `\n`): rows end at `\n` and at a lone
 * `\r`, columns are UTF-16 units. Built from the positions of the `\n`s (found with indexOf,
 * far faster than a loop over characters); each lookup is a binary search.
 */
export class PointIndex {
  private newlines: number[] | undefined;
  /** The breaks include lone `\r`s: edits are not tracked, the next index is built afresh. */
  private loneCr = false;

  constructor(private readonly text: string) {}

  private get breaks(): number[] {
    if (!this.newlines) {
      const found: number[] = [];
      if (hasLoneCarriageReturn(this.text)) {
        this.loneCr = true;
        for (const m of this.text.matchAll(/\r\n?|\n/g)) found.push((m.index as number) + m[0].length - 1);
      } else {
        for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) found.push(i);
      }
      this.newlines = found;
    }
    return this.newlines;
  }

  /** The index of the text after [start, oldEnd) became `inserted` (`text` is that new text): O(lines) array work, no scan. */
  edited(text: string, start: number, oldEnd: number, inserted: string): PointIndex {
    const result = new PointIndex(text);
    // A `\r` on either side of the edit may pair with a `\n` or stop doing so: counted afresh.
    if (!this.newlines || this.loneCr || inserted.includes('\r') || text.charCodeAt(start - 1) === 13) return result;
    const breaks = this.newlines;
    const delta = inserted.length - (oldEnd - start);
    const next = breaks.slice(0, lowerBound(breaks, start));
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) next.push(start + i);
    for (let i = lowerBound(breaks, oldEnd); i < breaks.length; i++) next.push(breaks[i] + delta);
    result.newlines = next;
    return result;
  }

  pointAt(offset: number): Point {
    const breaks = this.breaks;
    const row = lowerBound(breaks, offset);
    return { row, column: offset - (row === 0 ? 0 : breaks[row - 1] + 1) };
  }
}

/** Index of the first value >= `target` in a sorted array. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The point where `inserted` ends when it is inserted at `start`. */
export function pointAfter(start: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}
