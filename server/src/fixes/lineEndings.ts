import type { Fix } from '../engine/types';

export type LineEnding = '\n' | '\r\n' | '\r';

/** The file's line ending: its first line break decides (as Ruff and most editors do); `\n` when there is none. */
export function detectLineEnding(text: string): LineEnding {
  const i = text.search(/[\r\n]/);
  if (i < 0 || text[i] === '\n') return '\n';
  return text[i + 1] === '\n' ? '\r\n' : '\r';
}

/** Rewrites every line break in `newText` to `eol`. */
export function withLineEnding(newText: string, eol: LineEnding): string {
  return eol === '\n' && !newText.includes('\r') ? newText : newText.replace(/\r\n|\r|\n/g, eol);
}

/**
 * Rules write their fixes with `\n`; this makes the inserted lines match the file, so a
 * fix in a CRLF file adds CRLF lines. The engine applies it to every fix it returns.
 */
export function fixesWithLineEnding(fixes: readonly Fix[], eol: LineEnding): Fix[] {
  if (eol === '\n' && !fixes.some((f) => f.edits.some((e) => e.newText.includes('\r')))) return [...fixes];
  return fixes.map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, newText: withLineEnding(e.newText, eol) })) }));
}
