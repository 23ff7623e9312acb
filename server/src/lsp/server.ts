import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { ConfigResolver, formatProblem, resolveProject, rulePath, type ResolvedConfig, type SettingProblem } from '../config/resolver';
import { RuleIds } from '../config/ruleIds';
import { loadCatalogue } from '../engine/catalogue';
import { analysisOptions, displayResult } from '../engine/display';
import { buildRuleSet, type ActiveRule, type AnalysisResult } from '../engine/engine';
import type { PositionEncoding } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import { ALL_CHECKS } from '../rules';
import { readPythonSource } from '../scan/files';
import { CodeActions } from './codeActions';
import { toDiagnostic } from './diagnostics';
import { OpenDocument } from './document';
import { IdleCollector } from './idleCollector';
import { TreeBudget } from './treeBudget';
import { analyseDocument, analyseDocumentSteps } from './documentAnalysis';
import { parsePython, ParseTimeout } from '../engine/parser';
import type { Finding } from '../engine/types';
import { baselinedDiagnostic, EditorBaselines } from './baselineView';
import { registerFindings } from './findings';
import { registerHover } from './hover';
import { clientPullsDiagnostics, PullDiagnostics, pullCapability } from './pullDiagnostics';
import { DebugDocumentRequest, TrustNotification, type FindingsOrigin } from './protocol';
import { registerRuleDocs } from './ruleDocs';
import { DEFAULT_SERVER_SETTINGS, readEditorSettings, type BaselineMode, type ServerSettings } from './settings';
import { runInSlices, type SlicedRun } from './slicedRun';
import { guardedTransport } from './transport';
import { registerWorkspaceScan } from './workspaceScan';
import { registerSummaryIndex, SummaryIndex } from './summaryIndex';

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
  /** The path rules see (relative to the project root; the URI of an unsaved document). */
  path: string;
  /** The options the analysis runs with: every rule, nothing filtered (engine/display.ts). */
  options: LintOptions;
}

