import * as vscode from 'vscode';
import { statusText, statusTooltip } from './findingsModel';
import type { FindingsTreeProvider } from './findingsView';

/** Counts for the active file and the workspace (all findings, as in the Problems panel); a click opens the findings view. */
export function createStatusBar(view: FindingsTreeProvider): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('dvrHints.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'DVR Security Hints';
  item.command = 'dvrHints.showFindings';
  const update = (): void => {
    // Every finding, counted at the level the Problems panel shows it (not the view's filter).
    const workspace = view.store.counts();
    const files = view.store.fileCount;
    const editor = vscode.window.activeTextEditor;
    const active = editor && editor.document.languageId === 'python' ? view.store.counts(editor.document.uri.toString()) : undefined;
    item.text = statusText(active?.total, workspace.total);
    item.tooltip = statusTooltip(active, workspace, files);
    item.show();
  };
  update();
  return vscode.Disposable.from(item, view.onDidChange(update), vscode.window.onDidChangeActiveTextEditor(update));
}
