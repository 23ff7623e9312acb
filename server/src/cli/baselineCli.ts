import * as fs from 'fs';
import * as path from 'path';
import { BaselineError, formatBaseline, readBaseline, type BaselineEntry } from '../baseline/baselineFile';
import { absentEntries, entriesOf, markScan, newFindingsOnly, type FileMarks } from '../baseline/compare';
import type { ScanResult } from '../scan/scan';

/** What a scan against a baseline reports: the new findings, and for SARIF every finding's state. */
export interface BaselinedScan {
  /** The scan with the new findings only (text, JSON, exit status). */
  shown: ScanResult;
  baselined: number;
  marks: Map<string, FileMarks>;
  absent: BaselineEntry[];
  /** The baseline's folder (entries' paths are relative to it). */
  root: string;
}

/** Compares a scan with the baseline file (a BaselineError when the file is unusable). */
export function compareWithBaseline(result: ScanResult, file: string): BaselinedScan {
  const baseline = readBaseline(file);
  const marks = markScan(result, baseline.root, baseline);
  const { result: shown, baselined } = newFindingsOnly(result, marks);
  return { shown, baselined, marks, absent: absentEntries(baseline, result, marks), root: baseline.root };
}

/**
 * Writes every finding of the scan to the baseline file, keeping the reasons of entries
 * that are still there. Returns the number of entries and a warning when the old file
 * could not be read (its reasons are then lost).
 */
export function writeBaseline(result: ScanResult, file: string): { entries: number; warning?: string } {
  const absolute = path.resolve(file);
  const root = path.dirname(absolute);
  let previous: BaselineEntry[] = [];
  let warning: string | undefined;
  if (fs.existsSync(absolute)) {
    try {
      previous = readBaseline(absolute).entries;
    } catch (error) {
      if (!(error instanceof BaselineError)) throw error;
      warning = `the old baseline is replaced without its reasons: ${error.message}`;
    }
  }
  const entries = entriesOf(result, markScan(result, root), root);
  const text = formatBaseline(entries, previous);
  try {
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(absolute, text);
  } catch (error) {
    throw new BaselineError(absolute, `cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return { entries: (JSON.parse(text) as { findings: unknown[] }).findings.length, ...(warning ? { warning } : {}) };
}
