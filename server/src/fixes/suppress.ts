import type { LineIndex } from '../engine/lineIndex';
import { FILE_DIRECTIVE_LINES } from '../engine/suppression';
import type { Fix, Span, SyntaxNode, TextEdit, Tree } from '../engine/types';
import { detectLineEnding } from './lineEndings';

/**
 * Edits that add suppression comments the engine honours (engine/suppression.ts): a line
 * directive is read from the comment on the finding's first line, a file directive from
 * a comment in the first ten lines. Existing directives are extended rather than repeated,
 * and the line's other comments (`# noqa`, `# type: ignore`) are kept as they are.
 */
export interface SuppressionSource {
  text: string;
  tree: Tree;
  lineIndex: LineIndex;
}

const DIRECTIVE = /#\s*dvr-hints:\s*(ignore-file|ignore)(?![\w-])(?:\[([^\]]*)\])?/g;
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+/;

function idsIn(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
}

/**
 * The edit that makes a comment's directive of `kind` cover `ruleId`: `null` when it already
 * does, `undefined` when the comment has no such directive.
 */
function extendDirective(comment: { start: number; text: string }, kind: 'ignore' | 'ignore-file', ruleId: string): TextEdit | null | undefined {
  for (const m of comment.text.matchAll(DIRECTIVE)) {
    if (m[1] !== kind) continue;
    if (m[2] === undefined) return null;
    const ids = idsIn(m[2]);
    // `ignore[]` reads as `ignore`: it silences every rule.
    if (ids.length === 0 || ids.includes(ruleId)) return null;
    const close = comment.start + (m.index ?? 0) + m[0].length - 1;
    const separator = /,\s/.test(m[2]) ? ', ' : ',';
    const trailingComma = /,\s*$/.test(m[2]);
    return { start: close, end: close, newText: trailingComma ? ruleId : `${separator}${ruleId}` };
  }
  return undefined;
}

function isInsideString(node: SyntaxNode | null, offset: number): boolean {
  for (let n = node; n; n = n.parent) {
    if (n.type === 'string' && n.startIndex < offset && n.endIndex > offset) return true;
  }
  return false;
}

/** The comment node that ends line `line`, if any. */
function trailingComment(source: SuppressionSource, lastChar: number): SyntaxNode | undefined {
  const node = source.tree.rootNode.descendantForIndex(lastChar);
  return node && node.type === 'comment' ? node : undefined;
}

/**
 * "Suppress DVRnnn on this line": `# dvr-hints: ignore[DVRnnn]` at the end of the finding's
 * first line. Undefined when the line is already covered, or when it ends inside a string
 * or a backslash continuation, where no comment can go that the engine would read.
 */
export function suppressOnLine(ruleId: string, finding: Span, source: SuppressionSource): Fix | undefined {
  const { text, lineIndex } = source;
  const line = lineIndex.lineOf(finding.start);
  const lineStart = lineIndex.lineStart(line);
  const lineEnd = lineIndex.lineEnd(line);
  const atLineEnd = source.tree.rootNode.descendantForIndex(lineEnd);
  if (lineEnd < text.length && isInsideString(atLineEnd, lineEnd)) return undefined;

  let last = lineEnd - 1;
  while (last >= lineStart && /\s/.test(text[last])) last--;
  if (last < lineStart) return undefined;
  const title = `Suppress ${ruleId} on this line`;

  const comment = trailingComment(source, last);
  if (comment && comment.startIndex >= lineStart) {
    const commentText = text.slice(comment.startIndex, Math.min(comment.endIndex, last + 1));
    const extended = extendDirective({ start: comment.startIndex, text: commentText }, 'ignore', ruleId);
    if (extended === null) return undefined;
    if (extended) return { title, applicability: 'safe', edits: [extended] };
  } else if (text[last] === '\\') {
    return undefined;
  }
  return { title, applicability: 'safe', edits: [{ start: last + 1, end: lineEnd, newText: `  # dvr-hints: ignore[${ruleId}]` }] };
}

/** The line a new file directive goes on: after a shebang and a PEP 263 coding line, which must stay first. */
function fileDirectiveLine(lineIndex: LineIndex): number {
  let line = 0;
  while (line < 2 && line < lineIndex.lineCount) {
    const content = lineIndex.lineText(line).replace(/^\uFEFF/, '');
    if ((line === 0 && content.startsWith('#!')) || CODING.test(content)) line++;
    else break;
  }
  return line;
}

/** "Suppress DVRnnn in this file": `# dvr-hints: ignore-file[DVRnnn]` in the first ten lines. */
export function suppressInFile(ruleId: string, source: SuppressionSource): Fix | undefined {
  const { text, lineIndex } = source;
  const title = `Suppress ${ruleId} in this file`;
  const head = source.tree.rootNode.descendantsOfType('comment', { row: 0, column: 0 }, { row: FILE_DIRECTIVE_LINES + 1, column: 0 });
  for (const comment of head) {
    const line = lineIndex.lineOf(comment.startIndex);
    if (line >= FILE_DIRECTIVE_LINES) continue;
    const end = Math.min(comment.endIndex, lineIndex.lineEnd(line));
    const extended = extendDirective({ start: comment.startIndex, text: text.slice(comment.startIndex, end) }, 'ignore-file', ruleId);
    if (extended === null) return undefined;
    if (extended) return { title, applicability: 'safe', edits: [extended] };
  }
  const eol = detectLineEnding(text);
  const directive = `# dvr-hints: ignore-file[${ruleId}]`;
  const line = fileDirectiveLine(lineIndex);
  if (line >= lineIndex.lineCount) {
    // The file is only a shebang or coding line without a line break.
    return { title, applicability: 'safe', edits: [{ start: text.length, end: text.length, newText: `${eol}${directive}${eol}` }] };
  }
  const at = line === 0 && text.startsWith('\uFEFF') ? 1 : lineIndex.lineStart(line);
  return { title, applicability: 'safe', edits: [{ start: at, end: at, newText: `${directive}${eol}` }] };
}
