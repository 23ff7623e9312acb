import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { AllFindingsRequest, FindingsNotification, type FindingLevel } from '../../server/src/lsp/protocol';
import { applyQuickFix, suppressFinding } from './findingActions';
import { describeFilter, findingAsText, FindingsStore, GROUP_BY, isFiltering, plural, SEVERITIES_HIGH_FIRST, type FindingEntry } from './findingsModel';
import { displayPath, FINDINGS_VIEW_ID, FindingsTreeProvider, type FindingsNode } from './findingsView';
import { RULE_DOCS_SCHEME, RuleDocsProvider, showRuleDocs } from './ruleDocs';
import { scanWorkspace } from './scanWorkspace';
import { createStatusBar } from './statusBar';

/** The entry a tree command was run on (context menus pass the node). */
function entryOf(node: unknown): FindingEntry | undefined {
  const candidate = node as FindingsNode | undefined;
  return candidate?.kind === 'finding' ? candidate.entry : undefined;
}

/**
 * The findings view, its commands and the status bar. Everything shown comes from the
 * server: `dvrHints/findings` notifications, `dvrHints/allFindings` after a (re)start.
 */
export function registerFindingsView(context: vscode.ExtensionContext, runningClient: () => LanguageClient | undefined, client: LanguageClient): vscode.Disposable {
  const store = new FindingsStore((uri) => vscode.Uri.parse(uri).toString());
  const provider = new FindingsTreeProvider(store, context.workspaceState);
  const view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });

  // The badge counts every finding, as the status bar and the Problems panel do; the view's
  // own filter is shown in its description and message ("12 of 400 shown").
  const updateBadge = (): void => {
    const total = store.counts().total;
    view.badge = total > 0 ? { value: total, tooltip: plural(total, 'security finding') } : undefined;
    const filter = provider.filter;
    const parts = [provider.groupBy === 'file' ? undefined : `by ${provider.groupBy === 'cwe' ? 'CWE' : provider.groupBy}`, describeFilter(filter)];
    view.description = parts.filter(Boolean).join(' · ') || undefined;
    provider.groups(); // counts what the filter shows
    view.message = isFiltering(filter) && total > 0 ? `Showing ${provider.shown} of ${plural(total, 'finding')} (filter: ${describeFilter(filter)}).` : undefined;
  };

  client.onNotification(FindingsNotification, (file) => {
    store.update(file);
    provider.refresh();
  });
  const refetch = async (): Promise<void> => {
    try {
      const running = runningClient();
      if (!running) return;
      store.replaceAll(await running.sendRequest(AllFindingsRequest, {}));
      provider.refresh(true);
    } catch {
      // The server may be restarting; its notifications will fill the view.
    }
  };
  const onState = client.onDidChangeState(({ newState }) => {
    if (newState === State.Running) void refetch();
    else {
      store.clear();
      provider.refresh(true);
    }
  });

  const withEntry = (action: (entry: FindingEntry) => Promise<void> | void) => (node: unknown) => {
    const entry = entryOf(node);
    if (entry) return action(entry);
    void vscode.window.showInformationMessage('DVR Security Hints: run this command from a finding in the Findings view.');
  };

  const commands = [
    vscode.commands.registerCommand('dvrHints.scanWorkspace', () => scanWorkspace(runningClient())),
    vscode.commands.registerCommand('dvrHints.showFindings', () => vscode.commands.executeCommand(`${FINDINGS_VIEW_ID}.focus`)),
    vscode.commands.registerCommand('dvrHints.showRuleDocs', (arg?: unknown) => {
      const ruleId = typeof arg === 'string' ? arg : entryOf(arg)?.finding.ruleId;
      return showRuleDocs(runningClient(), ruleId);
    }),
    vscode.commands.registerCommand('dvrHints.setMinSeverity', async (arg?: unknown) => {
      const chosen =
        typeof arg === 'string' && (SEVERITIES_HIGH_FIRST as readonly string[]).includes(arg)
          ? (arg as FindingLevel)
          : (
              await vscode.window.showQuickPick(
                SEVERITIES_HIGH_FIRST.map((level) => ({ label: level, description: level === provider.minSeverity ? '(current)' : undefined, level })).reverse(),
                { placeHolder: 'Show findings of at least this severity in the Findings view' },
              )
            )?.level;
      if (chosen) provider.setMinSeverity(chosen);
    }),
    vscode.commands.registerCommand('dvrHints.filterText', async (arg?: unknown) => {
      const text =
        typeof arg === 'string'
          ? arg
          : await vscode.window.showInputBox({
              prompt: 'Show findings whose rule, message, file or CWE contain all these words (empty: no text filter)',
              value: provider.textFilter,
              placeHolder: 'e.g. iptables DVR1',
            });
      if (text !== undefined) provider.setTextFilter(text);
    }),
    vscode.commands.registerCommand('dvrHints.clearFilter', () => provider.clearFilter()),
    vscode.commands.registerCommand('dvrHints.showCurrentFileOnly', () => provider.setCurrentFileOnly(true)),
    vscode.commands.registerCommand('dvrHints.showAllFiles', () => provider.setCurrentFileOnly(false)),
    ...GROUP_BY.map((groupBy) => vscode.commands.registerCommand(`dvrHints.groupBy.${groupBy}`, () => provider.setGroupBy(groupBy))),
    vscode.commands.registerCommand('dvrHints.applyFix', withEntry(applyQuickFix)),
    vscode.commands.registerCommand('dvrHints.suppressFinding', withEntry(suppressFinding)),
    vscode.commands.registerCommand(
      'dvrHints.copyFinding',
      withEntry(async (entry) => {
        await vscode.env.clipboard.writeText(findingAsText(entry, displayPath(entry.uri)));
      }),
    ),
  ];

  updateBadge();
  return vscode.Disposable.from(
    view,
    provider,
    onState,
    provider.onDidChange(updateBadge),
    vscode.window.onDidChangeActiveTextEditor(() => {
      if (provider.currentFileOnly) provider.refresh(true);
    }),
    createStatusBar(provider),
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocsProvider(runningClient)),
    ...commands,
  );
}