/** The configuration of one file, from the one resolver (config/resolver.ts). */
export interface FileConfig {
  options: LintOptions;
  excluded: boolean;
  /** The path rules see: relative to the project root (the URI of an unsaved document). */
  path: string;
  /** In bytes. */
  maxFileSize: number;
  resolved: ResolvedConfig;
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
  /** Which open documents keep their parsed trees (the recently analysed ones). */
  private readonly trees = new TreeBudget();
  /** Frees the native memory of released trees and closed documents when the server is quiet. */
  private readonly collector = new IdleCollector();
  readonly results = new Map<string, AnalysedDocument>();
  readonly rules: ActiveRule[] = buildRuleSet(ALL_CHECKS);
  readonly catalogue = loadCatalogue();
  readonly ruleIds = new RuleIds(this.catalogue.keys());
  readonly resolver = new ConfigResolver(this.ruleIds);
  /** The workspace folders as paths (the project root of a file without a pyproject.toml). */
  workspaceFolders: string[] = [];
  encoding: PositionEncoding = 'utf-16';
  readonly hooks: ServerHooks = { ready: [], published: [], closed: [], reanalyse: [], watchedFilesChanged: [], redisplay: [], editorBusy: [], editorIdle: [] };
  initializeParams: InitializeParams | undefined;
  readonly codeActions = new CodeActions(this);
  /** Function summaries of the workspace's files, for taint across modules. */
  readonly summaries = new SummaryIndex(this);
  private settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  /** The last settings value received, re-read when workspace trust changes. */
  private rawSettings: unknown;
  /** Each workspace folder's settings (multi-root workspaces: `workspace/configuration` with its scopeUri). */
  private folderSettings = new Map<string, { raw: unknown; settings: ServerSettings }>();
  readonly baselines = new EditorBaselines((file, message) => this.reportProblems([{ setting: `baseline ${file}`, message }]));
  private trusted = true;
  private pullConfiguration = false;
  /** Set when the client pulls diagnostics (LSP 3.17); undefined: they are pushed. */
  pull: PullDiagnostics | undefined;
  private refreshDiagnostics = false;
  private refreshWanted = false;
  /** analysisKey() of the settings the current results were analysed with. */
  private analysedWith = '';
  private readonly scheduled = new Map<string, NodeJS.Timeout>();
  /** Problems of the current settings already reported (each is reported once, until it goes away). */
  private reportedSettingProblems = new Set<string>();
  /** Problems of pyproject.toml files already reported (until a pyproject.toml changes). */
  private readonly reportedProjectProblems = new Set<string>();
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
    this.workspaceFolders = (params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: '' }] : []))
      .map((f) => uriToPath(f.uri))
      .filter((p): p is string => p !== undefined);
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
        // Saves update the workspace's function summaries (summaryIndex.ts).
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
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

  /** The settings that apply to a file: its workspace folder's, else the window's. */
  settingsFor(filePath: string | undefined): ServerSettings {
    const folder = filePath ? this.workspaceFolderOf(filePath) : undefined;
    return (folder && this.folderSettings.get(folder)?.settings) || this.settings;
  }

  async refreshSettings(pushed?: unknown): Promise<void> {
    if (this.pullConfiguration) {
      try {
        const folders = [...this.workspaceFolders];
        const items = [{ section: 'dvrHints' }, ...folders.map((folder) => ({ scopeUri: pathToFileURL(folder).href, section: 'dvrHints' }))];
        const [value, ...perFolder] = (await this.connection.workspace.getConfiguration(items)) as unknown[];
        this.folderSettings = new Map(folders.map((folder, i) => [folder, { raw: perFolder[i], settings: DEFAULT_SERVER_SETTINGS }]));
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
    return JSON.stringify([this.trusted, this.settings.enable, rest]);
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (this.rawSettings !== undefined) this.applySettings(this.rawSettings);
  }

  /** Reads the window's settings (`value`) and again each workspace folder's, reporting new problems once. */
  private applySettings(value: unknown): void {
    this.rawSettings = value;
    this.settings = readEditorSettings(value, this.trusted, this.ruleIds, this.workspaceFolders.length === 1 ? this.workspaceFolders[0] : undefined);
    const problems = [...this.settings.problems];
    for (const [folder, entry] of this.folderSettings) {
      entry.settings = entry.raw === undefined || entry.raw === null ? this.settings : readEditorSettings(entry.raw, this.trusted, this.ruleIds, folder);
      problems.push(...entry.settings.problems);
    }
    const unique = new Map(problems.map((p) => [formatProblem(p), p]));
    this.reportProblems([...unique.values()].filter((p) => !this.reportedSettingProblems.has(formatProblem(p))));
    this.reportedSettingProblems = new Set(unique.keys());
  }

  /** One log line and one notification per problem: the setting by its real name, and that only it falls back. */
  reportProblems(problems: readonly SettingProblem[]): void {
    if (problems.length === 0) return;
    const lines = problems.map(formatProblem);
    const settings = [...new Set(problems.map((p) => p.setting))];
    const fallback = settings.length === 1 ? 'this setting is ignored (its default or pyproject.toml applies)' : 'these settings are ignored (their defaults or pyproject.toml apply)';
    this.connection.console.error(`dvr-hints: invalid configuration, ${fallback}: ${lines.join('; ')}`);
    void this.connection.window.showErrorMessage(`DVR Security Hints: invalid configuration, ${fallback}. ${lines.join('; ')}`);
  }

  invalidateProjectConfig(): void {
    this.resolver.invalidate();
    this.reportedProjectProblems.clear();
    this.reanalyseAll();
  }

  /** The innermost workspace folder that holds a file, if any. */
  workspaceFolderOf(filePath: string): string | undefined {
    let best: string | undefined;
    for (const folder of this.workspaceFolders) {
      const relative = path.relative(folder, filePath);
      if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) && (!best || folder.length > best.length)) best = folder;
    }
    return best;
  }

  /** The folder a file's project root falls back to without a pyproject.toml: its workspace folder, else its own folder. */
  fallbackRoot(filePath: string): string {
    return this.workspaceFolderOf(filePath) ?? path.dirname(filePath);
  }

  /** A file's configuration: its project's pyproject.toml (validated, problems reported once) under the editor settings. */
  configFor(filePath: string | undefined): FileConfig {
    const overrides = { overrides: this.settingsFor(filePath).config, trusted: this.trusted };
    if (!filePath) {
      const resolved = resolveProject({ root: '', layer: { config: {}, problems: [] } }, overrides);
      return { options: resolved.options, excluded: false, path: '', maxFileSize: resolved.maxFileSize, resolved };
    }
    const resolved = this.resolver.resolve(filePath, this.fallbackRoot(filePath), overrides);
    const fresh = resolved.problems.filter((p) => !this.reportedProjectProblems.has(formatProblem(p)));
    for (const p of fresh) this.reportedProjectProblems.add(formatProblem(p));
    this.reportProblems(fresh);
    return { options: resolved.options, excluded: resolved.exclude.matches(filePath), path: rulePath(filePath, resolved.root), maxFileSize: resolved.maxFileSize, resolved };
  }

  /** Options for one file (see configFor). */
  optionsFor(filePath: string | undefined): FileConfig {
    return this.configFor(filePath);
  }

  open(uri: string, languageId: string, version: number, text: string): void {
    this.documents.set(uri, new OpenDocument(uri, version, text, languageId));
    if (PYTHON_LANGUAGES.has(languageId)) this.summaries.refreshOpen(uri);
    this.schedule(uri);
  }

  close(uri: string): void {
    const document = this.documents.get(uri);
    if (document) {
      this.trees.forget(document);
      this.collector.released(1);
    }
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

  /**
   * Sends a file's diagnostics (none when `result` is undefined) and tells the feature
   * modules. With a baseline, baselined findings become hints or disappear, and the modules
   * (findings view, status bar) see the new findings only. `text`: the analysed text of a
   * file analysed from disk (an open document's is its own).
   */
  publish(uri: string, version: number | undefined, result: AnalysisResult | undefined, origin: FindingsOrigin, text?: string): void {
    const split = result ? this.splitByBaseline(uri, result, origin, text) : undefined;
    const diagnostic = (f: Finding): Diagnostic => toDiagnostic(f, this.catalogue.get(f.ruleId) as never, uri, (result as AnalysisResult).lineIndex, this.encoding);
    const diagnostics = split ? split.fresh.map(diagnostic) : [];
    for (const f of split?.baselined ?? []) {
      const shown = baselinedDiagnostic(diagnostic(f), split?.mode ?? 'hint');
      if (shown) diagnostics.push(shown);
    }
    if (this.pull) this.pull.set(uri, version, origin, diagnostics);
    else void this.connection.sendDiagnostics({ uri, version, diagnostics });
    const shownResult = result && split && split.baselined.length > 0 ? { ...result, findings: split.fresh } : result;
    const published: PublishedAnalysis = { uri, version, origin, result: shownResult };
    for (const hook of this.hooks.published) hook(published);
  }

  /** A file's findings split by its baseline (all fresh without one). */
  private diskText(filePath: string): string | undefined {
    const read = readPythonSource(filePath, this.configFor(filePath).maxFileSize);
    return read.ok ? read.text : undefined;
  }

  private splitByBaseline(uri: string, result: AnalysisResult, origin: FindingsOrigin, text: string | undefined): { fresh: Finding[]; baselined: Finding[]; mode: BaselineMode } {
    const filePath = uriToPath(uri);
    const none = { fresh: result.findings, baselined: [], mode: 'hint' as const };
    if (!filePath || result.findings.length === 0) return none;
    const file = this.configFor(filePath).resolved.config.baseline;
    const baseline = file ? this.baselines.baselineAt(file) : undefined;
    if (!baseline) return none;
    const document = origin === 'editor' ? this.documents.get(uri) : undefined;
    // A disk result from the scan cache or a worker comes without its text: read it for the fingerprints.
    const source = document?.text ?? text ?? (origin === 'disk' ? this.diskText(filePath) : undefined);
    if (source === undefined) return none;
    const root = (document ? document.currentTree() : parsePython(source)).rootNode;
    return { ...this.baselines.split(result.findings, source, root, filePath, baseline), mode: this.settingsFor(filePath).baselineMode };
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
      analyseDocumentSteps(pending.document, pending.path, this.rules, pending.options, this.summaries.workspace),
      ANALYSIS_SLICE_MS,
      (result) => {
        settle();
        this.collector.released(this.trees.used(pending.document));
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
    const result = analyseDocument(pending.document, pending.path, this.rules, pending.options, this.summaries.workspace);
    this.collector.released(this.trees.used(pending.document));
    return this.publishAnalysis(uri, pending, result);
  }

  /** What an analysis of the document would read; undefined (with empty diagnostics published) when it is not analysed. */
  private prepare(uri: string): PendingAnalysis | undefined {
    const document = this.documents.get(uri);
    if (!document || !PYTHON_LANGUAGES.has(document.languageId)) return undefined;
    const version = document.version;
    const filePath = uriToPath(uri);
    const config = this.configFor(filePath);
    const { options, excluded } = config;
    if (!this.settingsFor(filePath).enable || excluded) {
      this.results.delete(uri);
      this.publish(uri, version, undefined, 'editor');
      return undefined;
    }
    const name = path.basename(filePath ?? uri);
    // Characters first: a text under the limit in UTF-16 units may still be over it in UTF-8 bytes, never the other way.
    const bytes = document.text.length > config.maxFileSize / 3 ? Buffer.byteLength(document.text, 'utf8') : document.text.length;
    if (bytes > config.maxFileSize) {
      this.skip(uri, version, `DVR Security Hints skipped ${name}: ${bytes} bytes is over the dvrHints.maxFileSize limit of ${config.maxFileSize} bytes.`);
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
    return { document, version, options: analysisOptions(options), path: filePath ? config.path : uri };
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

/** The connection on the transport the command line names, behind the JSON-RPC and lifecycle guard (transport.ts). */
function defaultConnection(): Connection {
  const transport = guardedTransport();
  return transport ? createConnection(transport.reader, transport.writer) : createConnection();
}

export function startServer(connection: Connection = defaultConnection()): DvrHintsServer {
  const server = new DvrHintsServer(connection);
  connection.onInitialize((params) => server.initialize(params));
  connection.onInitialized(() => void server.initialized());
  connection.onDidChangeConfiguration((change) => void server.refreshSettings(change.settings));
  connection.onDidOpenTextDocument(({ textDocument: d }) => server.open(d.uri, d.languageId, d.version, d.text));
  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    const document = server.documents.get(textDocument.uri);
    if (!document) return;
    if (textDocument.version < document.version) {
      // Versions only grow (LSP); an older one is a stale or replayed change, and applying it would corrupt the text.
      connection.console.warn(`dvr-hints: ignored a change to ${textDocument.uri}: version ${textDocument.version} is older than ${document.version}`);
      return;
    }
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
    return document ? { version: document.version, text: document.text, cancelledAnalyses: server.cancelledAnalyses, startedAnalyses: server.startedAnalyses, hasTree: document.hasTree } : null;
  });
  connection.onNotification(TrustNotification, (params) => {
    server.setTrusted(params.trusted);
    void server.refreshSettings();
  });
  registerFindings(connection, server);
  registerHover(connection, server);
  registerRuleDocs(connection, server);
  registerWorkspaceScan(connection, server);
  registerSummaryIndex(connection, server);
  connection.languages.diagnostics.on((params, token) => server.pull?.document(params.textDocument.uri, params.previousResultId, token) ?? { kind: 'full', items: [] });
  connection.languages.diagnostics.onWorkspace((params, token) => server.pull?.workspace(params.previousResultIds, token) ?? { items: [] });
  server.codeActions.register(connection);
  connection.listen();
  return server;
}
