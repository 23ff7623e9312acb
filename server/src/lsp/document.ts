import type { DocumentChange } from '../engine/incremental';
import { LineIndex, type PositionEncoding } from '../engine/lineIndex';
import { hasLoneCarriageReturn, parsePython, parsePythonReusing } from '../engine/parser';
import { PointIndex, pointAfter } from '../engine/points';
import type { Tree } from '../engine/types';

export interface RangeChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}
export interface FullChange {
  text: string;
}
export type ContentChange = RangeChange | FullChange;

const MAX_PENDING_CHANGES = 1000;

/**
 * An open document: its text, its version and its tree-sitter tree, kept in step by
 * applying each edit to the old tree and re-parsing against it (never from scratch).
 */
export class OpenDocument {
  private lines: LineIndex | undefined;
  private points: PointIndex | undefined;
  private tree: Tree | undefined;
  private treeIsStale = true;
  /** The tree was parsed from a text with a lone `\r` (given to tree-sitter as `\n`): its rows do not match the edits' points. */
  private treeRowsDiffer = false;
  /** What happened since the last takeChanges(), for the incremental analysis. */
  private changes: DocumentChange[] = [];

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

  /** tree-sitter points of the current text. */
  get pointIndex(): PointIndex {
    this.points ??= new PointIndex(this.content);
    return this.points;
  }

  applyChanges(changes: readonly ContentChange[], version: number, encoding: PositionEncoding): void {
    for (const change of changes) {
      if (!('range' in change) || !change.range) {
        this.content = change.text;
        this.lines = undefined;
        this.tree = undefined;
        this.points = undefined;
        this.changes.push({ kind: 'replaced' });
      } else {
        const index = this.lineIndex;
        const start = index.offsetAt(change.range.start, encoding);
        const end = Math.max(start, index.offsetAt(change.range.end, encoding));
        const before = this.content;
        this.content = before.slice(0, start) + change.text + before.slice(end);
        if (this.tree) {
          // Points by binary search over the line breaks, kept up to date edit by edit, not a count from the top.
          const points = this.pointIndex;
          const startPosition = points.pointAt(start);
          this.tree.edit({
            startIndex: start,
            oldEndIndex: end,
            newEndIndex: start + change.text.length,
            startPosition,
            oldEndPosition: points.pointAt(end),
            newEndPosition: pointAfter(startPosition, change.text),
          });
          this.points = points.edited(this.content, start, end, change.text);
        } else {
          // No tree to edit (a document never parsed, say one over the size limit): points are built when wanted.
          this.points = undefined;
        }
        this.changes.push({ kind: 'edit', start, oldEnd: end, newEnd: start + change.text.length });
        this.lines = index.edited(this.content, start, end, change.text);
      }
      // Nobody took the changes for a long time (the file is not analysed): remember only that everything changed.
      if (this.changes.length > MAX_PENDING_CHANGES) this.changes = [{ kind: 'replaced' }];
      this.treeIsStale = true;
    }
    this.version = version;
  }

  /** The tree for the current text, re-parsed incrementally if edits arrived since. */
  currentTree(): Tree {
    if (!this.tree || this.treeIsStale) {
      const old = this.tree;
      const parsed = parsePythonReusing(this.content, this.treeRowsDiffer ? undefined : old);
      this.tree = parsed.tree;
      this.treeRowsDiffer = hasLoneCarriageReturn(this.content);
      // On broken code tree-sitter's error recovery can build a different tree incrementally
      // than from scratch; a fresh parse keeps the findings equal to a full analysis (the CLI's).
      // A parse that could not use the old tree was fresh already.
      const fresh = !!old && (!parsed.reused || this.tree.rootNode.hasError);
      if (fresh && parsed.reused) this.tree = parsePython(this.content);
      this.treeIsStale = false;
      // The old tree was edited to match, so it can name the ranges whose structure changed,
      // against the fresh tree too (tree-sitter compares the two trees node by node: an
      // unedited node of the same type, place and size that is not an error matches). A parse
      // that could not use the old tree (its rows differ) counts the whole text as changed.
      if (old) {
        const changed = parsed.reused ? old.getChangedRanges(this.tree).map((r) => ({ start: r.startIndex, end: r.endIndex })) : [{ start: 0, end: this.content.length }];
        this.changes.push({ kind: 'reparsed', changed });
      }
    }
    return this.tree;
  }

  /** Whether the document holds a parsed tree now. */
  get hasTree(): boolean {
    return this.tree !== undefined;
  }

  /**
   * Lets the tree go (it is most of an idle document's memory). The next currentTree()
   * parses from scratch, and as the structure it had cannot be compared any more, the next
   * analysis is a full one.
   */
  releaseTree(): void {
    if (!this.tree) return;
    this.tree = undefined;
    this.treeIsStale = true;
    this.changes = [{ kind: 'replaced' }];
  }

  /** The changes since the last call (for the incremental analysis), oldest first. */
  takeChanges(): DocumentChange[] {
    const taken = this.changes;
    this.changes = [];
    return taken;
  }
}
