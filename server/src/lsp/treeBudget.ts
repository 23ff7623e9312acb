import type { OpenDocument } from './document';

/**
 * How many open documents keep their tree-sitter tree. A tree takes about 30 times its
 * text in native memory (200 standard-library modules: 113 MB of trees for 3.6 MB of
 * text), and only the documents being edited gain from keeping one: an edit re-parses
 * against the old tree and re-checks only what changed. The least recently analysed
 * documents beyond this count let theirs go; their next edit parses and analyses in full.
 */
export const TREES_KEPT = 32;

/** The open documents that keep their trees, least recently analysed first. */
export class TreeBudget {
  private readonly recent = new Set<OpenDocument>();

  constructor(private readonly limit: number = TREES_KEPT) {}

  /** The document was just analysed: it keeps its tree, and the least recent ones beyond the limit let theirs go (how many). */
  used(document: OpenDocument): number {
    this.recent.delete(document);
    this.recent.add(document);
    let released = 0;
    for (const oldest of this.recent) {
      if (this.recent.size <= this.limit) break;
      this.recent.delete(oldest);
      if (oldest.hasTree) released++;
      oldest.releaseTree();
    }
    return released;
  }

  /** The document was closed. */
  forget(document: OpenDocument): void {
    this.recent.delete(document);
  }

  get size(): number {
    return this.recent.size;
  }
}
