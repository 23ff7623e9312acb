import type { LineIndex } from '../engine/lineIndex';
import type { Directive, DirectiveCode } from '../engine/suppression';
import type { TextEdit } from '../engine/types';

/**
 * Edits that take a suppression directive, or one code of its list, out of a comment
 * (DVR001's fixes). Text after the directive up to the next `#` is its reason and goes with
 * it; a comment left empty goes, and a line left empty goes too.
 */
export function removeDirective(text: string, lines: LineIndex, directive: Directive): TextEdit {
  const { comment, span } = directive;
  const nextHash = text.indexOf('#', span.end);
  const segmentEnd = nextHash >= 0 && nextHash < comment.end ? nextHash : comment.end;
  if (span.start === comment.start && segmentEnd === comment.end) {
    const line = lines.lineOf(comment.start);
    if (directive.ownLine) {
      const nextLine = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
      // The last line has no line break of its own: take the one before it.
      const start = nextLine === text.length && line > 0 && lines.lineEnd(line) === text.length ? lines.lineEnd(line - 1) : lines.lineStart(line);
      return { start, end: nextLine, newText: '' };
    }
    return { start: blankBefore(text, comment.start, lines.lineStart(line)), end: comment.end, newText: '' };
  }
  if (segmentEnd < comment.end) return { start: span.start, end: segmentEnd, newText: '' };
  return { start: blankBefore(text, span.start, comment.start), end: comment.end, newText: '' };
}

/** Removes one code of a directive that lists several, with the separator that joins it to a neighbour. */
export function removeCode(directive: Directive, code: DirectiveCode): TextEdit {
  const { codes } = directive;
  const i = codes.indexOf(code);
  if (i < codes.length - 1) return { start: code.start, end: codes[i + 1].start, newText: '' };
  return { start: codes[i - 1].end, end: code.end, newText: '' };
}

/** Start of the spaces and tabs just before `offset` (not before `floor`). */
function blankBefore(text: string, offset: number, floor: number): number {
  let start = offset;
  while (start > floor && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return start;
}
