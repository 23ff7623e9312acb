import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { RuleDocsRequest } from '../../server/src/lsp/protocol';

export const RULE_DOCS_SCHEME = 'dvr-hints-rule';

/** Read-only `dvr-hints-rule:DVR101.md` documents whose text the server provides (`dvrHints/ruleDocs`). */
export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ruleId = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const client = this.client();
    if (!client) return `# ${ruleId}\n\nThe DVR Security Hints language server is not running.\n`;
    const { rules } = await client.sendRequest(RuleDocsRequest, { ruleId });
    return rules[0]?.markdown ?? `# ${ruleId}\n\nNo such rule.\n`;
  }
}

/** Asks which rule to show when the command runs without one. */
async function pickRule(client: LanguageClient): Promise<string | undefined> {
  const { rules } = await client.sendRequest(RuleDocsRequest, {});
  const picked = await vscode.window.showQuickPick(
    rules.map((rule) => ({
      label: rule.id,
      description: rule.name,
      detail: `${rule.title} (severity ${rule.severity}${rule.enabledByDefault ? '' : ', opt-in'})`,
    })),
    { placeHolder: 'Show the documentation of which rule?', matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.label;
}

/** `dvrHints.showRuleDocs [ruleId]`: the rule's full documentation in a Markdown preview. */
export async function showRuleDocs(client: LanguageClient | undefined, ruleId?: string): Promise<void> {
  if (!client) {
    void vscode.window.showWarningMessage('DVR Security Hints: the language server is not running.');
    return;
  }
  const id = ruleId ?? (await pickRule(client));
  if (!id) return;
  const uri = vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${id.toUpperCase()}.md` });
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // Without the Markdown extension the source still reads well.
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }
}
