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

  pointAt(offset: number): Point {
    const breaks = this.breaks;
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (breaks[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return { row: lo, column: offset - (lo === 0 ? 0 : breaks[lo - 1] + 1) };
  }
}

/** The point where `inserted` ends when it is inserted at `start`. */
export function pointAfter(start: Point, inserted: string): Point {
  const last = inserted.lastIndexOf('\n');
  if (last < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - last - 1 };
}
