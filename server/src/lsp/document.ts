import type { Point } from 'tree-sitter';
import { LineIndex, type PositionEncoding } from '../engine/lineIndex';
import { parsePython } from '../engine/parser';
import type { Tree } from '../engine/types';

export interface RangeChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}
export interface FullChange {
  text: string;
}
export type ContentChange = RangeChange | FullChange;

/** tree-sitter's point for a UTF-16 offset: rows count `\n` only, columns are UTF-16 units. */
function pointAt(text: string, offset: number): Point {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - lineStart };
}

/**
 * An open document: its text, its version and its tree-sitter tree, kept in step by
 * applying each edit to the old tree and re-parsing against it (never from scratch).
 */
export class OpenDocument {
  private lines: LineIndex | undefined;
  private tree: Tree | undefined;
  private treeIsStale = true;

  constructor(
    readonly uri: string,
    public version: number,
    private content: string,
    readonly languageId: string,
  ) {}

  get text(): string {
    return this.content;
  }

  get lineIndex(): LineIndex {
    this.lines ??= new LineIndex(this.content);
    return this.lines;
  }

  applyChanges(changes: readonly ContentChange[], version: number, encoding: PositionEncoding): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.content = change.text;
        this.tree = undefined;
      } else {
        const index = this.lineIndex;
        const start = index.offsetAt(change.range.start, encoding);
        const end = Math.max(start, index.offsetAt(change.range.end, encoding));
        const before = this.content;
        this.content = before.slice(0, start) + change.text + before.slice(end);
        if (this.tree) {
          this.tree.edit({
            startIndex: start,
            oldEndIndex: end,
            newEndIndex: start + change.text.length,
            startPosition: pointAt(before, start),
            oldEndPosition: pointAt(before, end),
            newEndPosition: pointAt(this.content, start + change.text.length),
          });
        }
      }
      this.lines = undefined;
      this.treeIsStale = true;
    }
    this.version = version;
  }

  /** The tree for the current text, re-parsed incrementally if edits arrived since. */
  currentTree(): Tree {
    if (!this.tree || this.treeIsStale) {
      this.tree = parsePython(this.content, this.tree);
      this.treeIsStale = false;
    }
    return this.tree;
  }
}
