import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type CancellationToken,
  type Connection,
  type FileEvent,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { ALWAYS_SKIPPED } from '../config/exclude';
import { analysisOptions, analysisSignature } from '../engine/display';
import { analyse, type AnalysisResult } from '../engine/engine';
import { LineIndex } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import type { FileOutcome } from '../scan/fileAnalysis';
import { findPythonFiles, readPythonSource } from '../scan/files';
import { availableThreads, startOnWorkers, workerScriptPath, type BackgroundRun, type PoolJob } from '../scan/pool';
import { ScanWorkspaceRequest, type ScanWorkspaceParams, type ScanWorkspaceResult } from './protocol';
import { engineVersion, ScanCache, stampOf, type CachedAnalysis, type FileStamp } from './scanCache';
import { serverVersion, uriToPath, type DvrHintsServer } from './server';

const PYTHON_FILE = /\.pyi?$/;
const PROGRESS_TITLE = 'DVR Security Hints: scanning workspace';

type DiskAnalysis = { status: 'analysed'; findings: number } | { status: 'skipped' | 'excluded' };

/** More scan workers than this stop paying in the editor's process. */
const MAX_SCAN_WORKERS = 4;
/** Main-thread time one turn of publishing scan results may take before it gives the event loop back. */
const PUBLISH_SLICE_MS = 8;

/** A file the scan hands to the workers, with what publishing its outcome needs. */
interface ScanJob {
  uri: string;
  file: string;
  /** The path rules see (relative to the project root). */
  shownPath: string;
  /** The file's size limit in bytes (max-file-size). */
  maxBytes: number;
  stamp: FileStamp;
  /** What the analysis depends on besides the file: cache entries with another key are not used. */
  key: string;
}

