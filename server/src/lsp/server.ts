import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { ConfigError, type RawConfig } from '../config/schema';
import { findProjectConfig } from '../config/pyproject';
import { ExcludeMatcher } from '../config/exclude';
import { mergeConfig, toLintOptions } from '../config/resolve';
import { loadCatalogue } from '../engine/catalogue';
import { analysisOptions, displayResult } from '../engine/display';
import { buildRuleSet, type ActiveRule, type AnalysisResult } from '../engine/engine';
import type { PositionEncoding } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import { ALL_CHECKS } from '../rules';
import { CodeActions } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { OpenDocument } from './document';
import { analyseDocument, analyseDocumentSteps } from './documentAnalysis';
import { ParseTimeout } from '../engine/parser';
import { registerFindings } from './findings';
import { registerHover } from './hover';
import { clientPullsDiagnostics, PullDiagnostics, pullCapability } from './pullDiagnostics';
import { DebugDocumentRequest, TrustNotification, type FindingsOrigin } from './protocol';
import { registerRuleDocs } from './ruleDocs';
import { DEFAULT_SERVER_SETTINGS, readEditorSettings, withoutWorkspaceTaint, type ServerSettings } from './settings';
import { runInSlices, type SlicedRun } from './slicedRun';
import { registerWorkspaceScan } from './workspaceScan';

const PYTHON_LANGUAGES = new Set(['python']);

export interface AnalysedDocument {
  document: OpenDocument;
  /** The findings shown: `raw` filtered by the display options (select, ignore, severity, thresholds). */
  result: AnalysisResult;
  /** The analysis with every rule and nothing filtered (engine/display.ts). */
  raw: AnalysisResult;
  version: number;
}

/** One file's published analysis: `result` is undefined when the file has no findings to show. */
export interface PublishedAnalysis {
  uri: string;
  version?: number;
  origin: FindingsOrigin;
  result?: AnalysisResult;
}

/** Extension points for the feature modules registered in startServer (one job each). */
export interface ServerHooks {
  /** After the client is initialised and the settings are read. */
  ready: (() => void)[];
  /** After a file's diagnostics were sent. */
  published: ((analysis: PublishedAnalysis) => void)[];
  /** An open file was closed; a hook returns true when it publishes the file's findings itself. */
  closed: ((uri: string) => boolean)[];
  /** Settings, trust or pyproject.toml changed: files not open must be analysed again too. */
  reanalyse: (() => void)[];
  /** workspace/didChangeWatchedFiles, after pyproject.toml changes were handled. */
  watchedFilesChanged: ((changes: FileEvent[]) => void)[];
  /** Only display settings changed: files not open must be shown again from their cached findings. */
  redisplay: (() => void)[];
  /** The editor scheduled an analysis (background work should give way). */
  editorBusy: (() => void)[];
  /** The editor has no analysis scheduled or running any more (background work may go on). */
  editorIdle: (() => void)[];
}

/** An analysis about to run: what it reads, fixed when it starts. */
interface PendingAnalysis {
  document: OpenDocument;
  version: number;
  /** The path rules see (the file path, or the URI of an unsaved document). */
  path: string;
  /** The options the analysis runs with: every rule, nothing filtered (engine/display.ts). */
  options: LintOptions;
}

/** Time one slice of a background analysis may hold the event loop. */
const ANALYSIS_SLICE_MS = 15;
/**
 * Quiet time after a change before analysis starts: the JSON-RPC layer hands over one
 * message per event-loop turn, so without it a burst of edits would start (and cancel)
 * one analysis per edit.
 */
const ANALYSIS_DELAY_MS = 20;

/** The language server: documents, settings and analysis; speaks only LSP. */
export class DvrHintsServer {
  readonly documents = new Map<string, OpenDocument>();
  readonly results = new Map<string, AnalysedDocument>();
  readonly rules: ActiveRule[] = buildRuleSet(ALL_CHECKS);
  readonly catalogue = loadCatalogue();
  encoding: PositionEncoding = 'utf-16';
  readonly hooks: ServerHooks = { ready: [], published: [], closed: [], reanalyse: [], watchedFilesChanged: [], redisplay: [], editorBusy: [], editorIdle: [] };
  initializeParams: InitializeParams | undefined;
  readonly codeActions = new CodeActions(this);
  private settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  /** The last settings value received, re-read when workspace trust changes. */
  private rawSettings: unknown;
  private trusted = true;
  private pullConfiguration = false;
  /** Set when the client pulls diagnostics (LSP 3.17); undefined: they are pushed. */
  pull: PullDiagnostics | undefined;
  private refreshDiagnostics = false;
  private refreshWanted = false;
  /** analysisKey() of the settings the current results were analysed with. */
  private analysedWith = '';
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  private readonly projectConfigs = new Map<string, { config: RawConfig; root: string; error?: string }>();
  private readonly reportedErrors = new Set<string>();
  private readonly skippedNoticeSent = new Set<string>();
  private readonly running = new Map<string, SlicedRun>();
  /** Answer `dvrHints/debugDocument` (tests only). */
  debug = process.env.DVR_HINTS_DEBUG === '1';
  cancelledAnalyses = 0;
  startedAnalyses = 0;

