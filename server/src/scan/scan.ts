import { rulePath, type ResolvedConfig } from '../config/resolver';
import type { RawConfig } from '../config/schema';
import type { ActiveRule } from '../engine/engine';
import { LineIndex } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import type { Finding } from '../engine/types';
import { ALL_CHECKS } from '../rules';
import { WorkspaceSummaries, type ModuleSummaries } from '../analysis/interproc/workspace';
import { analyseFile, isFileOutcome, summariseJob, type FileOutcome, type SummaryOutcome } from './fileAnalysis';
import { readPythonSource, walkPythonFiles } from './files';
import { availableThreads, ScanPool, workerScriptPath, type PoolJob } from './pool';
import { ScanConfigs } from './scanConfigs';

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
  /** Files not analysed; `unreadable` ones (and folders) could not be read at all, the others were left out on purpose (size, binary, parse limits). */
  skipped: { file: string; reason: string; unreadable: boolean }[];
  lines: number;
  /** Python files found (after excludes): analysed, skipped or not. */
  scanned: number;
  /** The project root of the first scanned path: folder of its pyproject.toml, else the working folder. */
  root: string;
  /** Baseline files the scanned projects' pyproject.toml name (or `--baseline`), with where each is named. */
  baselines: { file: string; from: string }[];
}

export interface ScanRequest {
  paths: string[];
  /** Configuration from the command line, laid over pyproject.toml. */
  overrides: RawConfig;
  rules: readonly ActiveRule[];
  /** Skip pyproject.toml discovery (for `--isolated`). */
  isolated?: boolean;
  /**
   * Worker threads to analyse on. Unset: one per core for a large scan, none for a few
   * files. A number (1 too) always uses that many workers; 0 keeps the scan on this thread.
   */
  jobs?: number;
}

export interface ScanConfig extends ResolvedConfig {
  project: { file?: string; root: string };
}

/**
 * The configuration of the first scanned path (each file of a scan gets its own project's:
 * ScanConfigs). Throws InvalidSettings when its pyproject.toml has a problem.
 */
export function resolveScanConfig(request: ScanRequest): ScanConfig {
  const resolved = new ScanConfigs(request).forPath(request.paths[0] ?? '.');
  return { ...resolved, project: { ...(resolved.pyproject ? { file: resolved.pyproject } : {}), root: resolved.root } };
}

/** A scan's files as jobs, each with its own project's options (by index) and size limit, and its rule path. */
export function scanJobs(files: readonly string[], configs: ScanConfigs): { jobs: Required<PoolJob>[]; optionSets: LintOptions[] } {
  const optionSets: LintOptions[] = [];
  const indexOf = new Map<ResolvedConfig, number>();
  const jobs = files.map((file) => {
    const config = configs.forFile(file);
    let optionSet = indexOf.get(config);
    if (optionSet === undefined) {
      optionSet = optionSets.push(config.options) - 1;
      indexOf.set(config, optionSet);
    }
    return { file, shownPath: rulePath(file, config.root), optionSet, maxBytes: config.maxFileSize };
  });
  return { jobs, optionSets };
}

/** Below this many files a scan stays on the calling thread: starting workers would cost more than it saves. */
export const MIN_FILES_FOR_WORKERS = 48;

