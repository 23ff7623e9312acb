/**
 * "Could this node's text match the pattern?" for rules' cheap first filters, in time that
 * does not grow with the node's length. A filter such as `SECRET_HINT.test(text(call))` run on
 * every call reads each nested call's whole text: 50,000 calls nested in one another cost
 * 50,000 times the file (a fuzz case took two minutes). Long nodes are answered from one index
 * of the whole file instead: the sorted offsets where a match of the pattern can start.
 */

/** Nodes up to this many characters are tested directly (exact, and cheaper than the index). */
export const DIRECT_TEST_CHARS = 512;

/** Word-boundary assertions: they depend on the characters around a match. */
const WORD_BOUNDARY = /\\[bB]/g;
/** What the index cannot answer for a part of the text: anchors (or a negated class), lookarounds, an escaped backslash. */
const UNSUPPORTED = /[$^]|\(\?(?!:)|\\\\|\[[^\]]*\\[bB]/;

/**
 * The pattern without its word-boundary assertions, with the `g` flag, wrapped in a lookahead
 * so that a search finds every offset where a match starts (overlapping ones too). Without
 * `\b` a match does not depend on the text around it, so every match inside a node's text
 * starts at one of these offsets. Returns undefined for patterns with lookarounds, anchors
 * (`^`, `$`), negated classes or escaped backslashes: those are tested directly.
 */
export function matchStartSearch(pattern: RegExp): RegExp | undefined {
  if (UNSUPPORTED.test(pattern.source)) return undefined;
  const source = pattern.source.replace(WORD_BOUNDARY, '');
  return new RegExp(`(?=(?:${source}))`, pattern.flags.replace(/[gy]/g, '') + 'g');
}

/** Sorted offsets in a text where a match of one pattern may start. */
export class MatchStarts {
  private readonly starts: number[] = [];

  constructor(text: string, search: RegExp) {
    search.lastIndex = 0;
    for (const match of text.matchAll(search)) this.starts.push(match.index);
  }

  /** Whether a match may start in [start, end): false means no match of the pattern lies inside text[start, end). */
  anyIn(start: number, end: number): boolean {
    let low = 0;
    let high = this.starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < this.starts.length && this.starts[low] < end;
  }
}

/**
 * mayMatch(text, start, end, pattern): false only when text[start, end) has no match of the
 * pattern. Short spans are tested exactly; long ones through a MatchStarts index built once per
 * text and pattern (a superset: it may say true for a span without a match).
 */
export class TextMatches {
  private readonly indexes = new Map<RegExp, MatchStarts | undefined>();

  constructor(private readonly text: string) {}

  mayMatch(start: number, end: number, pattern: RegExp): boolean {
    if (end - start <= DIRECT_TEST_CHARS) return testSpan(pattern, this.text.slice(start, end));
    let index = this.indexes.get(pattern);
    if (index === undefined && !this.indexes.has(pattern)) {
      const search = matchStartSearch(pattern);
      index = search ? new MatchStarts(this.text, search) : undefined;
      this.indexes.set(pattern, index);
    }
    return index ? index.anyIn(start, end) : testSpan(pattern, this.text.slice(start, end));
  }
}

function testSpan(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(text);
}
