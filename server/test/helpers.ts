import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { analyse, buildRuleSet, type ActiveRule } from '../src/engine/engine';
import { findRulesDirectory } from '../src/engine/catalogue';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../src/engine/options';
import type { Finding } from '../src/engine/types';
import { ALL_CHECKS } from '../src/rules';

export const REPO_ROOT = path.dirname(findRulesDirectory());
export const RULES_DIR = findRulesDirectory();

let ruleSet: ActiveRule[] | undefined;
/** The text of every rule's fixture (rules/DVRnnn.py), by file name. */
export function ruleFixtureTexts(): { name: string; text: string }[] {
  return fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).map((name) => ({ name, text: fs.readFileSync(path.join(RULES_DIR, name), 'utf8') }));
}

export function allRules(): ActiveRule[] {
  ruleSet ??= buildRuleSet(ALL_CHECKS);
  return ruleSet;
}

export const ALL_SELECTED: LintOptions = { ...DEFAULT_LINT_OPTIONS, select: ['ALL'] };

export function lint(text: string, filePath = 'neutron/agent/l3/example.py', options: LintOptions = ALL_SELECTED): Finding[] {
  return analyse({ path: filePath, text }, allRules(), options).findings;
}

/** A validator for the SARIF 2.1.0 JSON schema (the copy @microsoft/jest-sarif ships: offline). */
export function sarifValidator(): ((log: unknown) => boolean) & { errors?: unknown } {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
  return new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
}

export function readRepoFile(relative: string): string {
  return fs.readFileSync(path.join(REPO_ROOT, relative), 'utf8');
}
