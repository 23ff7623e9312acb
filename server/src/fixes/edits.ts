import type { Fix, TextEdit } from '../engine/types';

export class OverlappingEditsError extends Error {}

/** Applies non-overlapping edits (UTF-16 offsets into `text`); throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new OverlappingEditsError(`edits overlap at ${sorted[i].start}`);
  }
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/** True when two sets of edits touch overlapping spans (inserts at the same point count as overlapping). */
export function editsConflict(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => x.start < y.end && y.start < x.end || (x.start === y.start && (x.start === x.end || y.start === y.end))));
}

/** Picks safe fixes that do not conflict with each other, first come first served. */
export function compatibleSafeFixes(fixes: readonly Fix[]): Fix[] {
  const chosen: Fix[] = [];
  for (const fix of fixes) {
    if (fix.applicability !== 'safe') continue;
    if (chosen.some((c) => editsConflict(c.edits, fix.edits))) continue;
    chosen.push(fix);
  }
  return chosen;
}
