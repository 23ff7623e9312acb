import * as vscode from 'vscode';
import type { FindingEntry } from './findingsModel';
import { toRange } from './findingsView';

const SOURCE = 'dvr-hints';

function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Whether a code action was offered for this finding: it names our diagnostic for the rule at that range. */
export function isActionFor(action: vscode.CodeAction, entry: FindingEntry, range: vscode.Range): boolean {
  const ruleId = entry.finding.ruleId;
  if (action.diagnostics && action.diagnostics.length > 0) {
    return action.diagnostics.some((d) => d.source === SOURCE && diagnosticCode(d) === ruleId && d.range.intersection(range) !== undefined);
  }
  return action.title.includes(ruleId);
}

export function isSuppression(action: vscode.CodeAction, ruleId: string): boolean {
  return action.title.startsWith(`Suppress ${ruleId}`);
}

/** The server's code actions for a finding (the file is opened first: code actions are asked of open documents). */
async function codeActionsFor(entry: FindingEntry): Promise<vscode.CodeAction[]> {
  const uri = vscode.Uri.parse(entry.uri);
  const range = toRange(entry.finding.range);
  await vscode.window.showTextDocument(uri, { selection: range, preserveFocus: false });
  const ask = async (): Promise<vscode.CodeAction[]> => {
    const offered = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value, 50)) ?? [];
    return offered
      .filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string') // a bare Command is no fix for a finding
      .filter((a) => isActionFor(a, entry, range));
  };
  const first = await ask();
  if (first.length > 0) return first;
  // A file that was not open is analysed once it opens: ask again when its diagnostics arrive.
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      listener.dispose();
      resolve();
    }, 1500);
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((u) => u.toString() === uri.toString())) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
  return ask();
}

async function applyAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Applies the finding's quick fix (asks which one when the server offers several). */
export async function applyQuickFix(entry: FindingEntry): Promise<void> {
  const actions = (await codeActionsFor(entry)).filter((a) => !isSuppression(a, entry.finding.ruleId));
  if (actions.length === 0) {
    void vscode.window.showInformationMessage(`DVR Security Hints: no quick fix is offered for ${entry.finding.ruleId} here.`);
    return;
  }
  const chosen =
    actions.length === 1
      ? actions[0]
      : (await vscode.window.showQuickPick(actions.map((action) => ({ label: action.title, action })), { placeHolder: 'Choose a fix' }))?.action;
  if (chosen) await applyAction(chosen);
}

/** Applies the server's "Suppress DVRnnn on this line" quick fix. */
export async function suppressFinding(entry: FindingEntry): Promise<void> {
  const suppression = (await codeActionsFor(entry)).find((a) => isSuppression(a, entry.finding.ruleId));
  if (!suppression) {
    void vscode.window.showInformationMessage(
      `DVR Security Hints: the server offers no suppression for ${entry.finding.ruleId} here; add '# dvr-hints: ignore[${entry.finding.ruleId}]' at the end of the line.`,
    );
    return;
  }
  await applyAction(suppression);
}
