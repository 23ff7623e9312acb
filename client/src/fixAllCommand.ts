import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { fixAllMessage } from '../../server/src/fixes/fixSummary';

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
    })) as { applied?: boolean; fixes?: number; byRule?: Record<string, number>; remaining?: number } | null;
    void vscode.window.showInformationMessage(`DVR Security Hints: ${fixAllMessage(result?.fixes ?? 0, result?.byRule ?? {}, result?.remaining ?? 0, path.basename(document.uri.path))}`);
  });
}
