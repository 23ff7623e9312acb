import * as path from 'path';
import * as vscode from 'vscode';
import type { FindingLevel } from '../../server/src/lsp/protocol';
import {
  entryDescription,
  FindingsStore,
  groupFindings,
  isGroupBy,
  isLevel,
  plural,
  type FindingEntry,
  type FindingGroup,
  type GroupBy,
} from './findingsModel';

export const FINDINGS_VIEW_ID = 'dvrHints.findings';
const GROUP_BY_KEY = 'dvrHints.groupBy';
const MIN_SEVERITY_KEY = 'dvrHints.viewMinSeverity';

export type FindingsNode = { kind: 'group'; group: FindingGroup } | { kind: 'finding'; entry: FindingEntry; groupId: string; index: number };

const SEVERITY_ICONS: Record<FindingLevel, vscode.ThemeIcon> = {
  high: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  low: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

/** A file's path as the view shows it: relative to its workspace folder (with the folder's name when there are several). */
export function displayPath(uri: string): string {
  const parsed = vscode.Uri.parse(uri);
  return vscode.workspace.asRelativePath(parsed, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}

/** The findings tree: data from the server's `dvrHints/findings` notifications, grouped as the user chose. */
export class FindingsTreeProvider implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly changedCounts = new vscode.EventEmitter<void>();
  /** Fires after the findings, the grouping or the filter changed (the status bar listens). */
  readonly onDidChange = this.changedCounts.event;
  groupBy: GroupBy;
  minSeverity: FindingLevel;
  private refreshPending: NodeJS.Timeout | undefined;

  constructor(
    readonly store: FindingsStore,
    private readonly state: vscode.Memento,
  ) {
    const savedGroupBy = state.get<unknown>(GROUP_BY_KEY);
    const savedMinimum = state.get<unknown>(MIN_SEVERITY_KEY);
    this.groupBy = isGroupBy(savedGroupBy) ? savedGroupBy : 'file';
    this.minSeverity = isLevel(savedMinimum) ? savedMinimum : 'low';
    void vscode.commands.executeCommand('setContext', GROUP_BY_KEY, this.groupBy);
  }

  dispose(): void {
    if (this.refreshPending) clearTimeout(this.refreshPending);
    this.changed.dispose();
    this.changedCounts.dispose();
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    void this.state.update(GROUP_BY_KEY, groupBy);
    void vscode.commands.executeCommand('setContext', GROUP_BY_KEY, groupBy);
    this.refresh(true);
  }

  setMinSeverity(minimum: FindingLevel): void {
    this.minSeverity = minimum;
    void this.state.update(MIN_SEVERITY_KEY, minimum);
    this.refresh(true);
  }

  /** Coalesces bursts of notifications (a workspace scan sends one per file) into one redraw. */
  refresh(now = false): void {
    if (this.refreshPending) clearTimeout(this.refreshPending);
    this.refreshPending = undefined;
    const fire = (): void => {
      this.refreshPending = undefined;
      this.changed.fire(undefined);
      this.changedCounts.fire();
    };
    if (now) fire();
    else this.refreshPending = setTimeout(fire, 100);
  }

  groups(): FindingGroup[] {
    return groupFindings(this.store.entries(this.minSeverity), this.groupBy, displayPath);
  }

  getChildren(element?: FindingsNode): FindingsNode[] {
    if (!element) return this.groups().map((group) => ({ kind: 'group', group }));
    if (element.kind === 'group') return element.group.entries.map((entry, index) => ({ kind: 'finding', entry, groupId: element.group.id, index }));
    return [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    return node.kind === 'group' ? this.groupItem(node.group) : this.findingItem(node);
  }

  private groupItem(group: FindingGroup): vscode.TreeItem {
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = group.id;
    item.description = plural(group.entries.length, 'finding');
    item.contextValue = `dvrHints.group.${group.kind}`;
    switch (group.kind) {
      case 'file': {
        const uri = vscode.Uri.parse(group.key);
        item.resourceUri = uri;
        item.label = path.posix.basename(uri.path);
        item.description = `${path.dirname(group.label) === '.' ? '' : `${path.dirname(group.label)} · `}${plural(group.entries.length, 'finding')}`;
        item.iconPath = vscode.ThemeIcon.File;
        item.tooltip = group.label;
        break;
      }
      case 'severity':
        item.iconPath = SEVERITY_ICONS[group.key as FindingLevel];
        break;
      case 'rule':
        item.iconPath = new vscode.ThemeIcon('law');
        item.tooltip = group.entries[0]?.finding.title;
        break;
      case 'cwe':
        item.iconPath = new vscode.ThemeIcon('bug');
        break;
    }
    return item;
  }

  private findingItem(node: Extract<FindingsNode, { kind: 'finding' }>): vscode.TreeItem {
    const { entry } = node;
    const { finding } = entry;
    const uri = vscode.Uri.parse(entry.uri);
    const item = new vscode.TreeItem(finding.message, vscode.TreeItemCollapsibleState.None);
    item.id = `${node.groupId}/${entry.uri}/${finding.range.start.line}:${finding.range.start.character}/${finding.ruleId}/${node.index}`;
    item.description = entryDescription(entry, this.groupBy, path.posix.basename(uri.path));
    item.iconPath = SEVERITY_ICONS[finding.severity];
    item.contextValue = 'dvrHints.finding';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${finding.ruleId}** \`${finding.name}\`: ${finding.title}\n\n`);
    tooltip.appendText(finding.message);
    tooltip.appendMarkdown(`\n\nSeverity ${finding.severity}, confidence ${finding.confidence}`);
    if (finding.cwe.length > 0) tooltip.appendMarkdown(` · ${finding.cwe.map((n) => `CWE-${n}`).join(', ')}`);
    tooltip.appendMarkdown(`\n\n`);
    tooltip.appendText(`${displayPath(entry.uri)}:${finding.range.start.line + 1}`);
    item.tooltip = tooltip;
    item.command = { command: 'vscode.open', title: 'Show finding', arguments: [uri, { selection: toRange(finding.range), preserveFocus: false }] };
    return item;
  }
}

export function toRange(range: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
