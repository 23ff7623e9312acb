import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  InitializedNotification,
  InitializeRequest,
  WorkDoneProgress,
  type ClientCapabilities,
  type InitializeResult,
  type ProgressToken,
  type Registration,
  type ShowMessageParams,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import { FindingsNotification, type FileFindings } from '../src/lsp/protocol';
import { TestLspClient } from './lspClient';

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

/** What a full-featured editor offers: pulled settings, folders, progress, file watching. */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  window: { workDoneProgress: true },
  workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
};

/**
 * A stdio client for the workspace features: answers the server's requests (settings,
 * folders, progress creation) and records its findings, messages and progress.
 */
export class WorkspaceTestClient extends TestLspClient {
  settings: Record<string, unknown> = {};
  /** Settings of one workspace folder (by its URI), answered for requests with that scopeUri. */
  folderSettings: Record<string, Record<string, unknown>> = {};
  folders: string[] = [];
  readonly findingsLog: FileFindings[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  /** workspace/diagnostic/refresh requests received (pull diagnostics). */
  refreshRequests = 0;
  readonly registrations: Registration[] = [];
  readonly progress = new Map<ProgressToken, ProgressValue[]>();
  readonly createdTokens: ProgressToken[] = [];
  /** workspace/configuration requests answered so far. */
  configurationRequests = 0;
  /** Called with each progress value (tests cancel from here). */
  onProgressValue: (token: ProgressToken, value: ProgressValue) => void = () => undefined;

  constructor() {
    super();
    const c = this.connection;
    c.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
      this.configurationRequests++;
      return params.items.map((item) => (item.scopeUri !== undefined && this.folderSettings[item.scopeUri]) || this.settings);
    });
    c.onRequest('workspace/workspaceFolders', () => this.folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })));
    c.onRequest('client/registerCapability', (params: { registrations: Registration[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    c.onRequest('window/workDoneProgress/create', (params: { token: ProgressToken }) => {
      this.createdTokens.push(params.token);
      this.watchProgress(params.token);
      return null;
    });
    c.onNotification('window/showMessage', (params: ShowMessageParams) => {
      this.messages.push(params);
    });
    c.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
      this.messages.push(params);
      return null;
    });
    c.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    c.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshRequests++;
      return null;
    });
    c.onNotification(FindingsNotification.method, (params: FileFindings) => {
      this.findingsLog.push(params);
    });
  }

  watchProgress(token: ProgressToken): void {
    this.progress.set(token, []);
    this.connection.onProgress(WorkDoneProgress.type, token, (value) => {
      this.progress.get(token)?.push(value);
      this.onProgressValue(token, value);
    });
  }

  async start(folders: string[], settings: Record<string, unknown> = {}, initializationOptions?: unknown, capabilities: ClientCapabilities = EDITOR_CAPABILITIES): Promise<InitializeResult> {
    this.folders = folders;
    this.settings = settings;
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders[0] ? pathToFileURL(folders[0]).toString() : null,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: path.basename(f) })),
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    // The server reads the settings after `initialized`; messages sent after the answer see them applied.
    await until(() => this.configurationRequests > 0, 'the server to ask for the settings');
    return result;
  }

  /** The last findings notification for a file, if any. */
  latestFindings(uri: string): FileFindings | undefined {
    for (let i = this.findingsLog.length - 1; i >= 0; i--) if (this.findingsLog[i].uri === uri) return this.findingsLog[i];
    return undefined;
  }

  ruleIdsOf(uri: string): string[] {
    return (this.latestFindings(uri)?.findings ?? []).map((f) => f.ruleId).sort();
  }
}

/** Polls until `check` returns something other than undefined/false. */
export async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/** A temporary folder tree: `files` maps relative paths to contents. */
export function makeTree(files: Record<string, string>, prefix = 'dvr-ws-'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

export const uriOf = (file: string): string => pathToFileURL(file).toString();
