import type { AnalysisResult } from '../engine/engine';
import { parsePython } from '../engine/parser';
import type { Finding, Fix, TextEdit, Tree } from '../engine/types';
import { applyEdits, editsConflict, uniqueEdits } from './edits';
import { syntaxProblems } from './syntaxCheck';
import { lineEditsBetween } from './textDiff';

/** ESLint stops after 10 passes too: enough for fixes that overlap a few deep, bounded for the ones that never settle. */
export const MAX_FIX_ROUNDS = 10;

/** Analyses a version of the document's text with the document's path and options (`tree`: already parsed from `text`). */
export type AnalyseText = (text: string, tree?: Tree) => AnalysisResult;

export interface AppliedFix {
  ruleId: string;
  title: string;
  /** The finding the fix belonged to, as reported in the text of its round. */
  finding: Finding;
  /** The fix's edits, as offsets into the text of its round. */
  edits: TextEdit[];
}

export interface FixRound {
  /** The text the round started from; `applied` edits are offsets into it. */
  before: string;
  applied: AppliedFix[];
}

export interface RejectedFix {
  ruleId: string;
  title: string;
  reason: string;
}

export interface FixAllResult {
  /** The text after every round. */
  text: string;
  rounds: FixRound[];
  /** Fixes left out because they broke the syntax or were malformed (a rule bug; reported, never applied). */
  rejected: RejectedFix[];
  /** False when safe fixes were still on offer after the last allowed round. */
  converged: boolean;
  /** Analysis of the final text: what remains. */
  analysis: AnalysisResult;
}

export interface FixAllOptions {
  maxRounds?: number;
  /** Which fixes to apply; default: the safe ones. */
  accept?: (fix: Fix, finding: Finding) => boolean;
  /** The analysis of `text` when the caller already has it (the language server does). */
  initial?: AnalysisResult;
}

const isSafe = (fix: Fix): boolean => fix.applicability === 'safe';

/** A fix's identity that survives the offsets moving between rounds. */
function fixKey(ruleId: string, fix: Fix, text: string): string {
  return [ruleId, fix.title, ...fix.edits.map((e) => `${text.slice(e.start, e.end)}\u0000${e.newText}`)].join('\u0001');
}

function wellFormed(edits: readonly TextEdit[], length: number): boolean {
  if (edits.some((e) => !(e.start >= 0 && e.start <= e.end && e.end <= length))) return false;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.every((e, i) => i === 0 || e.start >= sorted[i - 1].end);
}

/**
 * Applies every accepted fix of a document, round by round: each round takes the fixes
 * of the current analysis in document order, keeps those whose edits do not touch an
 * edit already taken, applies them together and re-analyses, so fixes that overlap land
 * in later rounds. A round whose result has more syntax problems (syntaxCheck.ts) than
 * its input is retried fix by fix and the culprits are rejected. Shared by the language server and the CLI.
 */
export function fixAll(text: string, analyseText: AnalyseText, options: FixAllOptions = {}): FixAllResult {
  const maxRounds = options.maxRounds ?? MAX_FIX_ROUNDS;
  const accept = options.accept ?? isSafe;
  const rounds: FixRound[] = [];
  const rejected: RejectedFix[] = [];
  const rejectedKeys = new Set<string>();
  let current = text;
  let analysis = options.initial ?? analyseText(current);
  let problems = syntaxProblems(parsePython(current), current);
  const problemsIn = (text: string): { tree: Tree; problems: number } => {
    const tree = parsePython(text);
    return { tree, problems: syntaxProblems(tree, text) };
  };
  let converged = false;

  const reject = (c: AppliedFix, fix: Fix, reason: string): void => {
    rejectedKeys.add(fixKey(c.ruleId, fix, current));
    rejected.push({ ruleId: c.ruleId, title: c.title, reason });
  };

  for (let round = 0; ; round++) {
    const chosen: { applied: AppliedFix; fix: Fix }[] = [];
    for (const finding of analysis.findings) {
      // A finding's first acceptable fix is its fix; its alternatives exclude each other.
      const fix = finding.fixes.find((f) => {
        if (!accept(f, finding) || rejectedKeys.has(fixKey(finding.ruleId, f, current))) return false;
        if (wellFormed(f.edits, current.length)) return true;
        reject({ ruleId: finding.ruleId, title: f.title, finding, edits: f.edits }, f, 'edits out of range or overlapping each other');
        return false;
      });
      if (!fix || chosen.some((c) => editsConflict(c.fix.edits, fix.edits))) continue;
      chosen.push({ applied: { ruleId: finding.ruleId, title: fix.title, finding, edits: fix.edits }, fix });
    }
    if (chosen.length === 0) {
      converged = true;
      break;
    }
    if (round >= maxRounds) break;

    let next = applyEdits(current, chosen.flatMap((c) => c.fix.edits));
    let checked = problemsIn(next);
    let kept = chosen;
    if (checked.problems > problems) {
      kept = chosen.filter((c) => {
        if (problemsIn(applyEdits(current, c.fix.edits)).problems <= problems) return true;
        reject(c.applied, c.fix, 'the fixed text does not parse');
        return false;
      });
      if (kept.length === 0) continue;
      next = applyEdits(current, kept.flatMap((c) => c.fix.edits));
      checked = problemsIn(next);
      if (checked.problems > problems) {
        // Fine alone, broken together: keep the first only; the others come back next round.
        kept = kept.slice(0, 1);
        next = applyEdits(current, kept[0].fix.edits);
        checked = problemsIn(next);
      }
    }
    const nextAnalysis = analyseText(next, checked.tree);
    rounds.push({ before: current, applied: kept.map((c) => c.applied) });
    if (next === current) {
      // Fixes that change nothing would be offered forever.
      kept.forEach((c) => reject(c.applied, c.fix, 'the fix changes nothing'));
    }
    current = next;
    analysis = nextAnalysis;
    problems = checked.problems;
  }
  return { text: current, rounds, rejected, converged, analysis };
}

/** How many fixes of each rule were applied over all rounds. */
export function appliedByRule(result: FixAllResult): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const round of result.rounds) for (const a of round.applied) byRule[a.ruleId] = (byRule[a.ruleId] ?? 0) + 1;
  return byRule;
}

/** How many fixes were applied over all rounds. */
export function appliedCount(result: FixAllResult): number {
  return result.rounds.reduce((n, r) => n + r.applied.length, 0);
}

/**
 * Edits that turn the text fix-all started from into its result: the fixes' own edits
 * after one round, whole-line edits from a diff when later rounds edited earlier results.
 */
export function resultEdits(result: FixAllResult): TextEdit[] {
  if (result.rounds.length === 0) return [];
  // Fixes of one round may share an edit (removing `import six` rewrites the uses other findings fix too):
  // applyEdits counts it once, and so must an editor, which refuses overlapping ranges.
  if (result.rounds.length === 1) return uniqueEdits(result.rounds[0].applied.flatMap((a) => a.edits)).sort((a, b) => a.start - b.start || a.end - b.end);
  return lineEditsBetween(result.rounds[0].before, result.text);
}
