import type { Level } from '../../server/src/engine/types';
import { labelKey, type Label } from './labels';

/** One finding on the corpus, located the way labels name it. */
export interface CorpusFinding {
  package: string;
  path: string;
  rule: string;
  line: number;
  confidence: Level;
  message: string;
  /** The source line the finding starts on. */
  statement: string;
  fingerprint: string;
}

export interface Matching {
  labelOf: Map<CorpusFinding, Label>;
  /** Labels whose finding is gone (a rule change removed it, or the code changed). */
  stale: Label[];
}

export function matchLabels(findings: readonly CorpusFinding[], labels: readonly Label[]): Matching {
  const byKey = new Map(labels.map((label) => [labelKey(label), label]));
  const labelOf = new Map<CorpusFinding, Label>();
  const used = new Set<Label>();
  for (const finding of findings) {
    const label = byKey.get(labelKey(finding));
    if (label) {
      labelOf.set(finding, label);
      used.add(label);
    }
  }
  return { labelOf, stale: labels.filter((label) => !used.has(label)) };
}

export interface Tally {
  findings: number;
  judged: number;
  tp: number;
}

const emptyTally = (): Tally => ({ findings: 0, judged: 0, tp: 0 });

export function precision(tally: Tally): number | undefined {
  return tally.judged === 0 ? undefined : tally.tp / tally.judged;
}

export interface RuleStats {
  rule: string;
  enabled: boolean;
  all: Tally;
  byLevel: Record<Level, Tally>;
  /** Findings per package (for per-kloc figures of one package). */
  byPackage: Map<string, number>;
  /** Labels of findings no longer reported: how many were judged TP and FP. */
  goneTp: number;
  goneFp: number;
}

function add(tally: Tally, label: Label | undefined): void {
  tally.findings++;
  if (!label) return;
  tally.judged++;
  if (label.verdict === 'TP') tally.tp++;
}

/** Per-rule tallies, for every rule id given (rules without findings get empty rows). */
export function tallyRules(rules: readonly { id: string; enabled: boolean }[], findings: readonly CorpusFinding[], matching: Matching): RuleStats[] {
  const stats = new Map<string, RuleStats>();
  for (const rule of rules) {
    stats.set(rule.id, { rule: rule.id, enabled: rule.enabled, all: emptyTally(), byLevel: { high: emptyTally(), medium: emptyTally(), low: emptyTally() }, byPackage: new Map(), goneTp: 0, goneFp: 0 });
  }
  for (const finding of findings) {
    const row = stats.get(finding.rule);
    if (!row) continue;
    const label = matching.labelOf.get(finding);
    add(row.all, label);
    add(row.byLevel[finding.confidence], label);
    row.byPackage.set(finding.package, (row.byPackage.get(finding.package) ?? 0) + 1);
  }
  for (const label of matching.stale) {
    const row = stats.get(label.rule);
    if (!row) continue;
    if (label.verdict === 'TP') row.goneTp++;
    else row.goneFp++;
  }
  return [...stats.values()];
}

/**
 * Precision over several rules, each rule's judged precision weighted by its number of
 * findings: the judged samples are drawn per rule, so pooling them raw would let a small rule
 * with every finding judged weigh as much as a large one sampled. Rules with findings but no
 * judged ones are left out (and reported as unjudged).
 */
export function weightedPrecision(tallies: readonly Tally[]): number | undefined {
  let weight = 0;
  let sum = 0;
  for (const tally of tallies) {
    const p = precision(tally);
    if (p === undefined) continue;
    weight += tally.findings;
    sum += tally.findings * p;
  }
  return weight === 0 ? undefined : sum / weight;
}

export interface Targets {
  rulePrecision: number;
  overallPrecision: number;
  high: number;
  medium: number;
  /** Default findings per 1,000 lines of the reference package. */
  perKloc: number;
}

export const TARGETS: Targets = { rulePrecision: 0.8, overallPrecision: 0.8, high: 0.9, medium: 0.7, perKloc: 1 };

export interface Summary {
  defaultPrecision: number | undefined;
  levelPrecision: Record<Level, number | undefined>;
  referencePerKloc: number;
}

/** Figures over the default rules: overall and per-confidence precision, findings per kloc of the reference package. */
export function summarise(stats: readonly RuleStats[], referencePackage: string, referenceLines: number): Summary {
  const defaults = stats.filter((row) => row.enabled);
  const level = (l: Level): number | undefined => weightedPrecision(defaults.map((row) => row.byLevel[l]));
  const referenceFindings = defaults.reduce((sum, row) => sum + (row.byPackage.get(referencePackage) ?? 0), 0);
  return {
    defaultPrecision: weightedPrecision(defaults.map((row) => row.all)),
    levelPrecision: { high: level('high'), medium: level('medium'), low: level('low') },
    referencePerKloc: referenceLines === 0 ? 0 : (1000 * referenceFindings) / referenceLines,
  };
}

/** Where the default rules miss the targets; empty when they meet them all. */
export function targetProblems(stats: readonly RuleStats[], summary: Summary, targets: Targets = TARGETS): string[] {
  const problems: string[] = [];
  const pct = (p: number): string => `${Math.round(100 * p)}%`;
  for (const row of stats.filter((r) => r.enabled)) {
    const p = precision(row.all);
    if (row.all.findings > 0 && p === undefined) problems.push(`${row.rule}: ${row.all.findings} findings, none judged`);
    else if (p !== undefined && p < targets.rulePrecision) problems.push(`${row.rule}: precision ${pct(p)} below ${pct(targets.rulePrecision)} (make it opt-in or fix it)`);
  }
  const overall = summary.defaultPrecision;
  if (overall !== undefined && overall < targets.overallPrecision) problems.push(`default rules overall: precision ${pct(overall)} below ${pct(targets.overallPrecision)}`);
  const high = summary.levelPrecision.high;
  if (high !== undefined && high < targets.high) problems.push(`high confidence: precision ${pct(high)} below ${pct(targets.high)}`);
  const medium = summary.levelPrecision.medium;
  if (medium !== undefined && medium < targets.medium) problems.push(`medium confidence: precision ${pct(medium)} below ${pct(targets.medium)}`);
  if (summary.referencePerKloc > targets.perKloc) problems.push(`${summary.referencePerKloc.toFixed(2)} default findings per 1,000 lines of the reference package, above ${targets.perKloc}`);
  return problems;
}
