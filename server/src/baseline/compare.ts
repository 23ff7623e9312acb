import { parsePython } from '../engine/parser';
import type { ScanResult } from '../scan/scan';
import { baselinePath, type Baseline, type BaselineEntry } from './baselineFile';
import { fingerprintFindings, type Fingerprinted } from './fingerprint';

/** A finding against the baseline: in it ('unchanged') or not ('new'); SARIF's baselineState words. */
export type BaselineState = 'new' | 'unchanged';

/** One file's findings with their fingerprints, and their states when compared with a baseline (same order as the findings). */
export interface FileMarks {
  fingerprints: Fingerprinted[];
  states: BaselineState[];
}

/** The states of fingerprinted findings against a baseline (all 'new' without one). */
export function statesOf(fingerprints: readonly Fingerprinted[], baseline: Baseline | undefined): BaselineState[] {
  return fingerprints.map((f) => (baseline?.fingerprints.has(f.fingerprint) ? 'unchanged' : 'new'));
}

/**
 * Fingerprints every finding of a scan, relative to `root` (the baseline's folder), and
 * compares them with `baseline`. Files with findings are parsed once more for their
 * statements (the scan does not keep trees).
 */
export function markScan(result: ScanResult, root: string, baseline?: Baseline): Map<string, FileMarks> {
  const marks = new Map<string, FileMarks>();
  for (const report of result.files) {
    if (report.findings.length === 0) continue;
    const tree = parsePython(report.text);
    const fingerprints = fingerprintFindings(report.findings, report.text, tree.rootNode, baselinePath(report.file, root));
    marks.set(report.file, { fingerprints, states: statesOf(fingerprints, baseline) });
  }
  return marks;
}

/** The scan with only the findings that are not in the baseline (for the text and JSON reports and the exit status). */
export function newFindingsOnly(result: ScanResult, marks: ReadonlyMap<string, FileMarks>): { result: ScanResult; baselined: number } {
  let baselined = 0;
  const files = result.files.map((report) => {
    const states = marks.get(report.file)?.states;
    if (!states) return report;
    const findings = report.findings.filter((_, i) => states[i] === 'new');
    baselined += report.findings.length - findings.length;
    // A report's text and line index are read lazily: keep the getters by copying the object's descriptors.
    return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(report), findings: { value: findings, enumerable: true } }) as typeof report;
  });
  return { result: { ...result, files }, baselined };
}

/** Baseline entries of the scanned files that no finding matched any more (SARIF's 'absent' results). */
export function absentEntries(baseline: Baseline, result: ScanResult, marks: ReadonlyMap<string, FileMarks>): BaselineEntry[] {
  const scanned = new Set(result.files.map((r) => baselinePath(r.file, baseline.root)));
  const found = new Set([...marks.values()].flatMap((m) => m.fingerprints.map((f) => f.fingerprint)));
  return baseline.entries.filter((e) => scanned.has(e.file) && !found.has(e.fingerprint));
}

/** Baseline entries for every finding of a scan. */
export function entriesOf(result: ScanResult, marks: ReadonlyMap<string, FileMarks>, root: string): BaselineEntry[] {
  return result.files.flatMap((report) =>
    (marks.get(report.file)?.fingerprints ?? []).map((f, i) => ({
      file: baselinePath(report.file, root),
      rule: report.findings[i].ruleId,
      statement: f.statement,
      occurrence: f.occurrence,
      fingerprint: f.fingerprint,
    })),
  );
}
