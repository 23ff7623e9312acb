import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

/** Client command id; the server's own command (`dvrHints.applyFixAll`) is registered by the language client. */
export const FIX_ALL_COMMAND = 'dvrHints.fixAll';
const SERVER_COMMAND = 'dvrHints.applyFixAll';

/** "DVR Security Hints: Fix all auto-fixable problems" for the active editor: the server computes and applies the edit. */
export function registerFixAllCommand(client: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(FIX_ALL_COMMAND, async () => {
    const editor = vscode.window.activeTextEditor;
    const running = client();
    if (!editor || editor.document.languageId !== 'python' || !running) {
      void vscode.window.showInformationMessage('DVR Security Hints: open a Python file to fix its problems.');
      return;
    }
    const document = editor.document;
    const result = (await running.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMAND,
      arguments: [{ uri: document.uri.toString(), version: document.version }],
    })) as { applied?: boolean; fixes?: number } | null;
    const fixes = result?.fixes ?? 0;
    vscode.window.setStatusBarMessage(fixes > 0 ? `DVR Security Hints: fixed ${fixes} problem${fixes === 1 ? '' : 's'}` : 'DVR Security Hints: nothing to fix', 4000);
  });
}