/** Cancellation from any of several sources: the request, the progress UI, a newer scan. */
function anyCancelled(tokens: readonly (CancellationToken | undefined)[], superseded: () => boolean): () => boolean {
  return () => superseded() || tokens.some((t) => t?.isCancellationRequested === true);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** True when `folder/relative` exists and no part of `relative` is a symbolic link. */
function reachedWithoutLinks(folder: string, relative: string): boolean {
  try {
    return fs.realpathSync(path.join(folder, relative)) === path.join(fs.realpathSync(folder), relative);
  } catch {
    // Gone already (a delete is handled elsewhere) or unreadable: nothing to read.
    return false;
  }
}

/** The uri the scan publishes a file under (an editor may spell an open file's uri differently). */
export function diskUri(filePath: string): string {
  return pathToFileURL(filePath).toString();
}

/**
 * The workspace scan: analyses every Python file of the workspace folders from disk,
 * publishes their diagnostics and findings, and keeps them current afterwards (files
 * changed on disk, settings changed, open files closed) for as long as the server runs.
 */
export class WorkspaceScan {
  /** True once a scan has started: from then on files that are not open are kept current. */
  active = false;
  /** Python files published from disk, by uri. */
  readonly diskFiles = new Map<string, string>();
  /** The unfiltered analysis of each file published from disk, re-shown when display settings change. */
  private readonly diskResults = new Map<string, AnalysisResult>();
  private folders: string[] = [];
  private generation = 0;
  private readonly queue = new Map<string, string>();
  private draining = false;
  private markReady: () => void = () => undefined;
  /** Settles once the settings are read: a scan asked for earlier waits, so it runs with them. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
  /** The workers of the running scan, paused while the editor analyses an open document. */
  private run: BackgroundRun | undefined;
  /** Outcomes from the workers waiting to be published (the editor's analyses go first). */
  private outcomes: (() => void)[] = [];
  private publishing = false;
  cache: ScanCache = new ScanCache(undefined, '', new Set());

  constructor(
    private readonly connection: Connection,
    private readonly server: DvrHintsServer,
  ) {}

  /** The workspace folders as paths, asked of the client when it can say (multi-root, folders added later). */
  async workspaceFolderPaths(): Promise<string[]> {
    const params = this.server.initializeParams;
    let folders = params?.workspaceFolders ?? undefined;
    if (params?.capabilities.workspace?.workspaceFolders) {
      try {
        folders = (await this.connection.workspace.getWorkspaceFolders()) ?? [];
      } catch {
        // Keep the folders from the initialize request.
      }
    }
    const uris = folders ? folders.map((f) => f.uri) : params?.rootUri ? [params.rootUri] : [];
    return uris.map(uriToPath).filter((p): p is string => p !== undefined);
  }

  /**
   * Whether a file belongs to the scan: inside a workspace folder, a Python file, not in a
   * folder always skipped, and reached without a symbolic link (the scan's walk follows
   * none: a link could lead out of the workspace, and its target would be read and published).
   */
  inScope(filePath: string): boolean {
    if (!PYTHON_FILE.test(filePath)) return false;
    return this.folders.some((folder) => {
      const relative = path.relative(folder, filePath);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      if (relative.split(path.sep).slice(0, -1).some((part) => ALWAYS_SKIPPED.has(part) || part.endsWith('.egg-info'))) return false;
      return reachedWithoutLinks(folder, relative);
    });
  }

  /** Every Python file of one folder, pruned with the folder's own exclude globs (files are checked one by one later). */
  private filesOf(folder: string): string[] {
    try {
      // The folder's own project: its pyproject.toml's exclude under the settings' (problems are reported per file later).
      const { resolved } = this.server.configFor(path.join(folder, '__init__.py'));
      return findPythonFiles([folder], resolved.exclude);
    } catch {
      return [];
    }
  }

  /** What a file from disk is analysed with, or why it is not: settings off, excluded, or gone. */
  private diskJob(uri: string, filePath: string): { job: ScanJob; options: LintOptions } | { status: 'excluded' | 'skipped' } {
    const config = this.server.configFor(filePath);
    if (!this.server.settingsFor(filePath).enable || config.excluded) return { status: 'excluded' };
    const stamp = stampOf(filePath);
    if (!stamp) return { status: 'skipped' };
    const analysed = analysisOptions(config.options);
    // Taint across modules: an analysis depends on the workspace's function summaries too.
    const key = JSON.stringify([config.path, analysisSignature(analysed), this.server.summaries.workspace.signature()]);
    return { job: { uri, file: filePath, shownPath: config.path, maxBytes: config.maxFileSize, stamp, key }, options: analysed };
  }

  /** Publishes a file's unfiltered analysis from disk as the display options show it; returns the findings shown. */
  private publishDisk(uri: string, filePath: string, raw: AnalysisResult): number {
    this.diskFiles.set(uri, filePath);
    this.diskResults.set(uri, raw);
    const shown = this.server.displayed(filePath, raw);
    this.server.publish(uri, undefined, shown, 'disk');
    return shown.findings.length;
  }

  private publishNothing(uri: string, filePath: string): void {
    this.diskFiles.set(uri, filePath);
    this.diskResults.delete(uri);
    this.server.publish(uri, undefined, undefined, 'disk');
  }

  /** A cached or worker analysis as a result; the text (for positions) is read again when there are findings to place. */
  private resultOf(job: ScanJob, analysis: CachedAnalysis, text: string | undefined): AnalysisResult | undefined {
    if (text === undefined && analysis.findings.length > 0) {
      const read = readPythonSource(job.file, job.maxBytes);
      // Changed since it was analysed: analyse it again.
      const now = stampOf(job.file);
      if (!read.ok || !now || now.mtimeMs !== job.stamp.mtimeMs || now.size !== job.stamp.size) return undefined;
      text = read.text;
    }
    return { findings: analysis.findings, suppressed: analysis.suppressed, syntaxErrors: analysis.syntaxErrors, lineIndex: new LineIndex(text ?? '') };
  }

  /** Analyses one file from disk on this thread and publishes the result (nothing for excluded or unreadable files). */
  analyseFromDisk(uri: string, filePath: string): DiskAnalysis {
    this.diskFiles.set(uri, filePath);
    try {
      const prepared = this.diskJob(uri, filePath);
      if ('status' in prepared) {
        this.publishNothing(uri, filePath);
        return prepared;
      }
      const { job, options } = prepared;
      const cached = this.cache.get(filePath, job.stamp, job.key);
      const fromCache = cached && this.resultOf(job, cached, undefined);
      if (fromCache) return { status: 'analysed', findings: this.publishDisk(uri, filePath, fromCache) };
      const read = readPythonSource(filePath, job.maxBytes);
      if (!read.ok) {
        this.publishNothing(uri, filePath);
        return { status: 'skipped' };
      }
      const result = analyse({ path: job.shownPath, text: read.text, workspace: this.server.summaries.workspace }, this.server.rules, options);
      if (!result.skipped) this.cache.set(filePath, job.stamp, job.key, result);
      return { status: 'analysed', findings: this.publishDisk(uri, filePath, result) };
    } catch (error) {
      this.connection.console.error(`dvr-hints: cannot analyse ${filePath}: ${error instanceof Error ? error.message : String(error)}`);
      this.publishNothing(uri, filePath);
      return { status: 'skipped' };
    }
  }

  /** The outcome of a worker for one job, published. */
  private takeOutcome(job: ScanJob, outcome: FileOutcome): DiskAnalysis {
    if (!outcome.ok) {
      this.publishNothing(job.uri, job.file);
      return { status: 'skipped' };
    }
    this.cache.set(job.file, job.stamp, job.key, outcome);
    const result = this.resultOf(job, outcome, outcome.text);
    // Changed on disk while the worker read it: this thread analyses it again.
    if (!result) return this.analyseFromDisk(job.uri, job.file);
    return { status: 'analysed', findings: this.publishDisk(job.uri, job.file, result) };
  }

  /** The editor's uri of the file when it is open (compared by path: uris may be spelled differently). */
  openUri(filePath: string): string | undefined {
    for (const uri of this.server.documents.keys()) if (uriToPath(uri) === filePath) return uri;
    return undefined;
  }

  isOpen(filePath: string): boolean {
    return this.openUri(filePath) !== undefined;
  }

  private forget(uri: string): void {
    const filePath = this.diskFiles.get(uri);
    if (filePath === undefined) return;
    this.diskFiles.delete(uri);
    this.diskResults.delete(uri);
    this.queue.delete(uri);
    this.cache.delete(filePath);
    if (!this.isOpen(filePath)) this.server.publish(uri, undefined, undefined, 'disk');
  }

  /** Runs `work` when the editor has no analysis pending, in slices of the event loop (the editor always goes first). */
  private whenEditorIdle(work: () => void): void {
    this.outcomes.push(work);
    this.publishSoon();
  }

  private publishSoon(): void {
    if (this.publishing) return;
    this.publishing = true;
    setImmediate(() => {
      this.publishing = false;
      if (this.server.editorBusy) return; // editorIdle calls back
      const deadline = performance.now() + PUBLISH_SLICE_MS;
      while (this.outcomes.length > 0 && performance.now() < deadline && !this.server.editorBusy) (this.outcomes.shift() as () => void)();
      if (this.outcomes.length > 0) this.publishSoon();
    });
  }

  private stopWorkers(): void {
    this.run?.stop();
    this.run = undefined;
  }

  /** The editor schedules an analysis: workers finish their file and wait. */
  onEditorBusy(): void {
    this.run?.pause();
  }

  onEditorIdle(): void {
    this.run?.resume();
    if (this.outcomes.length > 0) this.publishSoon();
  }

  async scan(params: ScanWorkspaceParams | undefined, requestToken?: CancellationToken): Promise<ScanWorkspaceResult> {
    await this.ready;
    const started = Date.now();
    const generation = ++this.generation;
    this.stopWorkers();
    this.active = true;
    let progress: WorkDoneProgressReporter;
    let progressToken: CancellationToken | undefined;
    if (params?.workDoneToken !== undefined) {
      progress = this.connection.window.attachWorkDoneProgress(params.workDoneToken);
    } else {
      const created = await this.connection.window.createWorkDoneProgress();
      progress = created;
      progressToken = created.token;
    }
    const cancelled = anyCancelled([requestToken, progressToken], () => generation !== this.generation);
    progress.begin(PROGRESS_TITLE, 0, 'finding Python files', true);
    const result: ScanWorkspaceResult = { files: 0, analysed: 0, skipped: 0, findings: 0, cached: 0, cancelled: false, durationMs: 0 };
    try {
      const folders = await this.workspaceFolderPaths();
      this.folders = folders;
      this.server.workspaceFolders = folders;
      const found = new Map<string, string>();
      for (const folder of folders) {
        for (const file of this.filesOf(folder)) found.set(diskUri(file), file);
        if (cancelled()) break;
      }
      // Files published by an earlier scan that are gone or now excluded.
      for (const uri of [...this.diskFiles.keys()]) if (!found.has(uri)) this.forget(uri);
      result.files = found.size;
      await this.summarise(found, cancelled);
      let lastPercent = -1;
      const count = (analysis: DiskAnalysis): void => {
        if (analysis.status === 'analysed') result.findings += analysis.findings;
        else if (analysis.status === 'skipped') result.skipped++;
        result.analysed++;
        const percent = Math.floor((result.analysed * 100) / result.files);
        if (percent !== lastPercent || result.analysed === result.files) {
          lastPercent = percent;
          progress.report(percent, `${result.analysed}/${result.files} files`);
        }
      };
      const { jobs, cached } = await this.cachedOrJobs(found, count, cancelled);
      result.cached = cached;
      if (!cancelled()) await this.runJobs(jobs, count, cancelled);
      result.cancelled = cancelled();
      if (!result.cancelled) this.cache.completed(folders, new Set(found.values()));
    } finally {
      if (generation === this.generation) this.stopWorkers();
      progress.done();
    }
    result.durationMs = Date.now() - started;
    this.connection.console.info(
      `dvr-hints: workspace scan ${result.cancelled ? 'cancelled' : 'done'}: ${result.analysed}/${result.files} files (${result.cached} from the cache), ${result.findings} findings, ${result.skipped} skipped, ${result.durationMs} ms`,
    );
    return result;
  }

  /**
   * The first phase, as in the CLI: every file's function summaries (the editor's text for
   * open files), so each file is analysed with the others' (taint across modules); open
   * documents that read a changed summary are re-checked. Between turns of the event loop.
   */
  private async summarise(found: Map<string, string>, cancelled: () => boolean): Promise<void> {
    const changed: string[] = [];
    let sliceEnd = performance.now() + PUBLISH_SLICE_MS;
    for (const file of found.values()) {
      if (cancelled()) break;
      const openUri = this.openUri(file);
      const document = openUri !== undefined ? this.server.documents.get(openUri) : undefined;
      changed.push(...this.server.summaries.update(file, document?.text));
      if (performance.now() > sliceEnd || this.server.editorBusy) {
        await this.idleTurn();
        sliceEnd = performance.now() + PUBLISH_SLICE_MS;
      }
    }
    this.server.summaries.recheckCallers(changed);
  }

  /**
   * Publishes the files whose analysis the editor has (open) or the cache holds (unchanged
   * since), between turns of the event loop; returns the jobs left for the workers.
   */
  private async cachedOrJobs(
    found: Map<string, string>,
    count: (analysis: DiskAnalysis) => void,
    cancelled: () => boolean,
  ): Promise<{ jobs: { job: ScanJob; options: LintOptions }[]; cached: number }> {
    const jobs: { job: ScanJob; options: LintOptions }[] = [];
    let cachedFiles = 0;
    let sliceEnd = performance.now() + PUBLISH_SLICE_MS;
    for (const [uri, file] of found) {
      if (cancelled()) break;
      const openUri = this.openUri(file);
      if (openUri !== undefined) {
        // The editor's text wins while the file is open; closing it brings the disk analysis back.
        this.diskFiles.set(uri, file);
        count({ status: 'analysed', findings: this.server.results.get(openUri)?.result.findings.length ?? 0 });
      } else {
        const prepared = this.diskJob(uri, file);
        if ('status' in prepared) {
          this.publishNothing(uri, file);
          count(prepared);
        } else {
          const cached = this.cache.get(file, prepared.job.stamp, prepared.job.key);
          const fromCache = cached && this.resultOf(prepared.job, cached, undefined);
          if (fromCache) {
            cachedFiles++;
            count({ status: 'analysed', findings: this.publishDisk(uri, file, fromCache) });
          } else jobs.push(prepared);
        }
      }
      // Let edits, hovers and cancellations in: the editor must never wait.
      if (performance.now() > sliceEnd || this.server.editorBusy) {
        await nextTurn();
        sliceEnd = performance.now() + PUBLISH_SLICE_MS;
      }
    }
    return { jobs, cached: cachedFiles };
  }

  /** Analyses the jobs on worker threads (on this thread when none can start), publishing as outcomes arrive. */
  private async runJobs(prepared: { job: ScanJob; options: LintOptions }[], count: (analysis: DiskAnalysis) => void, cancelled: () => boolean): Promise<void> {
    if (prepared.length === 0) return;
    const script = workerScriptPath();
    const reported = new Set<number>();
    if (script) {
      const optionSets: LintOptions[] = [];
      const setIndex = new Map<string, number>();
      const jobs: PoolJob[] = prepared.map(({ job, options }) => {
        let index = setIndex.get(job.key);
        if (index === undefined) {
          index = optionSets.push(options) - 1;
          setIndex.set(job.key, index);
        }
        return { file: job.file, shownPath: job.shownPath, optionSet: index, maxBytes: job.maxBytes };
      });
      const threads = Math.max(1, Math.min(availableThreads(), MAX_SCAN_WORKERS, Math.ceil(jobs.length / 8)));
      let pending = 0;
      let allPublished: () => void = () => undefined;
      const run = startOnWorkers(
        {
          jobs,
          rules: this.server.rules.map((r) => r.meta),
          options: optionSets[0],
          optionSets,
          maxBytes: Math.max(...jobs.map((j) => j.maxBytes ?? 0)),
          lowPriority: true,
          summaries: [...this.server.summaries.workspace.files],
        },
        threads,
        script,
        (index, outcome) => {
          reported.add(index);
          pending++;
          this.whenEditorIdle(() => {
            pending--;
            if (!cancelled()) count(this.takeOutcome(prepared[index].job, outcome));
            else run.stop();
            if (pending === 0) allPublished();
          });
        },
      );
      this.run = run;
      if (this.server.editorBusy) run.pause();
      await run.done;
      if (pending > 0) await new Promise<void>((resolve) => (allPublished = resolve));
    }
    // Jobs no worker reported (none could start, or one died) are analysed here, one per turn.
    for (const [index, { job }] of prepared.entries()) {
      if (cancelled()) return;
      if (reported.has(index)) continue;
      await this.idleTurn();
      count(this.analyseFromDisk(job.uri, job.file));
    }
  }

  /** The next turn of the event loop in which the editor has nothing to analyse. */
  private idleTurn(): Promise<void> {
    return new Promise((resolve) => this.whenEditorIdle(resolve));
  }

  markReadyNow(): void {
    this.markReady();
  }

  /** Re-analyses files from disk one per idle turn of the event loop, so a burst of changes never blocks the editor. */
  private enqueue(uri: string, filePath: string): void {
    this.queue.set(uri, filePath);
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      while (this.queue.size > 0) {
        await this.idleTurn();
        const next = this.queue.entries().next().value as [string, string] | undefined;
        if (!next) break;
        this.queue.delete(next[0]);
        if (!this.isOpen(next[1])) this.analyseFromDisk(next[0], next[1]);
      }
      this.draining = false;
    })();
  }

  onClosed(uri: string): boolean {
    if (!this.active) return false;
    const filePath = uriToPath(uri);
    if (!filePath || !this.inScope(filePath)) return false;
    const key = diskUri(filePath);
    if (key !== uri) this.server.publish(uri, undefined, undefined, 'editor');
    this.analyseFromDisk(key, filePath);
    return true;
  }

  onWatchedFilesChanged(changes: readonly FileEvent[]): void {
    if (!this.active) return;
    for (const change of changes) {
      const filePath = uriToPath(change.uri);
      if (!filePath) continue;
      if (change.type === FileChangeType.Deleted) {
        // A deleted folder may come as one event for the folder.
        const prefix = filePath + path.sep;
        for (const [uri, file] of [...this.diskFiles]) if (file === filePath || file.startsWith(prefix)) this.forget(uri);
      } else if (this.inScope(filePath) && !this.isOpen(filePath)) {
        // Its summaries first: open files that call its functions are re-checked.
        this.server.summaries.recheckCallers(this.server.summaries.update(filePath));
        this.enqueue(diskUri(filePath), filePath);
      }
    }
  }

  /** Settings, trust, pyproject.toml or folders changed: what is excluded may have changed too, so scan again. */
  rescan(): void {
    if (this.active) void this.scan(undefined).catch(() => undefined);
  }

  /** Only display settings changed: every file from disk is shown again from its unfiltered analysis. */
  redisplay(): void {
    for (const [uri, raw] of this.diskResults) {
      const filePath = this.diskFiles.get(uri);
      if (filePath === undefined || this.isOpen(filePath)) continue;
      this.server.publish(uri, undefined, this.server.displayed(filePath, raw), 'disk');
    }
  }

  /** After a restart: the last complete scan of these folders is shown again (unchanged files from the cache) and kept current. */
  async resumeFromCache(): Promise<void> {
    if (!this.cache.enabled || this.active) return;
    const folders = await this.workspaceFolderPaths();
    // A scan asked for meanwhile does the same.
    if (this.cache.scanned(folders) && !this.active) await this.scan(undefined);
  }
}

