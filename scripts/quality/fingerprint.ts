import { createHash } from 'crypto';

/**
 * A finding's fingerprint: a hash of the rule, the whitespace-normalised text of the source line
 * the finding starts on, and its occurrence (the how-many-th finding of that rule on an
 * identical line in the same file). It survives lines moving when code above changes; it
 * changes when the flagged statement itself changes, which is when a verdict needs a new look.
 */
export function normaliseStatement(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

export function fingerprint(rule: string, statement: string, occurrence: number): string {
  return createHash('sha256').update(`${rule}\n${normaliseStatement(statement)}\n${occurrence}`).digest('hex').slice(0, 16);
}

/**
 * Fingerprints the findings of one file, in document order: `statement` is the text of the
 * line each starts on. Returns one fingerprint per finding, in the order given.
 */
export function fingerprintFile(findings: readonly { rule: string; statement: string }[]): string[] {
  const seen = new Map<string, number>();
  return findings.map(({ rule, statement }) => {
    const key = `${rule}\n${normaliseStatement(statement)}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return fingerprint(rule, statement, occurrence);
  });
}
