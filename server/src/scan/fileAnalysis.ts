import { summariseFile } from '../analysis/interproc/export';
import type { ModuleSummaries, WorkspaceSummaries } from '../analysis/interproc/workspace';
import { analyse, type ActiveRule } from '../engine/engine';
import type { LintOptions } from '../engine/options';
import type { Finding } from '../engine/types';
import { readPythonSource } from './files';

/** What scanning one file gives, as plain data (it crosses from a worker thread to the main one). */
export type FileOutcome =
  /** `text` is left out (undefined) when a worker saw no findings: copying every file's text back costs more than reading it again the rare time it is wanted. */
  | { ok: true; text?: string; lines: number; findings: Finding[]; suppressed: number; syntaxErrors: number }
  /** `unreadable`: the file could not be read (an error), rather than left out on purpose. */
  | { ok: false; reason: string; unreadable: boolean };

/** A file's function summaries (the first phase of a scan), as plain data; undefined when it cannot be read or parsed. */
export type SummaryOutcome = { summaries?: ModuleSummaries };

export function isFileOutcome(outcome: FileOutcome | SummaryOutcome): outcome is FileOutcome {
  return 'ok' in outcome;
}

/** Reads, parses and analyses one file. `shownPath` is the path rules see (relative to the project root). */
export function analyseFile(file: string, shownPath: string, rules: readonly ActiveRule[], options: LintOptions, maxBytes: number, workspace?: WorkspaceSummaries): FileOutcome {
  const read = readPythonSource(file, maxBytes);
  if (!read.ok) return { ok: false, reason: read.reason, unreadable: read.unreadable };
  const result = analyse({ path: shownPath, text: read.text, ...(workspace ? { workspace } : {}) }, rules, options);
  if (result.skipped) return { ok: false, reason: `skipped: ${result.skipped}`, unreadable: false };
  return { ok: true, text: read.text, lines: result.lineIndex.lineCount, findings: result.findings, suppressed: result.suppressed, syntaxErrors: result.syntaxErrors };
}

/** Reads, parses and summarises one file's functions (taint across modules). */
export function summariseJob(file: string, shownPath: string, rules: readonly ActiveRule[], options: LintOptions, maxBytes: number): SummaryOutcome {
  const read = readPythonSource(file, maxBytes);
  if (!read.ok) return {};
  try {
    return { summaries: summariseFile(file, shownPath, read.text, rules, options) };
  } catch {
    // A text the parser refuses (time budget, nesting) has no summaries; its analysis says why.
    return {};
  }
}
