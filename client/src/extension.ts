import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { TrustNotification } from '../../server/src/lsp/protocol';
import { registerFindingsView } from './findingsCommands';
import { registerFixAllCommand } from './fixAllCommand';

let client: LanguageClient | undefined;

/** Starts the language server; all analysis happens there, the client only shows results. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = vscode.window.createOutputChannel('DVR Security Hints', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    synchronize: {
      configurationSection: 'dvrHints',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/pyproject.toml'),
    },
    // A function, so a server restarted after a crash starts from the current settings and trust.
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('dvrHints'),
      trusted: vscode.workspace.isTrusted,
      // Where the server keeps the workspace scan's results, so a restart shows them again at once.
      storagePath: (context.storageUri ?? context.globalStorageUri).fsPath,
      // This extension keeps push diagnostics: its findings view and end-to-end suite are built on
      // them. Other clients that advertise LSP pull diagnostics get pull (server/src/lsp/pullDiagnostics.ts).
      diagnostics: 'push',
    }),
    outputChannel: output,
  };
  client = new LanguageClient('dvrHints', 'DVR Security Hints', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification(TrustNotification, { trusted: true })),
    vscode.commands.registerCommand('dvrHints.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('dvrHints.showOutput', () => output.show()),
    registerFindingsView(context, () => (client?.state === State.Running ? client : undefined), client),
    registerFixAllCommand(() => client),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
