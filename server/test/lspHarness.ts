import { spawn, type ChildProcess } from 'child_process';
import * as path from 'path';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShowMessageRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type LogMessageParams,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { DebugDocumentRequest, type DebugDocumentResult } from '../src/lsp/protocol';
import { REPO_ROOT } from './helpers';

/**
 * A language client for tests: runs the real bundled server (dist/server.js) over stdio
 * and records what it publishes and says. No VS Code involved.
 */

export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

export interface SessionOptions {
  /** The position encoding the client offers (the server picks it when it is utf-8). */
  encoding?: 'utf-8' | 'utf-16';
  /** `dvrHints.*` editor settings sent as initializationOptions. */
  settings?: unknown;
  /** Enables the `dvrHints/debugDocument` request. */
  debug?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface ShownMessage extends ShowMessageParams {
  /** `window/showMessageRequest` (a request with optional actions) or `window/showMessage`. */
  via: 'request' | 'notification';
}

export class LspSession {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly shown: ShownMessage[] = [];
  readonly logs: LogMessageParams[] = [];
  stderr = '';
  /** What the server answered in `positionEncoding`. */
  encoding: 'utf-8' | 'utf-16' = 'utf-16';
  private listeners: (() => void)[] = [];
  private exited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(child, connection);
    child.stderr.on('data', (chunk: Buffer) => {
      session.stderr += chunk.toString();
    });
    child.on('exit', () => {
      session.exited = true;
      session.notify();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = session.diagnostics.get(params.uri) ?? [];
      list.push(params);
      session.diagnostics.set(params.uri, list);
      session.notify();
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      session.shown.push({ ...params, via: 'notification' });
      session.notify();
    });
    connection.onRequest(ShowMessageRequest.type, (params) => {
      session.shown.push({ type: params.type, message: params.message, via: 'request' });
      session.notify();
      return null;
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      session.logs.push(params);
      session.notify();
    });
    connection.onError(() => undefined);
    connection.onClose(() => undefined);
    connection.listen();
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        general: { positionEncodings: [options.encoding ?? 'utf-16'] },
        textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
      },
      initializationOptions: { settings: options.settings ?? {}, trusted: true, ...(options.debug ? { debug: true } : {}) },
    });
    session.encoding = result.capabilities.positionEncoding === 'utf-8' ? 'utf-8' : 'utf-16';
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  private notify(): void {
    const listeners = this.listeners;
    this.listeners = [];
    for (const l of listeners) l();
  }

  /** Resolves when `ready()` returns a value (checked on every message from the server), rejects after `timeoutMs`. */
  waitFor<T>(what: string, ready: () => T | undefined, timeoutMs = 20_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.stderr ? `\nserver stderr:\n${this.stderr.slice(-2000)}` : ''}`)), timeoutMs);
      const check = (): void => {
        let value: T | undefined;
        try {
          value = ready();
        } catch (error) {
          clearTimeout(timer);
          reject(error);
          return;
        }
        if (value !== undefined) {
          clearTimeout(timer);
          resolve(value);
        } else if (this.exited) {
          clearTimeout(timer);
          reject(new Error(`the server exited while waiting for ${what}\n${this.stderr.slice(-2000)}`));
        } else {
          this.listeners.push(check);
        }
      };
      check();
    });
  }

  /** The first publication for `uri` of `version` (or any version, when omitted) from index `from` on. */
  waitForDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`, () => (this.diagnostics.get(uri) ?? []).find((p) => version === undefined || p.version === version), timeoutMs);
  }

  async open(uri: string, text: string, version = 1, languageId = 'python'): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  debugDocument(uri: string): Promise<DebugDocumentResult | null> {
    return this.connection.sendRequest(DebugDocumentRequest, { uri });
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** Kills the server process outright (a crash, as far as the client can tell). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    this.process.kill(signal);
    await gone;
    this.connection.dispose();
  }

  /** shutdown + exit, as a client does; kills the process if it does not leave. */
  async stop(): Promise<void> {
    if (this.exited) {
      this.connection.dispose();
      return;
    }
    const gone = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 3000))]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The connection may already be gone.
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
