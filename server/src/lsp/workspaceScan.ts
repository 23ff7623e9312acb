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
import { analyse } from '../engine/engine';
import { findPythonFiles, readPythonSource } from '../scan/files';
import { ScanWorkspaceRequest, type ScanWorkspaceParams, type ScanWorkspaceResult } from './protocol';
import { uriToPath, type DvrHintsServer } from './server';

const PYTHON_FILE = /\.pyi?$/;
const PROGRESS_TITLE = 'DVR Security Hints: scanning workspace';

type DiskAnalysis = { status: 'analysed'; findings: number } | { status: 'skipped' | 'excluded' };

/** Cancellation from any of several sources: the request, the progress UI, a newer scan. */
function anyCancelled(tokens: readonly (CancellationToken | undefined)[], superseded: () => boolean): () => boolean {
  return () => superseded() || tokens.some((t) => t?.isCancellationRequested === true);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  private folders: string[] = [];
  private generation = 0;
  private readonly queue = new Map<string, string>();
  private draining = false;
  private markReady: () => void = () => undefined;
  /** Settles once the settings are read: a scan asked for earlier waits, so it runs with them. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

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

  /** Whether a file belongs to the scan: inside a workspace folder, a Python file, not in a folder always skipped. */
  inScope(filePath: string): boolean {
    if (!PYTHON_FILE.test(filePath)) return false;
    return this.folders.some((folder) => {
      const relative = path.relative(folder, filePath);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return !relative.split(path.sep).slice(0, -1).some((part) => ALWAYS_SKIPPED.has(part) || part.endsWith('.egg-info'));
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

  /** Analyses one file from disk and publishes the result (nothing for excluded or unreadable files). */
  analyseFromDisk(uri: string, filePath: string): DiskAnalysis {
    this.diskFiles.set(uri, filePath);
    const settings = this.server.currentSettings;
    try {
      const config = this.server.configFor(filePath);
      if (!settings.enable || config.excluded) {
        this.server.publish(uri, undefined, undefined, 'disk');
        return { status: 'excluded' };
      }
      const read = readPythonSource(filePath, config.maxFileSize);
      if (!read.ok) {
        this.server.publish(uri, undefined, undefined, 'disk');
        return { status: 'skipped' };
      }
      const result = analyse({ path: config.path, text: read.text, workspace: this.server.summaries.workspace }, this.server.rules, config.options);
      this.server.publish(uri, undefined, result, 'disk');
      return { status: 'analysed', findings: result.findings.length };
    } catch (error) {
      this.connection.console.error(`dvr-hints: cannot analyse ${filePath}: ${error instanceof Error ? error.message : String(error)}`);
      this.server.publish(uri, undefined, undefined, 'disk');
      return { status: 'skipped' };
    }
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
    this.queue.delete(uri);
    if (!this.isOpen(filePath)) this.server.publish(uri, undefined, undefined, 'disk');
  }

  async scan(params: ScanWorkspaceParams | undefined, requestToken?: CancellationToken): Promise<ScanWorkspaceResult> {
    await this.ready;
    const started = Date.now();
    const generation = ++this.generation;
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
    const result: ScanWorkspaceResult = { files: 0, analysed: 0, skipped: 0, findings: 0, cancelled: false, durationMs: 0 };
    try {
      this.folders = await this.workspaceFolderPaths();
      this.server.workspaceFolders = this.folders;
      const found = new Map<string, string>();
      for (const folder of this.folders) {
        for (const file of this.filesOf(folder)) found.set(diskUri(file), file);
        if (cancelled()) break;
      }
      // Files published by an earlier scan that are gone or now excluded.
      for (const uri of [...this.diskFiles.keys()]) if (!found.has(uri)) this.forget(uri);
      result.files = found.size;
      // First phase, as in the CLI: every file's function summaries, so each file is analysed with the others' (taint across modules).
      const changedSummaries: string[] = [];
      for (const [, file] of found) {
        if (cancelled()) break;
        const openUri = this.openUri(file);
        const document = openUri !== undefined ? this.server.documents.get(openUri) : undefined;
        changedSummaries.push(...this.server.summaries.update(file, document?.text));
        await nextTurn();
      }
      this.server.summaries.recheckCallers(changedSummaries);
      let lastPercent = -1;
      for (const [uri, file] of found) {
        if (cancelled()) break;
        const openUri = this.openUri(file);
        if (openUri !== undefined) {
          // The editor's text wins while the file is open; closing it brings the disk analysis back.
          this.diskFiles.set(uri, file);
          result.findings += this.server.results.get(openUri)?.result.findings.length ?? 0;
        } else {
          const analysis = this.analyseFromDisk(uri, file);
          if (analysis.status === 'analysed') result.findings += analysis.findings;
          else if (analysis.status === 'skipped') result.skipped++;
        }
        result.analysed++;
        const percent = Math.floor((result.analysed * 100) / result.files);
        if (percent !== lastPercent || result.analysed === result.files) {
          lastPercent = percent;
          progress.report(percent, `${result.analysed}/${result.files} files`);
        }
        // Let edits, hovers and cancellations in between files: the editor must never wait.
        await nextTurn();
      }
      result.cancelled = cancelled();
    } finally {
      progress.done();
    }
    result.durationMs = Date.now() - started;
    this.connection.console.info(
      `dvr-hints: workspace scan ${result.cancelled ? 'cancelled' : 'done'}: ${result.analysed}/${result.files} files, ${result.findings} findings, ${result.skipped} skipped, ${result.durationMs} ms`,
    );
    return result;
  }

  markReadyNow(): void {
    this.markReady();
  }

  /** Re-analyses files from disk one per turn of the event loop, so a burst of changes never blocks. */
  private enqueue(uri: string, filePath: string): void {
    this.queue.set(uri, filePath);
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      while (this.queue.size > 0) {
        const [next, file] = this.queue.entries().next().value as [string, string];
        this.queue.delete(next);
        if (!this.isOpen(file)) this.analyseFromDisk(next, file);
        await nextTurn();
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
}

export function registerWorkspaceScan(connection: Connection, server: DvrHintsServer): WorkspaceScan {
  const workspaceScan = new WorkspaceScan(connection, server);
  connection.onRequest(ScanWorkspaceRequest, (params, token) => workspaceScan.scan(params, token));
  server.hooks.closed.push((uri) => workspaceScan.onClosed(uri));
  server.hooks.watchedFilesChanged.push((changes) => workspaceScan.onWatchedFilesChanged(changes));
  server.hooks.reanalyse.push(() => workspaceScan.rescan());
  server.hooks.ready.push(() => {
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
          });
        });
      } catch {
        // The client cannot tell us about folder changes; scans still ask for the folders each time.
      }
    }
    if (server.currentSettings.scanOnStartup) void workspaceScan.scan(undefined).catch(() => undefined);
  });
  return workspaceScan;
}
