/**
 * The judged findings of the real-code corpus (test/quality/labels.jsonl): one JSON object per
 * line saying whether a finding is worth a developer's time (TP) or not (FP), and why.
 */
export type Verdict = 'TP' | 'FP';

export interface Label {
  /** Debian package the file comes from, e.g. python3-neutron. */
  package: string;
  /** Path inside the package's dist-packages folder, e.g. neutron/agent/l3/agent.py. */
  path: string;
  rule: string;
  /** Line when judged (informative; matching uses the fingerprint). */
  line: number;
  fingerprint: string;
  verdict: Verdict;
  reason: string;
}

export class LabelError extends Error {}

const KEYS: readonly (keyof Label)[] = ['package', 'path', 'rule', 'line', 'fingerprint', 'verdict', 'reason'];

function checkLabel(value: unknown, where: string): Label {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LabelError(`${where}: not a JSON object`);
  const data = value as Record<string, unknown>;
  for (const key of KEYS) {
    if (!(key in data)) throw new LabelError(`${where}: missing '${key}'`);
  }
  const strings = ['package', 'path', 'rule', 'fingerprint', 'reason'] as const;
  for (const key of strings) {
    if (typeof data[key] !== 'string' || (data[key] as string).trim() === '') throw new LabelError(`${where}: '${key}' must be a non-empty string`);
  }
  if (!Number.isInteger(data.line) || (data.line as number) < 1) throw new LabelError(`${where}: 'line' must be a positive integer`);
  if (data.verdict !== 'TP' && data.verdict !== 'FP') throw new LabelError(`${where}: 'verdict' must be TP or FP`);
  if (!/^DVR\d{3}$/.test(data.rule as string)) throw new LabelError(`${where}: 'rule' must be a rule id such as DVR302`);
  return {
    package: data.package as string,
    path: data.path as string,
    rule: data.rule as string,
    line: data.line as number,
    fingerprint: data.fingerprint as string,
    verdict: data.verdict,
    reason: data.reason as string,
  };
}

/** Parses a labels file; blank lines are skipped, anything malformed throws with its line number. */
export function parseLabels(text: string, source = 'labels'): Label[] {
  const labels: Label[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new LabelError(`${where}: ${(error as Error).message}`);
    }
    const label = checkLabel(value, where);
    const key = labelKey(label);
    if (seen.has(key)) throw new LabelError(`${where}: a second label for ${label.package} ${label.path} ${label.rule} ${label.fingerprint}`);
    seen.add(key);
    labels.push(label);
  });
  return labels;
}

/** One line of a labels file, keys in a fixed order so diffs stay small. */
export function formatLabel(label: Label): string {
  return JSON.stringify(Object.fromEntries(KEYS.map((key) => [key, label[key]])));
}

/** What identifies a finding across package versions: where it is, which rule, which statement. */
export function labelKey(item: { package: string; path: string; rule: string; fingerprint: string }): string {
  return `${item.package}\u0000${item.path}\u0000${item.rule}\u0000${item.fingerprint}`;
}
