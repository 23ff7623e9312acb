import type { TextEdit } from '../engine/types';

/** Text layout helpers for fixes: line ends, indentation and commas that keep the author's line breaks. */

/** The file's line ending, so inserted lines match the rest (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf < 0 && text.includes('\r')) return '\r';
  return '\n';
}

export function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

export function lineEndAt(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The leading whitespace of the line that holds `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/**
 * One level of indentation as this file writes it: a tab where the given indentation
 * uses tabs, else the smallest step between the file's indented lines (4 spaces if none).
 */
export function indentUnit(text: string, indentation: string): string {
  if (indentation.includes('\t')) return '\t';
  let smallest = 0;
  let previous = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^( *)(\t?)/.exec(line);
    if (!m || m[2]) continue;
    const width = m[1].length;
    if (width > previous && (smallest === 0 || width - previous < smallest)) smallest = width - previous;
    previous = width;
  }
  return ' '.repeat(smallest > 0 && smallest <= 8 ? smallest : 4);
}

/**
 * Edits that turn a binary operator between two operands into an argument comma:
 * `"x %s" % y` becomes `"x %s", y`, and an operator that starts a continuation line
 * moves its comma up behind the left operand, so comments and line breaks stay.
 */
export function operatorToComma(text: string, leftEnd: number, operator: { start: number; end: number }, rightStart: number): TextEdit[] {
  const before = text.slice(leftEnd, operator.start);
  const after = text.slice(operator.end, rightStart);
  if (/^[ \t]*$/.test(before)) {
    return [{ start: leftEnd, end: operator.end, newText: after.length === 0 ? ', ' : ',' }];
  }
  const trailing = /^[ \t]*/.exec(after)?.[0].length ?? 0;
  const sameLine = !/[\r\n]/.test(after);
  return [
    { start: leftEnd, end: leftEnd, newText: ',' },
    { start: operator.start, end: sameLine ? rightStart : operator.end + trailing, newText: '' },
  ];
}

/** Deletes a bracket pair around a sequence of arguments, with a trailing comma and padding on the bracket's own line. */
export function unwrapBrackets(text: string, open: { start: number; end: number }, close: { start: number; end: number }, lastElementEnd: number): TextEdit[] {
  const edits: TextEdit[] = [];
  const afterOpen = /^[ \t]*/.exec(text.slice(open.end))?.[0].length ?? 0;
  edits.push({ start: open.start, end: open.end + afterOpen, newText: '' });
  const tail = text.slice(lastElementEnd, close.start);
  const comma = /^\s*,/.exec(tail);
  let closeStart = close.start;
  if (/^[ \t]*(,[ \t]*)?$/.test(tail)) closeStart = lastElementEnd;
  else if (comma) edits.push({ start: lastElementEnd + comma[0].length - 1, end: lastElementEnd + comma[0].length, newText: '' });
  edits.push({ start: closeStart, end: close.end, newText: '' });
  return edits;
}

export function spanOf(node: { startIndex: number; endIndex: number }): { start: number; end: number } {
  return { start: node.startIndex, end: node.endIndex };
}
