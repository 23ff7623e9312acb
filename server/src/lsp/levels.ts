import type { FindingLevel } from './protocol';

/**
 * How an editor shows a finding: the one mapping the Problems panel (diagnostic
 * severity), the findings view (icons) and the status bar (counts) share, so they agree.
 * The client imports it too (no server dependencies).
 */
export type EditorLevel = 'error' | 'warning' | 'information';

const BY_SEVERITY: readonly EditorLevel[] = ['information', 'warning', 'error'];
const RANK: Record<FindingLevel, number> = { low: 0, medium: 1, high: 2 };

/**
 * high severity: error, medium: warning, low: information; a low-confidence finding one
 * step lower, but never below information. Hints are hidden from the Problems panel, so
 * a finding that is counted anywhere is never one.
 */
export function editorLevel(severity: FindingLevel, confidence: FindingLevel): EditorLevel {
  const rank = RANK[severity] - (confidence === 'low' ? 1 : 0);
  return BY_SEVERITY[Math.max(0, rank)];
}

export const EDITOR_LEVELS_WORST_FIRST: readonly EditorLevel[] = ['error', 'warning', 'information'];
