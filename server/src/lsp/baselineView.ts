import * as fs from 'fs';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { BaselineError, baselinePath, readBaseline, type Baseline } from '../baseline/baselineFile';
import { statesOf } from '../baseline/compare';
import { fingerprintFindings } from '../baseline/fingerprint';
import type { Finding, SyntaxNode } from '../engine/types';
import type { BaselineMode } from './settings';

/**
 * The editor's view of a baseline (the file `dvr-hints scan --write-baseline` writes, named
 * by `dvrHints.baseline` or `baseline` in pyproject.toml): a file's findings split into new
 * ones and baselined ones, which show as hints or not at all (`dvrHints.baselineMode`).
 * Baselines are read once and again when the file changes on disk (size or time).
 */
export class EditorBaselines {
  private readonly cache = new Map<string, { stamp: string; baseline?: Baseline }>();

  constructor(private readonly report: (file: string, message: string) => void) {}

  /** The baseline at `file`, or undefined when it cannot be used (reported once per change of the file). */
  baselineAt(file: string): Baseline | undefined {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.size}:${stat.mtimeMs}`;
    } catch {
      stamp = 'missing';
    }
    const cached = this.cache.get(file);
    if (cached && cached.stamp === stamp) return cached.baseline;
    let baseline: Baseline | undefined;
    try {
      baseline = readBaseline(file);
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      this.report(file, error.message);
    }
    this.cache.set(file, { stamp, ...(baseline ? { baseline } : {}) });
    return baseline;
  }

  /** A file's findings split by the baseline (in the findings' order). */
  split(findings: readonly Finding[], text: string, root: SyntaxNode, filePath: string, baseline: Baseline): { fresh: Finding[]; baselined: Finding[] } {
    const states = statesOf(fingerprintFindings(findings, text, root, baselinePath(filePath, baseline.root)), baseline);
    return { fresh: findings.filter((_, i) => states[i] === 'new'), baselined: findings.filter((_, i) => states[i] === 'unchanged') };
  }
}

/** A baselined finding's diagnostic in 'hint' mode: a hint that says why it is only a hint. */
export function baselinedDiagnostic(diagnostic: Diagnostic, mode: BaselineMode): Diagnostic | undefined {
  if (mode === 'hide') return undefined;
  return { ...diagnostic, severity: DiagnosticSeverity.Hint, message: `${diagnostic.message} (in the baseline)`, data: { ...(diagnostic.data as object), baselined: true } };
}
