import * as path from 'path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { rulePath } from '../config/resolver';
import { analyse } from '../engine/engine';
import { appliedByRule, appliedCount, fixAll, type RejectedFix } from '../fixes/fixAll';
import { describeFixes, describeRules } from '../fixes/fixSummary';
import { walkPythonFiles } from '../scan/files';
import type { ScanRequest } from '../scan/scan';
import { ScanConfigs } from '../scan/scanConfigs';
import { encodeSource, readRewritableSource } from '../scan/sourceEncoding';
import { replaceFileContent } from './atomicWrite';
import { escapeControls } from './textFormat';

export interface FixRequest extends ScanRequest {
  /** Write the fixed files (`--fix`); otherwise only compute them (`--diff`). */
  write: boolean;
  /** Apply unsafe fixes too (`--unsafe-fixes`). */
  unsafe: boolean;
}

export interface FixedFile {
  file: string;
  before: string;
  after: string;
  fixes: number;
  /** Fixes applied, by rule id. */
  byRule: Record<string, number>;
  rejected: RejectedFix[];
  /** False when fixes were still on offer after the last round. */
  converged: boolean;
}

export interface FixRun {
  files: FixedFile[];
  /**
   * Files not fixed; `unwritable` ones were readable but cannot be written back faithfully;
   * `failed` ones needed fixing but could not be written (or changed since they were read):
   * the run goes on with the other files, and the CLI exits 2.
   */
  skipped: { file: string; reason: string; unwritable: boolean; failed?: boolean }[];
}

/** True when a file that needed fixing could not be written. */
export function failedAny(run: FixRun): boolean {
  return run.skipped.some((s) => s.failed === true);
}

/** True when `--fix` changed (or `--diff` would change) at least one file. */
export function changesAny(run: FixRun): boolean {
  return run.files.some((f) => f.before !== f.after);
}

/** `--fix` and `--diff`: every file of the scan through fix-all, written back in its own encoding. */
export function fixFiles(request: FixRequest): FixRun {
  // Each file with its own project's configuration, as the scan does.
  const configs = new ScanConfigs(request);
  const run: FixRun = { files: [], skipped: [] };
  for (const file of walkPythonFiles(request.paths, configs).files) {
    const { root, options, maxFileSize } = configs.forFile(file);
    const read = readRewritableSource(file, maxFileSize);
    if (!read.ok) {
      run.skipped.push({ file, reason: read.reason, unwritable: read.unwritable });
      continue;
    }
    const analysedPath = rulePath(file, root);
    const result = fixAll(read.source.text, (text, tree) => analyse({ path: analysedPath, text, tree }, request.rules, options), {
      accept: (fix) => fix.applicability === 'safe' || request.unsafe,
    });
    const changed = result.text !== read.source.text;
    if (!changed && result.rejected.length === 0) continue;
    const fixed: FixedFile = { file, before: read.source.text, after: result.text, fixes: appliedCount(result), byRule: appliedByRule(result), rejected: result.rejected, converged: result.converged };
    if (request.write && changed) {
      const bytes = encodeSource(result.text, read.source);
      if (!bytes) {
        run.skipped.push({ file, reason: `not fixed: the fixed text cannot be written in ${read.source.encoding}`, unwritable: true });
        continue;
      }
      const written = replaceFileContent(file, bytes, read);
      if (!written.ok) {
        run.skipped.push({ file, reason: written.reason, unwritable: true, failed: true });
        continue;
      }
    }
    run.files.push(fixed);
  }
  return run;
}

/** Unified diffs of what `--fix` would change, one per file, paths as the scan found them. */
export function formatDiffs(run: FixRun): string {
  return run.files
    .filter((f) => f.before !== f.after)
    .map((f) => {
      const name = f.file.split(path.sep).join('/');
      return createTwoFilesPatch(name, name, f.before, f.after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
    })
    .join('');
}

export function summariseFixes(run: FixRun, wrote: boolean): string {
  const fixes = run.files.reduce((n, f) => n + f.fixes, 0);
  const changedFiles = run.files.filter((f) => f.before !== f.after);
  const byRule: Record<string, number> = {};
  for (const f of run.files) for (const [id, n] of Object.entries(f.byRule)) byRule[id] = (byRule[id] ?? 0) + n;
  const lines: string[] = [];
  for (const f of run.files) {
    for (const r of f.rejected) lines.push(`dvr-hints: ${f.file}: ${r.ruleId} fix '${r.title}' not applied: ${r.reason}`);
    if (!f.converged) lines.push(`dvr-hints: ${f.file}: fixes still on offer after the last round; run again`);
  }
  // What changed where: one line per file, then the total.
  for (const f of changedFiles) lines.push(`dvr-hints: ${escapeControls(f.file)}: ${wrote ? 'fixed' : 'would fix'} ${describeRules(f.byRule)}`);
  lines.push(`dvr-hints: ${describeFixes(fixes, changedFiles.length, byRule, !wrote)}`);
  return lines.join('\n') + '\n';
}
