import * as path from 'path';
import { fileURLToPath } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { ConfigError, type RawConfig } from '../config/schema';
import { findProjectConfig } from '../config/pyproject';
import { ExcludeMatcher } from '../config/exclude';
import { mergeConfig, toLintOptions } from '../config/resolve';
import { loadCatalogue } from '../engine/catalogue';
import { buildRuleSet, type ActiveRule, type AnalysisResult } from '../engine/engine';
import type { PositionEncoding } from '../engine/lineIndex';
import type { LintOptions } from '../engine/options';
import { ALL_CHECKS } from '../rules';
import { toDiagnostic } from './diagnostics';
import { OpenDocument } from './document';
import { analyseDocument } from './documentAnalysis';
import { TrustNotification } from './protocol';
import { DEFAULT_SERVER_SETTINGS, readEditorSettings, type ServerSettings } from './settings';

const PYTHON_LANGUAGES = new Set(['python']);

export interface AnalysedDocument {
  document: OpenDocument;
  result: AnalysisResult;
  version: number;
}

/** The language server: documents, settings and analysis; speaks only LSP. */
export class DvrHintsServer {
  readonly documents = new Map<string, OpenDocument>();
  readonly results = new Map<string, AnalysedDocument>();
  readonly rules: ActiveRule[] = buildRuleSet(ALL_CHECKS);
  readonly catalogue = loadCatalogue();
  encoding: PositionEncoding = 'utf-16';
  private settings: ServerSettings = DEFAULT_SERVER_SETTINGS;
  private trusted = true;
  private pullConfiguration = false;
  private readonly scheduled = new Map<string, NodeJS.Immediate>();
  private readonly projectConfigs = new Map<string, { config: RawConfig; root: string; error?: string }>();
  private readonly reportedErrors = new Set<string>();
  private readonly oversizedNoticeSent = new Set<string>();

  constructor(readonly connection: Connection) {}

  initialize(params: InitializeParams): InitializeResult {
    const offered = params.capabilities.general?.positionEncodings ?? [];
    this.encoding = offered.includes('utf-8') ? 'utf-8' : 'utf-16';
    this.pullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = (params.initializationOptions ?? {}) as { settings?: unknown; trusted?: boolean };
    this.trusted = init.trusted !== false;
    if (init.settings !== undefined) this.applySettings(init.settings);
    return {
      capabilities: {
        positionEncoding: this.encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      },
      serverInfo: { name: 'dvr-hints', version: serverVersion() },
    };
  }

  async initialized(): Promise<void> {
    if (this.pullConfiguration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'dvrHints' }).catch(() => undefined);
      await this.refreshSettings();
    }
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
    this.reanalyseAll();
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
  }

  private applySettings(value: unknown): void {
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
    const config = mergeConfig(project.config, this.settings.config);
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
    if (pending) clearImmediate(pending);
    this.scheduled.delete(uri);
    this.oversizedNoticeSent.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  reanalyseAll(): void {
    for (const uri of this.documents.keys()) this.schedule(uri);
  }

  /** Analysis runs after the pending messages, so a burst of edits costs one analysis. */
  schedule(uri: string): void {
    const pending = this.scheduled.get(uri);
    if (pending) clearImmediate(pending);
    this.scheduled.set(
      uri,
      setImmediate(() => {
        this.scheduled.delete(uri);
        this.analyseNow(uri);
      }),
    );
  }

  analyseNow(uri: string): AnalysedDocument | undefined {
    const document = this.documents.get(uri);
    if (!document || !PYTHON_LANGUAGES.has(document.languageId)) return undefined;
    const version = document.version;
    const filePath = uriToPath(uri);
    const { options, excluded } = this.optionsFor(filePath);
    if (!this.settings.enable || excluded) {
      this.results.delete(uri);
      void this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return undefined;
    }
    if (document.text.length > this.settings.maxFileSize) {
      this.results.delete(uri);
      if (!this.oversizedNoticeSent.has(uri)) {
        this.oversizedNoticeSent.add(uri);
        const message = `DVR Security Hints skipped ${path.basename(filePath ?? uri)}: ${document.text.length} characters is over the dvrHints.maxFileSize limit of ${this.settings.maxFileSize}.`;
        this.connection.console.warn(message);
        void this.connection.window.showInformationMessage(message);
      }
      void this.connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return undefined;
    }
    const result = analyseDocument(document, filePath ?? uri, this.rules, options);
    const analysed = { document, result, version };
    this.results.set(uri, analysed);
    const diagnostics = result.findings.map((f) => toDiagnostic(f, this.catalogue.get(f.ruleId) as never, uri, result.lineIndex, this.encoding));
    void this.connection.sendDiagnostics({ uri, version, diagnostics });
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

function serverVersion(): string {
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
  });
  connection.onNotification(TrustNotification, (params) => {
    server.setTrusted(params.trusted);
    void server.refreshSettings();
  });
  connection.listen();
  return server;
}
