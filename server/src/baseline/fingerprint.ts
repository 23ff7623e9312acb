import { createHash } from 'crypto';
import { statementAround, statementEnd } from '../engine/statements';
import type { Finding, SyntaxNode } from '../engine/types';

/**
 * Baseline fingerprints: rule, the file's path (relative to the baseline's folder), the
 * normalised text of the statement the finding starts in (a compound statement's header:
 * engine/statements.ts) and the occurrence of that triple in the file, counted in order.
 * They survive edits elsewhere in the file and moves of the statement within it; an edit of
 * the statement itself, or a new identical statement before it, makes the finding new.
 */

export interface Fingerprinted {
  fingerprint: string;
  /** The normalised statement text the fingerprint was made from. */
  statement: string;
  occurrence: number;
}

/** The statement's text without comments, whitespace runs as one space (none next to brackets, commas and dots). */
export function normaliseStatement(text: string, node: SyntaxNode | undefined, start: number, end: number): string {
  const from = node ? node.startIndex : start;
  const to = node ? statementEnd(node) : end;
  let out = '';
  let at = from;
  for (const comment of node ? node.descendantsOfType('comment') : []) {
    if (comment.startIndex >= to) break;
    out += text.slice(at, comment.startIndex);
    at = comment.endIndex;
  }
  out += text.slice(at, Math.max(at, to));
  return out
    .replace(/\\\r?\n/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?([()[\]{},.:]) ?/g, '$1')
    .trim();
}

export function fingerprintOf(ruleId: string, file: string, statement: string, occurrence: number): string {
  return createHash('sha256').update(`${ruleId}\0${file}\0${statement}\0${occurrence}`).digest('hex').slice(0, 20);
}

/** Fingerprints of one file's findings (in the findings' order), `file` relative to the baseline's folder. */
export function fingerprintFindings(findings: readonly Finding[], text: string, root: SyntaxNode, file: string): Fingerprinted[] {
  const seen = new Map<string, number>();
  const order = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.start - b.f.start || a.f.ruleId.localeCompare(b.f.ruleId));
  const result: Fingerprinted[] = new Array(findings.length);
  for (const { f, i } of order) {
    const statement = normaliseStatement(text, statementAround(root, f.start), f.start, f.end);
    const key = `${f.ruleId}\0${statement}`;
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result[i] = { fingerprint: fingerprintOf(f.ruleId, file, statement, occurrence), statement, occurrence };
  }
  return result;
}
