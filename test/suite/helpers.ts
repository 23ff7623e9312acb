// Small helpers for the extension-host suite: waiting for diagnostics and
// reading the fixture's `# expect:` comments.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dvr-hints.dvr-security-hints';
export const SOURCE = 'dvr-hints';

/** Polls `check` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The rule id of a diagnostic: a plain string, or `{ value, target }` when it links to docs. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  const code = d.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** `line:ruleId` (1-based lines) for each of our diagnostics. */
export function findingKeys(uri: vscode.Uri): string[] {
  return ourDiagnostics(uri).map((d) => `${d.range.start.line + 1}:${ruleIdOf(d)}`).sort();
}

/** `line:ruleId` for each `# expect: DVR101, DVR302(medium)` comment in the text. */
export function expectedKeys(text: string): string[] {
  const keys: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /#\s*expect:\s*(.*)$/.exec(line);
    if (!m) return;
    for (const id of m[1].matchAll(/DVR\d{3}/g)) keys.push(`${i + 1}:${id[0]}`);
  });
  return keys.sort();
}

export function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** Code actions at a range, resolved (edits filled in), as VS Code's lightbulb would ask for them. */
export async function codeActionsAt(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const result = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, range, kind?.value, 20);
  // A bare Command has `command: string`; a CodeAction's `command` is an object.
  return (result ?? []).filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== 'string');
}

/**
 * A diagnostic of ours and a quick fix for it, waited for: the server offers quick fixes only
 * from an analysis of the document's current version, so right after an edit it offers none
 * until that analysis is published (the editor asks again when the diagnostics change).
 */
export async function quickFixFor(uri: vscode.Uri, diagnostic: (d: vscode.Diagnostic) => boolean, action: (a: vscode.CodeAction) => boolean, what: string): Promise<{ diagnostic: vscode.Diagnostic; action: vscode.CodeAction }> {
  let last: string[] = [];
  try {
    return await waitFor(async () => {
      const found = ourDiagnostics(uri).find(diagnostic);
      if (!found) return undefined;
      const actions = await codeActionsAt(uri, found.range, vscode.CodeActionKind.QuickFix);
      last = actions.map((a) => a.title);
      const chosen = actions.find(action);
      return chosen ? { diagnostic: found, action: chosen } : undefined;
    }, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last code actions: ${last.join(' | ') || 'none'}`);
  }
}

/** Applies a code action the way the editor does: its edit, then its command. */
export async function applyCodeAction(action: vscode.CodeAction): Promise<void> {
  if (action.edit) {
    const ok = await vscode.workspace.applyEdit(action.edit);
    if (!ok) throw new Error(`applying '${action.title}' failed`);
  }
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Discards unsaved edits to `doc` (the suite never saves the fixture). */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(() => !doc.isDirty, `revert of ${doc.uri.fsPath}`);
}
