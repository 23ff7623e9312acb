import type { Point } from 'tree-sitter';

/**
 * tree-sitter points for UTF-16 offsets: rows count `\n` only (unlike LineIndex, which
 * follows LSP and also breaks at a lone `\r`), columns are UTF-16 units. Built from the
 * positions of the `\n`s (found with indexOf, far faster than a loop over characters);
 * each lookup is a binary search.
 */
export class PointIndex {
  private newlines: number[] | undefined;

  constructor(private readonly text: string) {}

  private get breaks(): number[] {
    if (!this.newlines) {
      const found: number[] = [];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) found.push(i);
      this.newlines = found;
    }
    return this.newlines;
  }

  /** The index of the text after [start, oldEnd) became `inserted` (`text` is that new text): O(lines) array work, no scan. */
  edited(text: string, start: number, oldEnd: number, inserted: string): PointIndex {
    const result = new PointIndex(text);
    if (!this.newlines) return result;
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
