import * as fs from 'fs';
import * as path from 'path';

/**
 * The baseline file: reviewable JSON, one entry per accepted finding, sorted (file, rule,
 * statement, occurrence) so that a re-written baseline diffs line by line. An entry may
 * carry a `reason`; re-writing the baseline keeps the reasons of the entries that remain.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Path of the file relative to the baseline's folder, forward slashes. */
  file: string;
  rule: string;
  /** The normalised statement the finding is in (shortened for reading; the fingerprint has all of it). */
  statement: string;
  /** Which of the same rule's findings in that statement text (0 for the first). */
  occurrence: number;
  fingerprint: string;
  reason?: string;
}

export interface Baseline {
  /** The baseline file, absolute. */
  file: string;
  /** Folder that entries' paths are relative to. */
  root: string;
  entries: BaselineEntry[];
  fingerprints: Set<string>;
}

export class BaselineError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** Baselines larger than this are refused rather than parsed. */
export const MAX_BASELINE_BYTES = 50_000_000;
const STATEMENT_SHOWN = 160;

function checkEntry(value: unknown, index: number, file: string): BaselineEntry {
  const e = value as Record<string, unknown> | null;
  const bad = (what: string): never => {
    throw new BaselineError(file, `findings[${index}]: ${what}`);
  };
  if (!e || typeof e !== 'object' || Array.isArray(e)) return bad('not an object');
  for (const key of ['file', 'rule', 'statement', 'fingerprint'] as const) if (typeof e[key] !== 'string') bad(`'${key}' must be a string`);
  if (!Number.isInteger(e.occurrence) || (e.occurrence as number) < 0) bad("'occurrence' must be a whole number");
  if (e.reason !== undefined && typeof e.reason !== 'string') bad("'reason' must be a string");
  if (!/^[0-9a-f]{8,64}$/.test(e.fingerprint as string)) bad("'fingerprint' is not a fingerprint");
  const entry: BaselineEntry = { file: e.file as string, rule: e.rule as string, statement: e.statement as string, occurrence: e.occurrence as number, fingerprint: e.fingerprint as string };
  if (e.reason !== undefined) entry.reason = e.reason as string;
  return entry;
}

/** Reads and checks a baseline file; throws a BaselineError naming the problem. */
export function readBaseline(file: string): Baseline {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const size = fs.statSync(absolute).size;
    if (size > MAX_BASELINE_BYTES) throw new BaselineError(absolute, `${size} bytes is too large for a baseline (at most ${MAX_BASELINE_BYTES})`);
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    if (error instanceof BaselineError) throw error;
    throw new BaselineError(absolute, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(absolute, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const doc = data as { version?: unknown; findings?: unknown } | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new BaselineError(absolute, 'not a baseline (a JSON object with version and findings)');
  if (doc.version !== BASELINE_VERSION) throw new BaselineError(absolute, `version ${JSON.stringify(doc.version)} is not supported (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(doc.findings)) throw new BaselineError(absolute, "'findings' must be a list");
  const entries = doc.findings.map((e, i) => checkEntry(e, i, absolute));
  return { file: absolute, root: path.dirname(absolute), entries, fingerprints: new Set(entries.map((e) => e.fingerprint)) };
}

/** A path as baseline entries spell it: relative to the baseline's folder, forward slashes. */
export function baselinePath(file: string, root: string): string {
  return path.relative(root, path.resolve(file)).split(path.sep).join('/');
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  const by = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return by(a.file, b.file) || by(a.rule, b.rule) || by(a.statement, b.statement) || a.occurrence - b.occurrence || by(a.fingerprint, b.fingerprint);
}

/** The baseline's JSON text: entries sorted, reasons of `previous` entries with the same fingerprint kept. */
export function formatBaseline(entries: readonly BaselineEntry[], previous?: readonly BaselineEntry[]): string {
  const reasons = new Map((previous ?? []).filter((e) => e.reason !== undefined).map((e) => [e.fingerprint, e.reason as string]));
  const unique = new Map<string, BaselineEntry>();
  for (const e of entries) {
    const statement = e.statement.length > STATEMENT_SHOWN ? `${e.statement.slice(0, STATEMENT_SHOWN - 3)}...` : e.statement;
    const reason = e.reason ?? reasons.get(e.fingerprint);
    unique.set(e.fingerprint, { file: e.file, rule: e.rule, statement, occurrence: e.occurrence, fingerprint: e.fingerprint, ...(reason !== undefined ? { reason } : {}) });
  }
  const findings = [...unique.values()].sort(compareEntries);
  return `${JSON.stringify({ version: BASELINE_VERSION, tool: 'dvr-hints', findings }, null, 2)}\n`;
}
