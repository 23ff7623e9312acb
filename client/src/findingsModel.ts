import { cweLabel } from '../../server/src/engine/cweNames';
import { EDITOR_LEVELS_WORST_FIRST, editorLevel, type EditorLevel } from '../../server/src/lsp/levels';
import type { FileFindings, FindingItem, FindingLevel, FindingsOrigin } from '../../server/src/lsp/protocol';

/**
 * The findings view's data and its grouping, sorting, filtering and counting. Pure (no
 * `vscode` import), so node's test runner tests it; findingsView.ts turns it into tree items.
 */

export type GroupBy = 'file' | 'severity' | 'rule' | 'cwe';
export const GROUP_BY: readonly GroupBy[] = ['file', 'severity', 'rule', 'cwe'];

export const SEVERITIES_HIGH_FIRST: readonly FindingLevel[] = ['high', 'medium', 'low'];

const RANK: Record<FindingLevel, number> = { low: 0, medium: 1, high: 2 };

export function isGroupBy(value: unknown): value is GroupBy {
  return typeof value === 'string' && (GROUP_BY as readonly string[]).includes(value);
}

export function isLevel(value: unknown): value is FindingLevel {
  return value === 'low' || value === 'medium' || value === 'high';
}

export function meetsMinSeverity(severity: FindingLevel, minimum: FindingLevel): boolean {
  return RANK[severity] >= RANK[minimum];
}

/** One finding with the file it is in. */
export interface FindingEntry {
  uri: string;
  origin: FindingsOrigin;
  finding: FindingItem;
}

/** Counts by how the editor shows findings (levels.ts): the Problems panel's error, warning and information. */
export interface LevelCounts {
  error: number;
  warning: number;
  information: number;
  total: number;
}

/** What the findings view shows: a minimum severity, words to match, one file only. */
export interface ViewFilter {
  minSeverity: FindingLevel;
  /** Words that must all occur (case-insensitive) in the rule id or name, the message, the file or a CWE. */
  text: string;
  /** Only this file (the active editor's), when set. */
  fileUri?: string;
}

export const NO_FILTER: ViewFilter = { minSeverity: 'low', text: '' };

export function isFiltering(filter: ViewFilter): boolean {
  return filter.minSeverity !== 'low' || filter.text.trim() !== '' || filter.fileUri !== undefined;
}

/** Whether an entry passes the filter; `labelFor` gives the file's path as the view shows it. */
export function matchesFilter(entry: FindingEntry, filter: ViewFilter, labelFor: (uri: string) => string): boolean {
  const { finding } = entry;
  if (!meetsMinSeverity(finding.severity, filter.minSeverity)) return false;
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [finding.ruleId, finding.name, finding.title, finding.message, labelFor(entry.uri), ...finding.cwe.map(cweLabel)].join('\n').toLowerCase();
  return words.every((w) => haystack.includes(w));
}

