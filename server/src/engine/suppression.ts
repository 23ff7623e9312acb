import type { LineIndex } from './lineIndex';
import type { SyntaxNode } from './types';

/** What the comments of one line silence. */
export interface LineSuppression {
  /** `# dvr-hints: ignore` without ids. */
  all: boolean;
  ids: Set<string>;
  /** `# nosec` without ids: silences the rules that declare a Bandit id. */
  nosecAll: boolean;
  banditIds: Set<string>;
}

export interface Suppressions {
  file: boolean;
  /** Rule ids silenced for the whole file by `# dvr-hints: ignore-file[ID,...]`. */
  fileIds: Set<string>;
  lines: Map<number, LineSuppression>;
}

const DIRECTIVE = /#\s*dvr-hints:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;
// `\s*(?::\s*)?` rather than `\s*:?\s*`: two adjacent `\s*` backtrack quadratically on long blank runs.
const NOSEC = /#\s*nosec\b(?:\s*(?::\s*)?((?:B\d{3}[\s,]*)+))?/gi;
export const FILE_DIRECTIVE_LINES = 10;

function splitIds(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s.length > 0);
}

/** Reads suppression directives from the file's comment nodes (never from strings). */
export function collectSuppressions(comments: Iterable<{ node: SyntaxNode; text: string }>, lines: LineIndex): Suppressions {
  const result: Suppressions = { file: false, fileIds: new Set(), lines: new Map() };
  for (const { node, text } of comments) {
    if (!text.includes('dvr-hints') && !/nosec/i.test(text)) continue;
    const line = lines.lineOf(node.startIndex);
    const entry = (): LineSuppression => {
      let e = result.lines.get(line);
      if (!e) {
        e = { all: false, ids: new Set(), nosecAll: false, banditIds: new Set() };
        result.lines.set(line, e);
      }
      return e;
    };
    for (const m of text.matchAll(DIRECTIVE)) {
      const ids = m[2] === undefined ? undefined : splitIds(m[2]);
      if (m[1] === 'ignore-file') {
        if (line < FILE_DIRECTIVE_LINES) {
          if (ids && ids.length > 0) ids.forEach((id) => result.fileIds.add(id));
          else result.file = true;
        }
      } else if (ids && ids.length > 0) {
        ids.forEach((id) => entry().ids.add(id));
      } else {
        entry().all = true;
      }
    }
    for (const m of text.matchAll(NOSEC)) {
      if (m[1]) splitIds(m[1]).forEach((id) => entry().banditIds.add(id));
      else entry().nosecAll = true;
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions, line: number, ruleId: string, banditIds: readonly string[]): boolean {
  if (s.file || s.fileIds.has(ruleId)) return true;
  const entry = s.lines.get(line);
  if (!entry) return false;
  if (entry.all || entry.ids.has(ruleId)) return true;
  if (banditIds.length === 0) return false;
  return entry.nosecAll || banditIds.some((b) => entry.banditIds.has(b));
}

const DIRECTIVE_WORD = /dvr-hints|nosec/gi;

/** Offsets of the words a directive comment must contain, in text[from, to) (a word never spans a line break). */
export function directiveWordOffsets(text: string, from = 0, to = text.length): number[] {
  const haystack = from === 0 && to === text.length ? text : text.slice(from, to);
  const offsets: number[] = [];
  for (const match of haystack.matchAll(DIRECTIVE_WORD)) offsets.push(from + match.index);
  return offsets;
}

/**
 * The comments that may hold directives, found from the text: a regular expression over
 * the source and one native lookup per hit, instead of a node object for every comment.
 */
export function directiveComments(root: SyntaxNode, text: string, offsets: readonly number[] = directiveWordOffsets(text)): { node: SyntaxNode; text: string }[] {
  const found: { node: SyntaxNode; text: string }[] = [];
  let coveredUntil = -1;
  for (const offset of offsets) {
    if (offset < coveredUntil) continue;
    const node = root.descendantForIndex(offset);
    if (!node || node.type !== 'comment') continue;
    const start = node.startIndex;
    coveredUntil = node.endIndex;
    found.push({ node, text: text.slice(start, coveredUntil) });
  }
  return found;
}
