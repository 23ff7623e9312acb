/**
 * Maps UTF-16 offsets (what tree-sitter's Node binding and JavaScript strings use)
 * to LSP positions. Line breaks are `\n`, `\r\n` and a lone `\r`, as the LSP
 * specification says; tree-sitter's own rows only count `\n`, so positions are
 * always derived from offsets here, never from `node.startPosition`.
 */
export interface Position {
  line: number;
  character: number;
}

export type PositionEncoding = 'utf-16' | 'utf-8';

/** Offsets where lines start, ascending (a typed array once shifted by an edit: no growth on push). */
type LineStarts = number[] | Int32Array;

export class LineIndex {
  private starts: LineStarts | undefined;
  /** Whether the text has a `\r` (known once the starts are), so an edit need not scan the text again. */
  private hasCr: boolean | undefined;

  constructor(private readonly text: string) {}

  /** Built on first use: a scan keeps an index for every file, but most never need a position. */
  private get lineStarts(): LineStarts {
    if (!this.starts) {
      this.hasCr = this.text.includes('\r');
      this.starts = computeLineStarts(this.text);
    }
    return this.starts;
  }

  /**
   * The index of `text`, which is this index's text with [start, oldEnd) replaced by
   * `inserted`: the line starts are shifted (O(lines) array work) rather than found again by
   * a scan of the whole text, which took about 100 ms for a 10 MB document on every edit.
   * With a `\r` about (it may pair with a `\n` across the edit), the next index is built afresh.
   */
  edited(text: string, start: number, oldEnd: number, inserted: string): LineIndex {
    const next = new LineIndex(text);
    const starts = this.starts;
    if (!starts || this.hasCr !== false || inserted.includes('\r')) return next;
    const delta = inserted.length - (oldEnd - start);
    // A line start s follows the `\n` at s - 1: kept when that `\n` is before the edit, shifted when after it.
    const first = upperBound(starts, start);
    const after = upperBound(starts, oldEnd);
    const added: number[] = [];
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) added.push(start + i + 1);
    const shifted = new Int32Array(first + added.length + starts.length - after);
    for (let j = 0; j < first; j++) shifted[j] = starts[j];
    shifted.set(added, first);
    for (let j = after, k = first + added.length; j < starts.length; j++, k++) shifted[k] = starts[j] + delta;
    next.starts = shifted;
    next.hasCr = false;
    return next;
  }

  get lineCount(): number {
    return this.starts ? this.starts.length : countLines(this.text);
  }

  /** Zero-based line that contains `offset` (clamped to the document). */
  lineOf(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    let end = this.lineStarts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  positionAt(offset: number, encoding: PositionEncoding = 'utf-16'): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    const start = this.lineStarts[line];
    const character = encoding === 'utf-16' ? o - start : utf8Length(this.text, start, o);
    return { line, character };
  }

  offsetAt(position: Position, encoding: PositionEncoding = 'utf-16'): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.lineStarts[position.line];
    const end = this.lineEnd(position.line);
    if (encoding === 'utf-16') return Math.min(start + Math.max(0, position.character), end);
    let bytes = 0;
    let i = start;
    while (i < end && bytes < position.character) {
      const code = this.text.codePointAt(i) ?? 0;
      bytes += utf8Width(code);
      i += code > 0xffff ? 2 : 1;
    }
    return i;
  }
}

/** Index of the first value > `target` in ascending `values`. */
function upperBound(values: LineStarts, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // indexOf runs far faster than a loop over characters, and `\n` is then the only break.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Number of lines without building the index: indexOf runs far faster than a loop over characters. */
function countLines(text: string): number {
  if (text.includes('\r')) return computeLineStarts(text).length;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

function utf8Width(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Bytes that text[from, to) takes in UTF-8 (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
        continue;
      }
    }
    bytes += utf8Width(c);
  }
  return bytes;
}