/** The folder the client keeps the extension's files in (`initializationOptions.storagePath`), if it gave one. */
function storagePath(server: DvrHintsServer): string | undefined {
  const value = (server.initializeParams?.initializationOptions as { storagePath?: unknown } | null | undefined)?.storagePath;
  return typeof value === 'string' && path.isAbsolute(value) ? value : undefined;
}

export function registerWorkspaceScan(connection: Connection, server: DvrHintsServer): WorkspaceScan {
  const workspaceScan = new WorkspaceScan(connection, server);
  connection.onRequest(ScanWorkspaceRequest, (params, token) => workspaceScan.scan(params, token));
  server.hooks.closed.push((uri) => workspaceScan.onClosed(uri));
  server.hooks.watchedFilesChanged.push((changes) => workspaceScan.onWatchedFilesChanged(changes));
  server.hooks.reanalyse.push(() => workspaceScan.rescan());
  server.hooks.redisplay.push(() => workspaceScan.redisplay());
  server.hooks.editorBusy.push(() => workspaceScan.onEditorBusy());
  server.hooks.editorIdle.push(() => workspaceScan.onEditorIdle());
  server.hooks.ready.push(() => {
    workspaceScan.cache = new ScanCache(storagePath(server), engineVersion(serverVersion()), new Set(server.rules.map((r) => r.meta.id)));
    workspaceScan.markReadyNow();
    const capabilities = server.initializeParams?.capabilities;
    if (capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{py,pyi}' }] })
        .catch(() => undefined);
    }
    if (capabilities?.workspace?.workspaceFolders) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders(() => {
          void workspaceScan.workspaceFolderPaths().then((folders) => {
            server.workspaceFolders = folders;
            server.invalidateProjectConfig();
            // A new folder may have settings of its own (multi-root workspaces).
            void server.refreshSettings();
          });
        });
      } catch {
        // The client cannot tell us about folder changes; scans still ask for the folders each time.
      }
    }
    if (server.currentSettings.scanOnStartup) void workspaceScan.scan(undefined).catch(() => undefined);
    else void workspaceScan.resumeFromCache().catch(() => undefined);
  });
  connection.onShutdown(() => workspaceScan.cache.save());
  return workspaceScan;
}
