import * as path from 'path';
import { ExcludeMatcher } from '../config/exclude';
import { findProjectConfig, type ProjectConfig } from '../config/pyproject';
import { mergeConfig, toLintOptions } from '../config/resolve';
import type { RawConfig } from '../config/schema';
import { analyse, type ActiveRule } from '../engine/engine';
import type { LineIndex } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import type { Finding } from '../engine/types';
import { findPythonFiles, readPythonSource } from './files';

export const DEFAULT_CLI_MAX_FILE_SIZE = 10 * 1024 * 1024;

export interface FileReport {
  file: string;
  text: string;
  lineIndex: LineIndex;
  findings: Finding[];
  suppressed: number;
  syntaxErrors: number;
}

export interface ScanResult {
  files: FileReport[];
  skipped: { file: string; reason: string }[];
  lines: number;
  /** Folder of the pyproject.toml in effect, or of the first scanned path. */
  root: string;
}

export interface ScanRequest {
  paths: string[];
  /** Configuration from the command line, laid over pyproject.toml. */
  overrides: RawConfig;
  rules: readonly ActiveRule[];
  /** Skip pyproject.toml discovery (for `--isolated`). */
  isolated?: boolean;
}

/** The effective configuration of a scan: pyproject.toml found from the first path, under the overrides. */
export function resolveScanConfig(request: ScanRequest): { project: ProjectConfig; config: RawConfig; options: LintOptions } {
  const project = request.isolated ? { root: process.cwd(), config: {} } : findProjectConfig(request.paths[0] ?? '.');
  const config = mergeConfig(project.config, request.overrides);
  return { project, config, options: toLintOptions(config) };
}

export function scan(request: ScanRequest): ScanResult {
  const { project, config, options } = resolveScanConfig(request);
  const exclude = new ExcludeMatcher(config.exclude ?? [], project.root);
  const files = findPythonFiles(request.paths, exclude);
  const maxBytes = config['max-file-size'] ?? DEFAULT_CLI_MAX_FILE_SIZE;
  const result: ScanResult = { files: [], skipped: [], lines: 0, root: project.root };
  for (const file of files) {
    const read = readPythonSource(file, maxBytes);
    if (!read.ok) {
      result.skipped.push({ file, reason: read.reason });
      continue;
    }
    const analysis = analyse({ path: path.relative(project.root, file) || file, text: read.text }, request.rules, options);
    if (analysis.skipped) {
      result.skipped.push({ file, reason: `skipped: ${analysis.skipped}` });
      continue;
    }
    result.lines += analysis.lineIndex.lineCount;
    result.files.push({ file, text: read.text, lineIndex: analysis.lineIndex, findings: analysis.findings, suppressed: analysis.suppressed, syntaxErrors: analysis.syntaxErrors });
  }
  return result;
}
