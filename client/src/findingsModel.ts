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

export interface SeverityCounts {
  high: number;
  medium: number;
  low: number;
  total: number;
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

  counts(minimum: FindingLevel = 'low', uri?: string): SeverityCounts {
    const counts: SeverityCounts = { high: 0, medium: 0, low: 0, total: 0 };
    for (const { finding } of this.entries(minimum, uri)) {
      counts[finding.severity]++;
      counts.total++;
    }
    return counts;
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

/** Within a group that spans files: by file (as labelled), then by position. */
function compareEntries(labelFor: (uri: string) => string): (a: FindingEntry, b: FindingEntry) => number {
  return (a, b) => labelFor(a.uri).localeCompare(labelFor(b.uri)) || a.uri.localeCompare(b.uri) || compareByPosition(a.finding, b.finding);
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
 * Groups findings for the tree. By file: files sorted by label, findings by position.
 * By severity: high, medium, low. By rule: rule ids in order. By CWE: CWE numbers in
 * order; a finding with several CWEs shows under each, one without any under "No CWE".
 * Inside every group but a file's, findings sort by file then position.
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
        .map(([uri, list]) => make(uri, labelForUri(uri), list, (a, b) => compareByPosition(a.finding, b.finding)))
        .sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
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
      const groups = collect(entries, (e) => (e.finding.cwe.length > 0 ? [...new Set(e.finding.cwe)].map(String) : ['none']));
      const order = (key: string): number => (key === 'none' ? Number.MAX_SAFE_INTEGER : Number(key));
      return [...groups.entries()]
        .sort(([a], [b]) => order(a) - order(b))
        .map(([key, list]) => make(key, key === 'none' ? 'No CWE' : `CWE-${key}`, list));
    }
  }
}

export function severityLabel(severity: FindingLevel): string {
  return `${severity[0].toUpperCase()}${severity.slice(1)} severity`;
}

/** The finding's item description: rule id and line, plus the file when groups are not files. */
export function entryDescription(entry: FindingEntry, groupBy: GroupBy, fileName: string): string {
  const line = entry.finding.range.start.line + 1;
  return groupBy === 'file' ? `${entry.finding.ruleId} · line ${line}` : `${entry.finding.ruleId} · ${fileName}:${line}`;
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

export function statusTooltip(file: SeverityCounts | undefined, workspace: SeverityCounts, workspaceFiles: number, minimum: FindingLevel): string {
  const describe = (c: SeverityCounts): string =>
    c.total === 0 ? 'no findings' : `${plural(c.total, 'finding')} (${SEVERITIES_HIGH_FIRST.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`).join(', ')})`;
  const lines = [
    ...(file ? [`This file: ${describe(file)}`] : []),
    `Workspace: ${describe(workspace)}${workspace.total > 0 ? ` in ${plural(workspaceFiles, 'file')}` : ''}`,
    ...(minimum !== 'low' ? [`Showing severity ${minimum} and above`] : []),
    'Click to open the findings view',
  ];
  return lines.join('\n');
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
