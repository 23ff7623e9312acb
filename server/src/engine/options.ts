import { DEFAULT_ANALYSIS_SETTINGS, levelRank, type AnalysisSettings, type Level, type RuleMeta } from './types';

/** Which rules run and which findings are kept: the part of configuration the engine needs. */
export interface LintOptions {
  /** Rule ids or id prefixes (`DVR1`, `DVR30`); undefined means every rule enabled by default. */
  select?: string[];
  /** Added to the selection (ids or prefixes), e.g. to opt into DVR504. */
  extendSelect: string[];
  ignore: string[];
  severity: Record<string, Level>;
  minSeverity: Level;
  minConfidence: Level;
  analysis: AnalysisSettings;
}

export const DEFAULT_LINT_OPTIONS: LintOptions = {
  extendSelect: [],
  ignore: [],
  severity: {},
  minSeverity: 'low',
  minConfidence: 'low',
  analysis: DEFAULT_ANALYSIS_SETTINGS,
};

function matches(patterns: readonly string[], id: string): boolean {
  return patterns.some((p) => p === 'ALL' || id.startsWith(p.toUpperCase()));
}

/** Whether a rule runs under these options. More specific patterns win, as in Ruff. */
export function isRuleSelected(rule: RuleMeta, options: LintOptions): boolean {
  const selectedBy = (patterns: readonly string[] | undefined): number =>
    patterns ? Math.max(-1, ...patterns.filter((p) => matches([p], rule.id)).map((p) => (p === 'ALL' ? 0 : p.length))) : -1;
  const selected = Math.max(options.select ? selectedBy(options.select) : rule.enabled ? 0 : -1, selectedBy(options.extendSelect));
  const ignored = selectedBy(options.ignore);
  return selected >= 0 && selected > ignored;
}

export function meetsThresholds(severity: Level, confidence: Level, options: LintOptions): boolean {
  return levelRank(severity) >= levelRank(options.minSeverity) && levelRank(confidence) >= levelRank(options.minConfidence);
}
