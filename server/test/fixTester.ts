import assert from 'node:assert/strict';
import { applyEdits } from '../src/fixes/edits';
import { lint } from './helpers';

/** One fix case in the style of ESLint's RuleTester: the code, and the exact text after the fix. */
export interface FixCase {
  ruleId: string;
  code: string;
  /** Text after applying the fix; `null` means the finding must offer no fix with this title. */
  output: string | null;
  /** Which fix when a finding offers several (by title prefix); default: the first one. */
  title?: string;
  applicability?: 'safe' | 'unsafe';
  path?: string;
}

/** Applies the chosen fix of the first finding of `ruleId` and checks the exact result. */
export function checkFix(c: FixCase): void {
  const findings = lint(c.code, c.path).filter((f) => f.ruleId === c.ruleId);
  assert.ok(findings.length > 0, `no ${c.ruleId} finding in:\n${c.code}`);
  const withFix = findings.find((f) => f.fixes.some((x) => !c.title || x.title.startsWith(c.title)));
  if (c.output === null) {
    assert.equal(withFix, undefined, `expected no fix${c.title ? ` titled '${c.title}'` : ''}`);
    return;
  }
  assert.ok(withFix, `${c.ruleId} finding has no fix${c.title ? ` titled '${c.title}'` : ''}`);
  const fix = withFix.fixes.find((x) => !c.title || x.title.startsWith(c.title));
  assert.ok(fix);
  if (c.applicability) assert.equal(fix.applicability, c.applicability, `applicability of '${fix.title}'`);
  assert.equal(applyEdits(c.code, fix.edits), c.output);
}