export function scan(request: ScanRequest): ScanResult {
  const configs = new ScanConfigs(request);
  const { root } = configs.forPath(request.paths[0] ?? '.');
  const { files, unreadable } = walkPythonFiles(request.paths, configs);
  const { jobs, optionSets } = scanJobs(files, configs);
  // Two phases on the same workers: the functions' summaries of every file first, then the findings with the workspace's summaries.
  const pool = openPool(jobs, request, optionSets);
  let summaries: ModuleSummaries[];
  let outcomes: (FileOutcome | SummaryOutcome | undefined)[] | undefined;
  try {
    summaries = summariseWorkspace(jobs, request, optionSets, pool);
    outcomes = pool?.run('analyse', summaries.length > 0 ? summaries : undefined);
  } finally {
    pool?.stop();
  }
  const workspace = summaries.length > 0 ? new WorkspaceSummaries(summaries) : undefined;
  const result: ScanResult = { files: [], skipped: unreadable.map((u) => ({ ...u, unreadable: true })), lines: 0, root, scanned: files.length, baselines: configs.baselines() };
  jobs.forEach((job, i) => {
    // A job a worker never reported (it died) is done here, so a scan never loses a file.
    const sent = outcomes?.[i];
    const outcome = sent && isFileOutcome(sent) ? sent : analyseFile(job.file, job.shownPath, request.rules, optionSets[job.optionSet], job.maxBytes, workspace);
    if (!outcome.ok) {
      result.skipped.push({ file: job.file, reason: outcome.reason, unreadable: outcome.unreadable });
      return;
    }
    result.lines += outcome.lines;
    result.files.push(fileReport(job.file, outcome.text, job.maxBytes, outcome));
  });
  return result;
}

/** A report whose text (and line index) is read again from disk on first use when the worker did not send it. */
function fileReport(file: string, sent: string | undefined, maxBytes: number, outcome: { findings: Finding[]; suppressed: number; syntaxErrors: number }): FileReport {
  let text = sent;
  let lineIndex: LineIndex | undefined;
  const textNow = (): string => {
    if (text === undefined) {
      const read = readPythonSource(file, maxBytes);
      text = read.ok ? read.text : '';
    }
    return text;
  };
  return {
    file,
    get text() {
      return textNow();
    },
    get lineIndex() {
      lineIndex ??= new LineIndex(textNow());
      return lineIndex;
    },
    findings: outcome.findings,
    suppressed: outcome.suppressed,
    syntaxErrors: outcome.syntaxErrors,
  };
}

/** More workers than this stop paying for their start-up and memory. */
const MAX_WORKERS = 16;

/**
 * The first phase: summaries of the functions of every file (plain data) for taint across
 * modules. Needs at least two files and a selected rule that can be followed across calls.
 */
function summariseWorkspace(jobs: Required<PoolJob>[], request: ScanRequest, optionSets: LintOptions[], pool: ScanPool | undefined): ModuleSummaries[] {
  if (jobs.length < 2 || !request.rules.some((rule) => rule.check.taintSinks)) return [];
  const outcomes = pool?.run('summaries');
  const summaries: ModuleSummaries[] = [];
  jobs.forEach((job, i) => {
    const sent = outcomes?.[i];
    const outcome = sent && !isFileOutcome(sent) ? sent : summariseJob(job.file, job.shownPath, request.rules, optionSets[job.optionSet], job.maxBytes);
    if (outcome.summaries && outcome.summaries.functions.length > 0) summaries.push(outcome.summaries);
  });
  return summaries;
}

/** The scan's worker threads, or undefined when this scan runs on the calling thread. */
function openPool(jobs: Required<PoolJob>[], request: ScanRequest, optionSets: LintOptions[]): ScanPool | undefined {
  if (request.jobs === 0 || jobs.length === 0) return undefined;
  if (request.jobs === undefined && jobs.length < MIN_FILES_FOR_WORKERS) return undefined;
  // Workers load the built-in rules themselves; a scan with other check code stays here.
  const builtIn = new Set(ALL_CHECKS);
  if (!request.rules.every((rule) => builtIn.has(rule.check))) return undefined;
  const script = workerScriptPath();
  if (!script) return undefined;
  // Even one worker is worth it for a large scan: its event loop turns, so parsed trees are freed as it goes.
  const threads = Math.max(1, Math.min(request.jobs ?? availableThreads(), MAX_WORKERS, Math.ceil(jobs.length / 8)));
  return new ScanPool(jobs, request.rules.map((rule) => rule.meta), optionSets, threads, script);
}
