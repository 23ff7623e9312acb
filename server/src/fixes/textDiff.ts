import { diffLines } from 'diff';
import type { TextEdit } from '../engine/types';

/** Length of the common prefix of `a` and `b`, cut back to a line start. */
function commonLinePrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return i;
  return Math.max(a.lastIndexOf('\n', i - 1), a.lastIndexOf('\r', i - 1)) + 1;
}

/** Length of the common suffix of `a` and `b` (after `skip` characters), cut forward to a line start. */
function commonLineSuffix(a: string, b: string, skip: number): number {
  const n = Math.min(a.length, b.length) - skip;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  // Keep whole lines only: the suffix must start right after a line break in both texts.
  while (i > 0) {
    const c = a.charCodeAt(a.length - i - 1);
    if ((c === 10 || c === 13) && !(c === 13 && a.charCodeAt(a.length - i) === 10)) break;
    i--;
  }
  return i;
}

/**
 * Whole-line edits that turn `before` into `after`: what the editor receives for a fix-all,
 * so unchanged lines (and the cursor, folds and markers on them) stay put.
 */
export function lineEditsBetween(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const prefix = commonLinePrefix(before, after);
  const suffix = commonLineSuffix(before, after, prefix);
  const oldMiddle = before.slice(prefix, before.length - suffix);
  const newMiddle = after.slice(prefix, after.length - suffix);
  const edits: TextEdit[] = [];
  let offset = prefix;
  let pending: TextEdit | undefined;
  for (const part of diffLines(oldMiddle, newMiddle)) {
    if (part.added) {
      pending ??= { start: offset, end: offset, newText: '' };
      pending.newText += part.value;
    } else if (part.removed) {
      pending ??= { start: offset, end: offset, newText: '' };
      pending.end += part.value.length;
      offset += part.value.length;
    } else {
      if (pending) edits.push(pending);
      pending = undefined;
      offset += part.value.length;
    }
  }
  if (pending) edits.push(pending);
  return edits;
}
