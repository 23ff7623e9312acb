import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CancellationToken,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from '../../server/src/lsp/protocol';

/** The real language server (dist/server.js) over stdio, driven as an editor would. */
export class ServerUnderTest {
  private readonly waiting = new Map<string, { version: number; resolve: () => void }>();
  readonly published = new Map<string, number>();

  private constructor(
    private readonly child: ChildProcess,
    private readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.set(params.uri, params.diagnostics.length);
      const waiter = this.waiting.get(params.uri);
      if (waiter && (params.version ?? 0) >= waiter.version) {
        this.waiting.delete(params.uri);
        waiter.resolve();
      }
    });
  }

  /** `folders`: workspace folders (for the workspace scan). */
  static async start(serverScript: string, folders: string[] = []): Promise<ServerUnderTest> {
    const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.listen();
    const server = new ServerUnderTest(child, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folders.length > 0 ? pathToFileURL(folders[0]).toString() : null,
      workspaceFolders: folders.map((f) => ({ uri: pathToFileURL(f).toString(), name: f })),
      capabilities: { general: { positionEncodings: ['utf-16'] } },
      initializationOptions: { settings: {} },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return server;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves when diagnostics for `uri` at `version` (or later) arrive. */
  private diagnosticsFor(uri: string, version: number): Promise<void> {
    return new Promise((resolve) => this.waiting.set(uri, { version, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    const published = this.diagnosticsFor(uri, version);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
    await published;
  }

  /** Sends one didChange and returns the milliseconds until its diagnostics arrived. */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const published = this.diagnosticsFor(uri, version);
    const start = performance.now();
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    await published;
    return performance.now() - start;
  }

  /** Starts the workspace scan (progress to a token of ours, which nobody watches); resolves when it ends. */
  scanWorkspace(token?: CancellationToken): Promise<ScanWorkspaceResult> {
    return this.connection.sendRequest(ScanWorkspaceRequest, { workDoneToken: 'bench-scan' }, token);
  }

  /** Resident and peak memory of the server process from /proc (Linux), in kB. */
  memoryKb(): { rss: number; peak: number } | undefined {
    try {
      const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
      return { rss: field('VmRSS'), peak: field('VmHWM') };
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone.
    }
    this.connection.dispose();
    this.child.kill();
  }
}
