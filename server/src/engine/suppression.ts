import type { LineIndex } from './lineIndex';
import { statementEnd, statementStartingAt } from './statements';
import type { RuleMeta, Span, SyntaxNode } from './types';

/**
 * Suppression comments: what each one silences, and whether it silenced anything (for
 * DVR001, engine/unusedSuppressions.ts).
 *
 * - `# dvr-hints: ignore` / `ignore[DVR101,...]`: at the end of a line, that line (a finding
 *   counts on its first line); alone on its line, the next statement (every line of a simple
 *   statement, the header lines of a compound one: `def`, `if`, `except`...).
 * - `# dvr-hints: ignore-file` / `ignore-file[...]` in the first ten lines: the whole file.
 * - `# nosec` / `# nosec B602`: the line, for the rules that declare a Bandit id (that id).
 * - `# noqa: S602`: the line, for the rules that declare that Ruff / flake8-bandit code. A
 *   bare `# noqa` silences nothing here (README: a blanket style-check comment is no review).
 */
export type DirectiveKind = 'dvr-hints' | 'nosec' | 'noqa';

export interface DirectiveCode extends Span {
  /** Upper-cased as written (`DVR101`, `B602`, `S602`, or anything else the list held). */
  code: string;
  used: boolean;
}

export interface Directive {
  kind: DirectiveKind;
  /** `ignore-file`: silences the whole file. */
  fileWide: boolean;
  /** The comment that holds the directive. */
  comment: Span;
  /** From the directive's `#` to the end of its code list. */
  span: Span;
  /** The codes listed; empty for a bare directive. */
  codes: DirectiveCode[];
  /** The line of the comment (zero-based). */
  line: number;
  /** Lines (zero-based, inclusive) whose findings it silences besides its own; first > last when none. */
  firstLine: number;
  lastLine: number;
  /** The comment stands alone on its line. */
  ownLine: boolean;
  /** A bare directive silenced a finding. */
  used: boolean;
}

/** The part of a rule's metadata a suppression looks at. */
export type SuppressibleRule = Pick<RuleMeta, 'id' | 'bandit' | 'ruff'>;

export class Suppressions {
  private readonly byLine = new Map<number, Directive[]>();
  private readonly fileWide: Directive[];

  constructor(readonly directives: readonly Directive[]) {
    this.fileWide = directives.filter((d) => d.fileWide);
    for (const d of directives) {
      if (d.fileWide) continue;
      // An own-line comment covers its own line too: only a finding on the comment itself (DVR001's) can start there.
      if (d.line < d.firstLine || d.line > d.lastLine) this.add(d.line, d);
      for (let line = d.firstLine; line <= d.lastLine; line++) this.add(line, d);
    }
  }

  private add(line: number, d: Directive): void {
    const list = this.byLine.get(line);
    if (list) list.push(d);
    else this.byLine.set(line, [d]);
  }

  /**
   * Whether a finding of `rule` starting on `line` is silenced; every directive that silences
   * it is marked used. `namedOnly`: only a directive that names the rule's code silences it
   * (DVR001's findings: a bare directive would otherwise silence the report about itself).
   */
  silences(line: number, rule: SuppressibleRule, namedOnly = false): boolean {
    let silenced = false;
    for (const d of this.fileWide) silenced = mark(d, rule, namedOnly) || silenced;
    for (const d of this.byLine.get(line) ?? []) silenced = mark(d, rule, namedOnly) || silenced;
    return silenced;
  }
}

/** The codes of a directive kind that a rule answers to. */
export function ruleCodes(kind: DirectiveKind, rule: SuppressibleRule): readonly string[] {
  return kind === 'dvr-hints' ? [rule.id] : kind === 'nosec' ? rule.bandit : rule.ruff;
}

/** A bare directive of this kind silences the rule. */
export function bareSilences(kind: DirectiveKind, rule: SuppressibleRule): boolean {
  return kind === 'dvr-hints' || (kind === 'nosec' && rule.bandit.length > 0);
}

function mark(d: Directive, rule: SuppressibleRule, namedOnly: boolean): boolean {
  if (d.codes.length === 0) {
    if (namedOnly || !bareSilences(d.kind, rule)) return false;
    d.used = true;
    return true;
  }
  const codes = ruleCodes(d.kind, rule);
  let silenced = false;
  for (const c of d.codes) {
    if (!codes.includes(c.code)) continue;
    c.used = true;
    silenced = true;
  }
  return silenced;
}

