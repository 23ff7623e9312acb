import * as path from 'path';
import * as vscode from 'vscode';
import { cweLabel } from '../../server/src/engine/cweNames';
import { editorLevel, type EditorLevel } from '../../server/src/lsp/levels';
import type { FindingLevel } from '../../server/src/lsp/protocol';
import { entryLabel, FindingsStore, groupFindings, groupItemId, groupsStartExpanded, isGroupBy, isLevel, plural, type FindingEntry, type FindingGroup, type GroupBy, type ViewFilter } from './findingsModel';

export const FINDINGS_VIEW_ID = 'dvrHints.findings';
const GROUP_BY_KEY = 'dvrHints.groupBy';
const MIN_SEVERITY_KEY = 'dvrHints.viewMinSeverity';
const TEXT_FILTER_KEY = 'dvrHints.viewTextFilter';
/** Also a context key: the title bar shows "all files" or "current file" accordingly. */
const CURRENT_FILE_KEY = 'dvrHints.currentFileOnly';

export type FindingsNode = { kind: 'group'; group: FindingGroup } | { kind: 'finding'; entry: FindingEntry; groupId: string; index: number };

/** The Problems panel's icons, through the one severity-to-editor mapping (levels.ts). */
const LEVEL_ICONS: Record<EditorLevel, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};
const SEVERITY_GROUP_ICONS: Record<FindingLevel, vscode.ThemeIcon> = { high: LEVEL_ICONS.error, medium: LEVEL_ICONS.warning, low: LEVEL_ICONS.information };

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
  textFilter: string;
  currentFileOnly: boolean;
  private refreshPending: NodeJS.Timeout | undefined;
  private shownCount = 0;
  /** False when so many findings are shown that groups start collapsed. */
  private expandGroups = true;

  constructor(
    readonly store: FindingsStore,
    private readonly state: vscode.Memento,
  ) {
    const savedGroupBy = state.get<unknown>(GROUP_BY_KEY);
    const savedMinimum = state.get<unknown>(MIN_SEVERITY_KEY);
    this.groupBy = isGroupBy(savedGroupBy) ? savedGroupBy : 'file';
    this.minSeverity = isLevel(savedMinimum) ? savedMinimum : 'low';
    const savedText = state.get<unknown>(TEXT_FILTER_KEY);
    this.textFilter = typeof savedText === 'string' ? savedText : '';
    this.currentFileOnly = state.get<unknown>(CURRENT_FILE_KEY) === true;
    void vscode.commands.executeCommand('setContext', GROUP_BY_KEY, this.groupBy);
    void vscode.commands.executeCommand('setContext', CURRENT_FILE_KEY, this.currentFileOnly);
  }

  /** The filter in effect: the current file is the active editor's (no file: nothing to show). */
  get filter(): ViewFilter {
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    return { minSeverity: this.minSeverity, text: this.textFilter, ...(this.currentFileOnly ? { fileUri: active ?? 'none:' } : {}) };
  }

  /** How many findings the last redraw showed. */
  get shown(): number {
    return this.shownCount;
  }

  setTextFilter(text: string): void {
    this.textFilter = text.trim();
    void this.state.update(TEXT_FILTER_KEY, this.textFilter);
    this.refresh(true);
  }

  setCurrentFileOnly(on: boolean): void {
    this.currentFileOnly = on;
    void this.state.update(CURRENT_FILE_KEY, on);
    void vscode.commands.executeCommand('setContext', CURRENT_FILE_KEY, on);
    this.refresh(true);
  }

  clearFilter(): void {
    this.minSeverity = 'low';
    void this.state.update(MIN_SEVERITY_KEY, 'low');
    this.textFilter = '';
    void this.state.update(TEXT_FILTER_KEY, '');
    this.setCurrentFileOnly(false);
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
    const entries = this.store.filtered(this.filter, displayPath);
    this.shownCount = entries.length;
    return groupFindings(entries, this.groupBy, displayPath);
  }

  getChildren(element?: FindingsNode): FindingsNode[] {
    if (!element) {
      const groups = this.groups();
      this.expandGroups = groupsStartExpanded(this.shownCount, groups.length);
      return groups.map((group) => ({ kind: 'group', group }));
    }
    if (element.kind === 'group') return element.group.entries.map((entry, index) => ({ kind: 'finding', entry, groupId: element.group.id, index }));
    return [];
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    return node.kind === 'group' ? this.groupItem(node.group) : this.findingItem(node);
  }

  private groupItem(group: FindingGroup): vscode.TreeItem {
    // Hundreds of findings: every group collapsed, so the groups themselves can be scanned (severity groups stay open).
    const expanded = this.expandGroups || group.kind === 'severity';
    const item = new vscode.TreeItem(group.label, expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = groupItemId(group.id, expanded);
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
        item.iconPath = SEVERITY_GROUP_ICONS[group.key as FindingLevel];
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
    const item = new vscode.TreeItem(entryLabel(entry, this.groupBy, path.posix.basename(uri.path)), vscode.TreeItemCollapsibleState.None);
    item.id = `${node.groupId}/${entry.uri}/${finding.range.start.line}:${finding.range.start.character}/${finding.ruleId}/${node.index}`;
    item.iconPath = LEVEL_ICONS[editorLevel(finding.severity, finding.confidence)];
    // Only a finding with a fix offers "Apply Quick Fix" (package.json menus).
    item.contextValue = finding.fixable ? 'dvrHints.finding.fixable' : 'dvrHints.finding';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${finding.ruleId}** \`${finding.name}\`: ${finding.title}\n\n`);
    tooltip.appendText(finding.message);
    tooltip.appendMarkdown(`\n\nSeverity ${finding.severity}, confidence ${finding.confidence}`);
    if (finding.cwe.length > 0) tooltip.appendMarkdown(`\n\n`).appendText(finding.cwe.map(cweLabel).join(', '));
    if (finding.fixable) tooltip.appendMarkdown(`\n\nA quick fix is available.`);
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
