import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ScanWorkspaceRequest, type ScanWorkspaceResult } from '../../server/src/lsp/protocol';
import { plural } from './findingsModel';

let running: vscode.CancellationTokenSource | undefined;

/**
 * `dvrHints.scanWorkspace`: asks the server to scan every Python file of the workspace,
 * showing its progress (files done / total) in a notification with a Cancel button.
 */
export async function scanWorkspace(client: LanguageClient | undefined): Promise<ScanWorkspaceResult | undefined> {
  if (!client) {
    void vscode.window.showWarningMessage('DVR Security Hints: the language server is not running.');
    return undefined;
  }
  running?.cancel(); // The server also supersedes an older scan; this closes its notification.
  const cancellation = new vscode.CancellationTokenSource();
  running = cancellation;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'DVR Security Hints: scanning workspace', cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => cancellation.cancel());
        const workDoneToken = randomUUID();
        let reported = 0;
        const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
          if (value.kind === 'end') return;
          const percentage = value.percentage ?? reported;
          progress.report({ message: value.message, increment: percentage - reported });
          reported = percentage;
        });
        try {
          return await client.sendRequest(ScanWorkspaceRequest, { workDoneToken }, cancellation.token);
        } finally {
          listener.dispose();
        }
      },
    );
    const summary = `${result.cancelled ? 'Scan cancelled after' : 'Scanned'} ${plural(result.analysed, 'Python file')}: ${plural(result.findings, 'finding')}${result.skipped > 0 ? `, ${result.skipped} skipped (see the output)` : ''}.`;
    void vscode.window.showInformationMessage(`DVR Security Hints: ${summary}`, 'Show Findings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('dvrHints.showFindings');
    });
    return result;
  } catch (error) {
    if (cancellation.token.isCancellationRequested) return undefined;
    void vscode.window.showErrorMessage(`DVR Security Hints: the workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  } finally {
    if (running === cancellation) running = undefined;
    cancellation.dispose();
  }
}
