import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { LEVELS, type Finding, type Level } from '../engine/types';

/**
 * The workspace scan's results on disk, in the extension's storage folder (the client passes
 * `initializationOptions.storagePath`), so that a restarted server shows them again at once
 * and analyses only the files that changed. An entry is used only when the file's path,
 * modification time and size, the analysis settings and the engine (a hash of the server's
 * code) all match. A cache that cannot be read, is of another format or engine, or has a
 * malformed entry is ignored (entry by entry), never trusted: the file is analysed instead.
 */

const FORMAT = 1;
const CACHE_FILE = 'scan-cache.json';
/** Writes are gathered: a scan finishing or files changing on disk save once after a quiet moment. */
const SAVE_DELAY_MS = 2000;

/** What the cache keeps of one analysed file: the unfiltered findings (display options apply when shown). */
export interface CachedAnalysis {
  findings: Finding[];
  suppressed: number;
  syntaxErrors: number;
}

interface Entry extends CachedAnalysis {
  /** Modification time (ms) and size in bytes of the file when it was analysed. */
  mtimeMs: number;
  size: number;
  /** The analysis settings it was analysed with (engine/display.ts analysisSignature). */
  key: string;
}

interface CacheFile {
  format: number;
  engine: string;
  /** The workspace folders of the last complete scan (sorted); empty when none completed. */
  scannedFolders: string[];
  files: Record<string, Entry>;
}

/** Identifies the analysing code: a cache written by another build is not used. */
export function engineVersion(version: string, codeFile: string = __filename): string {
  const hash = createHash('sha1').update(version);
  try {
    hash.update(fs.readFileSync(codeFile));
  } catch {
    hash.update(String(Date.now()));
  }
  return hash.digest('hex').slice(0, 16);
}

export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export function stampOf(file: string): FileStamp | undefined {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

export class ScanCache {
  private files = new Map<string, Entry>();
  private scannedFolders: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly file: string | undefined;

  /** `folder` undefined: nothing is read or written (the client gave no storage path). */
  constructor(
    folder: string | undefined,
    private readonly engine: string,
    private readonly ruleIds: ReadonlySet<string>,
  ) {
    this.file = folder ? path.join(folder, CACHE_FILE) : undefined;
    this.load();
  }

  get enabled(): boolean {
    return this.file !== undefined;
  }

  /** Whether the last complete scan covered exactly these folders (a restarted server then scans again at once). */
  scanned(folders: readonly string[]): boolean {
    return folders.length > 0 && sameFolders(this.scannedFolders, folders);
  }

  get(file: string, stamp: FileStamp, key: string): CachedAnalysis | undefined {
    const entry = this.files.get(file);
    if (!entry || entry.mtimeMs !== stamp.mtimeMs || entry.size !== stamp.size || entry.key !== key) return undefined;
    return entry;
  }

  set(file: string, stamp: FileStamp, key: string, analysis: CachedAnalysis): void {
    if (!this.file) return;
    this.files.set(file, { mtimeMs: stamp.mtimeMs, size: stamp.size, key, findings: analysis.findings, suppressed: analysis.suppressed, syntaxErrors: analysis.syntaxErrors });
    this.saveSoon();
  }

  delete(file: string): void {
    if (this.files.delete(file)) this.saveSoon();
  }

  /** A scan of these folders completed: entries of files it did not see are dropped. */
  completed(folders: readonly string[], seen: ReadonlySet<string>): void {
    if (!this.file) return;
    for (const file of [...this.files.keys()]) if (!seen.has(file)) this.files.delete(file);
    this.scannedFolders = [...folders].sort();
    this.saveSoon();
  }

  private saveSoon(): void {
    if (!this.file || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Writes the cache now (atomically: a temporary file renamed over the old one). Failures are ignored. */
  save(): void {
    if (!this.file) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const content: CacheFile = { format: FORMAT, engine: this.engine, scannedFolders: this.scannedFolders, files: Object.fromEntries(this.files) };
    const temporary = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(content));
      fs.renameSync(temporary, this.file);
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }

  private load(): void {
    if (!this.file) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return;
    }
    if (!isRecord(parsed) || parsed.format !== FORMAT || parsed.engine !== this.engine || !isRecord(parsed.files)) return;
    if (Array.isArray(parsed.scannedFolders) && parsed.scannedFolders.every((f) => typeof f === 'string')) this.scannedFolders = parsed.scannedFolders as string[];
    for (const [file, entry] of Object.entries(parsed.files)) if (isEntry(entry, this.ruleIds)) this.files.set(file, entry);
  }
}

function sameFolders(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === sorted.length && a.every((f, i) => f === sorted[i]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isLevel = (value: unknown): value is Level => typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
const isSpan = (value: unknown): value is { start: number; end: number } => isRecord(value) && isCount(value.start) && isCount(value.end) && value.start <= value.end;

function isFinding(value: unknown, ruleIds: ReadonlySet<string>): value is Finding {
  if (!isSpan(value)) return false;
  const f = value as Record<string, unknown>;
  if (typeof f.ruleId !== 'string' || !ruleIds.has(f.ruleId) || typeof f.message !== 'string' || !isLevel(f.severity) || !isLevel(f.confidence)) return false;
  if (!Array.isArray(f.related) || !f.related.every((r) => isSpan(r) && typeof (r as Record<string, unknown>).message === 'string')) return false;
  return Array.isArray(f.fixes) && f.fixes.every(isFix);
}

function isFix(value: unknown): boolean {
  if (!isRecord(value) || typeof value.title !== 'string' || (value.applicability !== 'safe' && value.applicability !== 'unsafe')) return false;
  return Array.isArray(value.edits) && value.edits.every((e) => isSpan(e) && typeof (e as Record<string, unknown>).newText === 'string');
}

function isEntry(value: unknown, ruleIds: ReadonlySet<string>): value is Entry {
  if (!isRecord(value)) return false;
  if (typeof value.mtimeMs !== 'number' || !isCount(value.size) || typeof value.key !== 'string' || !isCount(value.suppressed) || !isCount(value.syntaxErrors)) return false;
  return Array.isArray(value.findings) && value.findings.every((f) => isFinding(f, ruleIds));
}
