import type { Fix, TextEdit } from '../engine/types';

export class OverlappingEditsError extends Error {}

/** The same change twice is one change: two fixes that add the same import share that edit. */
export function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.newText === b.newText;
}

/** Drops repeated identical edits, keeping the first of each. */
export function uniqueEdits(edits: readonly TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) if (!out.some((o) => sameEdit(o, e))) out.push(e);
  return out;
}

/**
 * Applies edits (UTF-16 offsets into `text`); identical edits are applied once; throws when
 * two different edits overlap.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = uniqueEdits(edits).sort((a, b) => a.start - b.start || a.end - b.end);
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

function editPairConflicts(x: TextEdit, y: TextEdit): boolean {
  if (sameEdit(x, y)) return false;
  return (x.start < y.end && y.start < x.end) || (x.start === y.start && (x.start === x.end || y.start === y.end));
}

/**
 * True when two sets of edits touch overlapping spans (inserts at the same point count as
 * overlapping); identical edits are shared, not conflicting.
 */
export function editsConflict(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  return a.some((x) => b.some((y) => editPairConflicts(x, y)));
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

/** All edits of compatible fixes as one list without repeats, ready for a single workspace edit. */
export function mergedEdits(fixes: readonly Fix[]): TextEdit[] {
  return uniqueEdits(fixes.flatMap((f) => f.edits)).sort((a, b) => a.start - b.start || a.end - b.end);
}