  constructor(readonly connection: Connection) {}

  initialize(params: InitializeParams): InitializeResult {
    this.initializeParams = params;
    const offered = params.capabilities.general?.positionEncodings ?? [];
    this.encoding = offered.includes('utf-8') ? 'utf-8' : 'utf-16';
    this.pullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: boolean; debug?: boolean };
    this.trusted = init.trusted !== false;
    if (init.debug === true) this.debug = true;
    if (init.settings !== undefined) this.applySettings(init.settings);
    this.analysedWith = this.analysisKey();
    if (clientPullsDiagnostics(params.capabilities, params.initializationOptions)) {
      this.pull = new PullDiagnostics((uri) => this.analysedVersion(uri), (uri) => this.documents.has(uri));
      this.refreshDiagnostics = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    }
    return {
      capabilities: {
        positionEncoding: this.encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        ...(this.pull ? { diagnosticProvider: pullCapability() } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        ...this.codeActions.capabilities(params),
      },
      serverInfo: { name: 'dvr-hints', version: serverVersion() },
    };
  }

  async initialized(): Promise<void> {
    if (this.pullConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'dvrHints' }).catch(() => undefined);
      await this.refreshSettings();
    }
    for (const hook of this.hooks.ready) hook();
  }

  get currentSettings(): ServerSettings {
    return this.settings;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  async refreshSettings(pushed?: unknown): Promise<void> {
    if (this.pullConfiguration) {
      try {
        const [value] = (await this.connection.workspace.getConfiguration([{ section: 'dvrHints' }])) as unknown[];
        this.applySettings(value);
      } catch {
        // The client may not answer configuration requests; keep what we have.
      }
    } else if (pushed !== undefined) {
      this.applySettings((pushed as { dvrHints?: unknown }).dvrHints ?? pushed);
    }
    // Display-only settings (select, ignore, severity, thresholds) re-filter what was found.
    const key = this.analysisKey();
    if (key === this.analysedWith) this.redisplayAll();
    else {
      this.analysedWith = key;
      this.reanalyseAll();
    }
  }

  /** What of the settings and trust an analysis depends on: everything but the display options. */
  private analysisKey(): string {
    const { select: _s, 'extend-select': _e, ignore: _i, severity: _v, 'min-severity': _m, 'min-confidence': _c, ...rest } = this.settings.config;
    return JSON.stringify([this.trusted, this.settings.enable, this.settings.maxFileSize, rest]);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    this.projectConfigs.clear();
    if (this.rawSettings !== undefined) this.applySettings(this.rawSettings);
  }

  private applySettings(value: unknown): void {
    this.rawSettings = value;
    try {
      this.settings = readEditorSettings(value, this.trusted);
    } catch (error) {
      this.settings = DEFAULT_SERVER_SETTINGS;
      this.reportConfigError(error);
    }
  }

  reportConfigError(error: unknown): void {
    const message = error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
    this.connection.console.error(`dvr-hints: invalid configuration, using defaults: ${message}`);
    if (!this.reportedErrors.has(message)) {
      this.reportedErrors.add(message);
      void this.connection.window.showErrorMessage(`DVR Security Hints: invalid configuration, using defaults. ${message}`);
    }
  }

  invalidateProjectConfig(): void {
    this.projectConfigs.clear();
    this.reanalyseAll();
  }

  /** Options for one file: pyproject.toml (nearest, validated) under the editor settings. */
  optionsFor(filePath: string | undefined): { options: LintOptions; excluded: boolean } {
    let project: { config: RawConfig; root: string } = { config: {}, root: filePath ? path.dirname(filePath) : '' };
    if (filePath) {
      const dir = path.dirname(filePath);
      let cached = this.projectConfigs.get(dir);
      if (!cached) {
        try {
          const found = findProjectConfig(dir);
          cached = { config: found.config, root: found.file ? path.dirname(found.file) : dir };
        } catch (error) {
          this.reportConfigError(error);
          cached = { config: {}, root: dir, error: String(error) };
        }
        this.projectConfigs.set(dir, cached);
      }
      project = cached;
    }
    // Untrusted workspaces: pyproject.toml may not add taint sources, sinks or sanitisers either.
    const config = mergeConfig(this.trusted ? project.config : withoutWorkspaceTaint(project.config), this.settings.config);
    const excluded = !!filePath && new ExcludeMatcher(config.exclude ?? [], project.root).matches(filePath);
    return { options: toLintOptions(config), excluded };
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.documents.set(uri, new OpenDocument(uri, version, text, languageId));
    this.schedule(uri);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    this.results.delete(uri);
    const pending = this.scheduled.get(uri);
    if (pending) clearTimeout(pending);
    this.scheduled.delete(uri);
    this.cancelRunning(uri);
    this.skippedNoticeSent.delete(uri);
    if (!this.hooks.closed.some((hook) => hook(uri))) this.publish(uri, undefined, undefined, 'editor');
    this.checkIdle();
  }

  reanalyseAll(): void {
    for (const uri of this.documents.keys()) this.schedule(uri);
    for (const hook of this.hooks.reanalyse) hook();
    this.wantRefresh();
  }

  /** Shows every cached analysis again under the current display options, without analysing anything. */
  redisplayAll(): void {
    for (const [uri, analysed] of this.results) {
      if (this.documents.get(uri) !== analysed.document || analysed.document.version !== analysed.version) continue;
      const filePath = uriToPath(uri);
      analysed.result = this.displayed(filePath, analysed.raw);
      this.publish(uri, analysed.version, analysed.result, 'editor');
    }
    for (const hook of this.hooks.redisplay) hook();
    this.wantRefresh();
  }

  /** An unfiltered analysis of a file as its display options (editor settings over pyproject.toml) show it. */
  displayed(filePath: string | undefined, raw: AnalysisResult): AnalysisResult {
    return displayResult(raw, this.catalogue, this.optionsFor(filePath).options);
  }

  /** The version of an open Python document (the one its diagnostics are for), undefined when none is analysed. */
  private analysedVersion(uri: string): number | undefined {
    const document = this.documents.get(uri);
    return document && PYTHON_LANGUAGES.has(document.languageId) ? document.version : undefined;
  }

  /** Pull clients ask again for every document once the editor is idle (settings changed what they show). */
  private wantRefresh(): void {
    if (!this.pull || !this.refreshDiagnostics) return;
    this.refreshWanted = true;
    this.checkIdle();
  }

  /** True while an editor analysis is scheduled or running: background work waits for it. */
  get editorBusy(): boolean {
    return this.scheduled.size > 0 || this.running.size > 0;
  }

  private checkIdle(): void {
    if (this.editorBusy) return;
    if (this.refreshWanted) {
      this.refreshWanted = false;
      void this.connection.languages.diagnostics.refresh().catch(() => undefined);
    }
    for (const hook of this.hooks.editorIdle) hook();
  }

  /** Sends a file's diagnostics (none when `result` is undefined) and tells the feature modules. */
  publish(uri: string, version: number | undefined, result: AnalysisResult | undefined, origin: FindingsOrigin): void {
    const diagnostics = result
      ? result.findings.map((f) => toDiagnostic(f, this.catalogue.get(f.ruleId) as never, uri, result.lineIndex, this.encoding))
      : [];
    if (this.pull) this.pull.set(uri, version, origin, diagnostics);
    else void this.connection.sendDiagnostics({ uri, version, diagnostics });
    const published: PublishedAnalysis = { uri, version, origin, result };
    for (const hook of this.hooks.published) hook(published);
  }

  /**
   * Analysis runs after the pending messages, so a burst of edits costs one analysis, and
   * in slices, so a newer version cancels it before it publishes anything stale.
   */
  schedule(uri: string): void {
    const pending = this.scheduled.get(uri);
    if (pending) clearTimeout(pending);
    this.cancelRunning(uri);
    for (const hook of this.hooks.editorBusy) hook();
    this.scheduled.set(
      uri,
      setTimeout(() => {
        this.scheduled.delete(uri);
        this.analyseInBackground(uri);
        this.checkIdle();
      }, ANALYSIS_DELAY_MS),
    );
  }

  private cancelRunning(uri: string): void {
    const run = this.running.get(uri);
    if (!run) return;
    this.running.delete(uri);
    run.cancel();
    this.cancelledAnalyses++;
  }

  private analyseInBackground(uri: string): void {
    const pending = this.prepare(uri);
    if (!pending) return;
    let run: SlicedRun | undefined;
    let finished = false;
    const settle = (): void => {
      finished = true;
      if (run && this.running.get(uri) === run) this.running.delete(uri);
      // Deferred: the run's result is published first.
      setImmediate(() => this.checkIdle());
    };
    run = runInSlices(
      analyseDocumentSteps(pending.document, pending.path, this.rules, pending.options),
      ANALYSIS_SLICE_MS,
      (result) => {
        settle();
        if (this.documents.get(uri) === pending.document && pending.document.version === pending.version) this.publishAnalysis(uri, pending, result);
      },
      (error) => {
        settle();
        this.connection.console.error(`dvr-hints: analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      },
    );
    if (!finished) this.running.set(uri, run);
  }

  /** Analyses the current version at once (for requests that need fresh results). */
  analyseNow(uri: string): AnalysedDocument | undefined {
    this.cancelRunning(uri);
    const pending = this.prepare(uri);
    if (!pending) return undefined;
    return this.publishAnalysis(uri, pending, analyseDocument(pending.document, pending.path, this.rules, pending.options));
  }

  /** What an analysis of the document would read; undefined (with empty diagnostics published) when it is not analysed. */
  private prepare(uri: string): PendingAnalysis | undefined {
    const document = this.documents.get(uri);
    if (!document || !PYTHON_LANGUAGES.has(document.languageId)) return undefined;
    const version = document.version;
    const filePath = uriToPath(uri);
    const { options, excluded } = this.optionsFor(filePath);
    if (!this.settings.enable || excluded) {
      this.results.delete(uri);
      this.publish(uri, version, undefined, 'editor');
      return undefined;
    }
    const name = path.basename(filePath ?? uri);
    if (document.text.length > this.settings.maxFileSize) {
      this.skip(uri, version, `DVR Security Hints skipped ${name}: ${document.text.length} characters is over the dvrHints.maxFileSize limit of ${this.settings.maxFileSize}.`);
      return undefined;
    }
    try {
      // Parsed here (the document keeps the tree) so that a text tree-sitter cannot parse is skipped with a notice.
      document.currentTree();
    } catch (error) {
      if (!(error instanceof ParseTimeout)) throw error;
      this.skip(uri, version, `DVR Security Hints skipped ${name}: ${error.message}.`);
      return undefined;
    }
    this.startedAnalyses++;
    return { document, version, options: analysisOptions(options), path: filePath ?? uri };
  }

  /** Publishes no diagnostics for a document that is not analysed, with one notice per document saying why. */
  private skip(uri: string, version: number, message: string): void {
    this.results.delete(uri);
    if (!this.skippedNoticeSent.has(uri)) {
      this.skippedNoticeSent.add(uri);
      this.connection.console.warn(message);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
    this.publish(uri, version, undefined, 'editor');
  }

  private publishAnalysis(uri: string, pending: PendingAnalysis, raw: AnalysisResult): AnalysedDocument {
    const result = this.displayed(uriToPath(uri), raw);
    const analysed = { document: pending.document, result, raw, version: pending.version };
    this.results.set(uri, analysed);
    this.publish(uri, pending.version, result, 'editor');
    return analysed;
  }
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function serverVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path.join(path.dirname(require('../engine/catalogue').findRulesDirectory()), 'package.json')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function startServer(connection: Connection = createConnection()): DvrHintsServer {
  const server = new DvrHintsServer(connection);
  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(() => void server.initialized());
  connection.onDidChangeConfiguration((change) => void server.refreshSettings(change.settings));
  connection.onDidOpenTextDocument(({ textDocument: d }) => server.open(d.uri, d.languageId, d.version, d.text));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const document = server.documents.get(textDocument.uri);
    if (!document) return;
    document.applyChanges(contentChanges, textDocument.version, server.encoding);
    server.schedule(textDocument.uri);
  });
  connection.onDidCloseTextDocument(({ textDocument }) => server.close(textDocument.uri));
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => c.uri.endsWith('pyproject.toml'))) server.invalidateProjectConfig();
    for (const hook of server.hooks.watchedFilesChanged) hook(changes);
  });
  connection.onRequest(DebugDocumentRequest, ({ uri }) => {
    if (!server.debug) return new ResponseError(ErrorCodes.MethodNotFound, 'dvrHints/debugDocument needs the server started with debug: true');
    const document = server.documents.get(uri);
    return document ? { version: document.version, text: document.text, cancelledAnalyses: server.cancelledAnalyses, startedAnalyses: server.startedAnalyses } : null;
  });
  connection.onNotification(TrustNotification, (params) => {
    server.setTrusted(params.trusted);
    void server.refreshSettings();
  });
  registerFindings(connection, server);
  registerHover(connection, server);
  registerRuleDocs(connection, server);
  registerWorkspaceScan(connection, server);
  connection.languages.diagnostics.on((params, token) => server.pull?.document(params.textDocument.uri, params.previousResultId, token) ?? { kind: 'full', items: [] });
  connection.languages.diagnostics.onWorkspace((params, token) => server.pull?.workspace(params.previousResultIds, token) ?? { items: [] });
  server.codeActions.register(connection);
  connection.listen();
  return server;
}