const DIRECTIVE = /#\s*dvr-hints:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;
// `\s*(?::\s*)?` rather than `\s*:?\s*`: two adjacent `\s*` backtrack quadratically on long blank runs.
const NOSEC = /#\s*nosec\b(?:\s*(?::\s*)?((?:B\d{3}[\s,]*)+))?/gi;
/** Ruff's form: codes only after a colon (`# noqa S602` is a bare noqa, as in Ruff). */
const NOQA = /#\s*noqa(?![\w-])(?::\s*([A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?/gi;
const CODE = /[^\s,]+/g;
export const FILE_DIRECTIVE_LINES = 10;

/**
 * The directive's text without trailing blanks and commas. A loop, not `/[\s,]+$/`: V8 retries
 * that regex at every position of a long blank run that does not end the text (quadratic; a
 * hostile `# dvr-hints: ignore[` + 200,000 blanks took minutes).
 */
function withoutTrailingSeparators(directive: string): string {
  let end = directive.length;
  while (end > 0 && /[\s,]/.test(directive[end - 1])) end--;
  return directive.slice(0, end);
}

/** The codes of a list that starts at `offset` in the file. */
function codesAt(list: string, offset: number): DirectiveCode[] {
  return [...list.matchAll(CODE)].map((m) => ({ code: m[0].toUpperCase(), start: offset + m.index, end: offset + m.index + m[0].length, used: false }));
}

/** Reads suppression directives from the file's comment nodes (never from strings). */
export function collectSuppressions(comments: Iterable<{ node: SyntaxNode; text: string }>, lines: LineIndex, root?: SyntaxNode): Suppressions {
  const directives: Directive[] = [];
  for (const { node, text: commentText } of comments) {
    const start = node.startIndex;
    const line = lines.lineOf(start);
    const ownLine = lines.lineText(line).slice(0, start - lines.lineStart(line)).trim() === '';
    // tree-sitter's comment token takes the \r of a CRLF line break with it.
    const commentEnd = start + commentText.replace(/\r$/, '').length;
    const add = (kind: DirectiveKind, m: RegExpMatchArray, list: string | undefined, listStart: number, fileWide = false): void => {
      const index = m.index ?? 0;
      const codes = list === undefined ? [] : codesAt(list, start + listStart);
      const span = { start: start + index, end: start + index + withoutTrailingSeparators(m[0]).length };
      let [firstLine, lastLine] = [line, line];
      if (kind === 'dvr-hints' && ownLine && !fileWide) [firstLine, lastLine] = (root && nextStatementLines(root, lines, line)) || [1, 0];
      directives.push({ kind, fileWide, comment: { start, end: commentEnd }, span, codes, line, firstLine, lastLine, ownLine, used: false });
    };
    for (const m of commentText.matchAll(DIRECTIVE)) {
      const fileWide = m[1] === 'ignore-file';
      if (fileWide && line >= FILE_DIRECTIVE_LINES) continue;
      add('dvr-hints', m, m[2], (m.index ?? 0) + m[0].length - 1 - (m[2]?.length ?? 0), fileWide);
    }
    for (const m of commentText.matchAll(NOSEC)) add('nosec', m, m[1], (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0));
    for (const m of commentText.matchAll(NOQA)) add('noqa', m, m[1], (m.index ?? 0) + m[0].length - (m[1]?.length ?? 0));
  }
  return new Suppressions(directives.sort((a, b) => a.span.start - b.span.start));
}

/**
 * The lines an own-line directive on `line` covers: the next statement's (engine/statements.ts:
 * every line of a simple statement, the header lines of a compound one; silencing a whole
 * function body from one comment would hide far more than it names), skipping comment lines.
 * A blank line ends the search.
 */
export function nextStatementLines(root: SyntaxNode, lines: LineIndex, line: number): [number, number] | undefined {
  for (let next = line + 1; next < lines.lineCount; next++) {
    const lineText = lines.lineText(next);
    const trimmed = lineText.trimStart();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('#')) continue;
    const statement = statementStartingAt(root, lines.lineStart(next) + lineText.length - trimmed.length);
    return statement ? [next, lines.lineOf(Math.max(statement.startIndex, statementEnd(statement) - 1))] : undefined;
  }
  return undefined;
}

const DIRECTIVE_WORD = /dvr-hints|nosec|noqa/gi;

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