/** The filter in a few words, for the view's description: `severity ≥ medium · "iptables" · this file`. */
export function describeFilter(filter: ViewFilter): string | undefined {
  const parts = [
    filter.minSeverity === 'low' ? undefined : `severity ≥ ${filter.minSeverity}`,
    filter.text.trim() ? `"${filter.text.trim()}"` : undefined,
    filter.fileUri ? 'current file' : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Every file's current findings, as the server last reported them. */
export class FindingsStore {
  private readonly files = new Map<string, FileFindings>();

  /** `normalise` maps the different spellings of one file's uri to one key (the editor's). */
  constructor(private readonly normalise: (uri: string) => string = (uri) => uri) {}

  /** Applies one `dvrHints/findings` notification; an empty list removes the file. */
  update(file: FileFindings): void {
    const uri = this.normalise(file.uri);
    if (file.findings.length === 0) this.files.delete(uri);
    else this.files.set(uri, { ...file, uri });
  }

  replaceAll(files: readonly FileFindings[]): void {
    this.files.clear();
    for (const file of files) this.update(file);
  }

  clear(): void {
    this.files.clear();
  }

  get fileCount(): number {
    return this.files.size;
  }

  entries(minimum: FindingLevel = 'low', uri?: string): FindingEntry[] {
    const one = uri === undefined ? undefined : this.files.get(this.normalise(uri));
    const files = uri === undefined ? [...this.files.values()] : one ? [one] : [];
    return files.flatMap((file) =>
      file.findings.filter((finding) => meetsMinSeverity(finding.severity, minimum)).map((finding) => ({ uri: file.uri, origin: file.origin, finding })),
    );
  }

  /** Every finding (or one file's), counted as the Problems panel shows them. */
  counts(uri?: string): LevelCounts {
    const counts: LevelCounts = { error: 0, warning: 0, information: 0, total: 0 };
    for (const { finding } of this.entries('low', uri)) {
      counts[editorLevel(finding.severity, finding.confidence)]++;
      counts.total++;
    }
    return counts;
  }

  /** The entries the view shows under a filter. */
  filtered(filter: ViewFilter, labelFor: (uri: string) => string): FindingEntry[] {
    return this.entries('low', filter.fileUri).filter((e) => matchesFilter(e, filter, labelFor));
  }
}

export interface FindingGroup {
  /** Stable within a grouping (tree item ids keep expansion state across refreshes). */
  id: string;
  kind: GroupBy;
  /** The group's key: a uri, a severity, a rule id or a CWE number. */
  key: string;
  label: string;
  entries: FindingEntry[];
}

/** Compares findings by position: line, then column, then rule id. */
export function compareByPosition(a: FindingItem, b: FindingItem): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

/** Higher severity first, then higher confidence (negative when `a` comes first). */
export function compareBySeverity(a: FindingItem, b: FindingItem): number {
  return RANK[b.severity] - RANK[a.severity] || RANK[b.confidence] - RANK[a.confidence];
}

/** Within a file: high first, then by position. */
function compareInFile(a: FindingEntry, b: FindingEntry): number {
  return compareBySeverity(a.finding, b.finding) || compareByPosition(a.finding, b.finding);
}

/** Within a group that spans files: high first, then by file (as labelled), then by position. */
function compareEntries(labelFor: (uri: string) => string): (a: FindingEntry, b: FindingEntry) => number {
  return (a, b) => compareBySeverity(a.finding, b.finding) || labelFor(a.uri).localeCompare(labelFor(b.uri)) || a.uri.localeCompare(b.uri) || compareByPosition(a.finding, b.finding);
}

/** The most severe finding of a group first: groups whose worst finding is high come first. */
function worst(entries: readonly FindingEntry[]): FindingItem {
  return [...entries].sort((a, b) => compareBySeverity(a.finding, b.finding))[0].finding;
}

function collect(entries: readonly FindingEntry[], keysOf: (entry: FindingEntry) => readonly string[]): Map<string, FindingEntry[]> {
  const groups = new Map<string, FindingEntry[]>();
  for (const entry of entries) {
    for (const key of keysOf(entry)) {
      const list = groups.get(key) ?? [];
      list.push(entry);
      groups.set(key, list);
    }
  }
  return groups;
}

/**
 * Groups findings for the tree. By file: files with high findings first (then by
 * label), in each file high findings first, then by position. By severity: high,
 * medium, low. By rule: rule ids in order. By CWE: CWE numbers in order; a finding is
 * listed once, under its primary (first) CWE; one without any under "No CWE". Inside
 * every group but a file's, findings sort high first, then by file and position.
 */
export function groupFindings(entries: readonly FindingEntry[], groupBy: GroupBy, labelForUri: (uri: string) => string): FindingGroup[] {
  const byFileThenPosition = compareEntries(labelForUri);
  const make = (key: string, label: string, list: FindingEntry[], compare = byFileThenPosition): FindingGroup => ({
    id: `${groupBy}:${key}`,
    kind: groupBy,
    key,
    label,
    entries: [...list].sort(compare),
  });
  switch (groupBy) {
    case 'file': {
      const groups = collect(entries, (e) => [e.uri]);
      return [...groups.entries()]
        .map(([uri, list]) => make(uri, labelForUri(uri), list, compareInFile))
        .sort((a, b) => compareBySeverity(worst(a.entries), worst(b.entries)) || a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
    }
    case 'severity': {
      const groups = collect(entries, (e) => [e.finding.severity]);
      return SEVERITIES_HIGH_FIRST.filter((s) => groups.has(s)).map((s) => make(s, severityLabel(s), groups.get(s) as FindingEntry[]));
    }
    case 'rule': {
      const groups = collect(entries, (e) => [e.finding.ruleId]);
      return [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([ruleId, list]) => make(ruleId, `${ruleId} ${list[0].finding.name}`, list));
    }
    case 'cwe': {
      const groups = collect(entries, (e) => [e.finding.cwe.length > 0 ? String(e.finding.cwe[0]) : 'none']);
      const order = (key: string): number => (key === 'none' ? Number.MAX_SAFE_INTEGER : Number(key));
      return [...groups.entries()]
        .sort(([a], [b]) => order(a) - order(b))
        .map(([key, list]) => make(key, key === 'none' ? 'No CWE' : cweLabel(Number(key)), list));
    }
  }
}

/** Above this many findings shown, file and rule groups start collapsed. */
export const EXPAND_AT_MOST = 50;

/** Whether the view's groups start expanded: few findings shown (a narrowing filter too), or one group. */
export function groupsStartExpanded(shown: number, groups: number): boolean {
  return shown <= EXPAND_AT_MOST || groups === 1;
}

/**
 * A group row's id. VS Code keeps a row's expanded state by its id, so a group first drawn
 * collapsed (400 findings) would stay collapsed once a filter leaves 3; the id names the
 * starting state, and a row drawn in the other state starts afresh.
 */
export function groupItemId(groupId: string, startsExpanded: boolean): string {
  return startsExpanded ? groupId : `${groupId}#collapsed`;
}

export function severityLabel(severity: FindingLevel): string {
  return `${severity[0].toUpperCase()}${severity.slice(1)} severity`;
}

/** The finding's item description: rule id and line, plus the file when groups are not files. */
export function entryDescription(entry: FindingEntry, groupBy: GroupBy, fileName: string): string {
  const line = entry.finding.range.start.line + 1;
  return groupBy === 'file' ? `${entry.finding.ruleId} · line ${line}` : `${entry.finding.ruleId} · ${fileName}:${line}`;
}

/**
 * The finding's label: rule id and line first, so a narrow view that cuts the message
 * off still shows them (the file too outside file groups); the whole message is in the tooltip.
 */
export function entryLabel(entry: FindingEntry, groupBy: GroupBy, fileName: string): string {
  return `${entryDescription(entry, groupBy, fileName)}  ${entry.finding.message}`;
}

/** A finding as one line of text, like a compiler message: `path:line:column: DVR101 [high/high] message (CWE-78)`. */
export function findingAsText(entry: FindingEntry, displayPath: string): string {
  const { finding } = entry;
  const where = `${displayPath}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const cwe = finding.cwe.length > 0 ? ` (${finding.cwe.map((n) => `CWE-${n}`).join(', ')})` : '';
  return `${where}: ${finding.ruleId} [severity ${finding.severity}, confidence ${finding.confidence}] ${finding.message}${cwe}`;
}

/** Status bar text: `$(shield) 3 · 27` (active file · workspace), or only the workspace count. */
export function statusText(file: number | undefined, workspace: number): string {
  return file === undefined ? `$(shield) ${workspace}` : `$(shield) ${file} · ${workspace}`;
}

const LEVEL_WORDS: Record<EditorLevel, [string, string]> = { error: ['error', 'errors'], warning: ['warning', 'warnings'], information: ['info', 'info'] };

/** `3 findings (1 error, 2 info)`: the levels the Problems panel shows them at. */
export function describeCounts(c: LevelCounts): string {
  if (c.total === 0) return 'no findings';
  const parts = EDITOR_LEVELS_WORST_FIRST.filter((l) => c[l] > 0).map((l) => `${c[l]} ${LEVEL_WORDS[l][c[l] === 1 ? 0 : 1]}`);
  return `${plural(c.total, 'finding')} (${parts.join(', ')})`;
}

export function statusTooltip(file: LevelCounts | undefined, workspace: LevelCounts, workspaceFiles: number): string {
  const lines = [
    ...(file ? [`This file: ${describeCounts(file)}`] : []),
    `Workspace: ${describeCounts(workspace)}${workspace.total > 0 ? ` in ${plural(workspaceFiles, 'file')}` : ''}`,
    'Counted as in the Problems panel. Click to open the findings view',
  ];
  return lines.join('\n');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
