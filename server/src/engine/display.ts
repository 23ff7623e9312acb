import type { AnalysisResult } from './engine';
import { isRuleSelected, meetsThresholds, type LintOptions } from './options';
import type { Finding, RuleMeta } from './types';

/**
 * Display-only options: `select`, `extend-select`, `ignore`, `severity`, `min-severity` and
 * `min-confidence` decide which findings are shown and at what severity, never what the
 * rules find. The language server analyses with every rule (`analysisOptions`) and applies
 * these when it publishes (`displayResult`), so changing one of them re-filters the cached
 * findings instead of analysing again. The findings equal an analysis with the options
 * themselves (server/test/display.test.ts).
 */

/** The options an analysis runs with when the display options are applied afterwards: every rule, nothing filtered. */
export function analysisOptions(options: LintOptions): LintOptions {
  return { ...options, select: ['ALL'], extendSelect: [], ignore: [], severity: {}, minSeverity: 'low', minConfidence: 'low' };
}

/** A stable key of what an analysis depends on in the options (the display part left out). */
export function analysisSignature(options: LintOptions): string {
  return JSON.stringify(options.analysis);
}

/** The findings of an unfiltered analysis (`analysisOptions`) that the display options show, with their severity overrides. */
export function displayFindings(findings: readonly Finding[], catalogue: ReadonlyMap<string, RuleMeta>, options: LintOptions): Finding[] {
  const shown: Finding[] = [];
  for (const finding of findings) {
    const meta = catalogue.get(finding.ruleId);
    if (!meta || !isRuleSelected(meta, options)) continue;
    const severity = options.severity[finding.ruleId] ?? finding.severity;
    if (!meetsThresholds(severity, finding.confidence, options)) continue;
    shown.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return shown;
}

/** `displayFindings` over a whole result (suppression counts stay those of the unfiltered analysis). */
export function displayResult(raw: AnalysisResult, catalogue: ReadonlyMap<string, RuleMeta>, options: LintOptions): AnalysisResult {
  return { ...raw, findings: displayFindings(raw.findings, catalogue, options) };
}
