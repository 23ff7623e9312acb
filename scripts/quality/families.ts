/**
 * Runs the labelled families corpus (test/corpus/families/) through our rules and through
 * Ruff's flake8-bandit (`S`) rules, and prints per family both tools' recall on the
 * `# expect:` lines and false positives on the `# ok` lines. Ruff gets the `S` codes our
 * rules of the family list in their `ruff:` field, with preview rules on.
 *
 *   node out/scripts/quality/families.js [--json]
 */
import * as path from 'path';
import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { buildRuleSet } from '../../server/src/engine/engine';
import { findRulesDirectory, loadCatalogue } from '../../server/src/engine/catalogue';
import { ALL_CHECKS } from '../../server/src/rules';
import { falsePositiveRate, percent, readFamilies, recall, scoreFamily, type Family, type LabelledLine, type Score } from './familyCorpus';
import { ourFlaggedLines } from './familyScores';

interface RuffDiagnostic {
  start_location: { row: number };
  end_location: { row: number };
}

/** The codes this Ruff build accepts (some flake8-bandit codes, such as S320, were removed from Ruff). */
function selectable(codes: readonly string[]): string[] {
  return codes.filter((code) => {
    try {
      new Workspace({ lint: { select: [code], preview: true } }, PositionEncoding.Utf16).free();
      return true;
    } catch {
      return false;
    }
  });
}

/** 0-based lines Ruff flags in a file with the given codes (a diagnostic covers its whole row range). */
function ruffLines(text: string, codes: readonly string[]): Set<number> {
  const lines = new Set<number>();
  if (codes.length === 0) return lines;
  const workspace = new Workspace({ lint: { select: codes, preview: true } }, PositionEncoding.Utf16);
  try {
    for (const d of workspace.check(text) as RuffDiagnostic[]) {
      for (let row = d.start_location.row; row <= d.end_location.row; row++) lines.add(row - 1);
    }
  } finally {
    workspace.free();
  }
  return lines;
}

export interface FamilyComparison {
  family: string;
  rules: string[];
  ruffCodes: string[];
  ours: Score;
  ruff: Score;
}

export function compareFamilies(repoRoot: string): FamilyComparison[] {
  const catalogue = loadCatalogue();
  const rules = buildRuleSet(ALL_CHECKS);
  return readFamilies(repoRoot).map((family: Family) => {
    const ruffCodes = selectable([...new Set(family.rules.flatMap((id) => catalogue.get(id)?.ruff ?? []))].sort());
    const ours = ourFlaggedLines(family, rules);
    const oursFlags = (l: LabelledLine): boolean => {
      const ids = ours.get(l.file)?.get(l.line);
      return !!ids && (l.expected.length === 0 || l.expected.every((id) => ids.has(id)));
    };
    const ruffByFile = new Map(family.files.map((f) => [f.path, ruffLines(f.text, ruffCodes)]));
    const ruffFlags = (l: LabelledLine): boolean => ruffByFile.get(l.file)?.has(l.line) ?? false;
    return { family: family.name, rules: family.rules, ruffCodes, ours: scoreFamily(family, oursFlags), ruff: scoreFamily(family, ruffFlags) };
  });
}

function total(rows: readonly FamilyComparison[], pick: (r: FamilyComparison) => Score): Score {
  return rows.map(pick).reduce((a, b) => ({ positives: a.positives + b.positives, found: a.found + b.found, negatives: a.negatives + b.negatives, falsePositives: a.falsePositives + b.falsePositives }));
}

export function formatTable(rows: readonly FamilyComparison[]): string {
  const cell = (s: Score): string => `${percent(recall(s))} (${s.found}/${s.positives}) | ${percent(falsePositiveRate(s))} (${s.falsePositives}/${s.negatives})`;
  const out = [
    '| family | rules | Ruff codes | ours: recall | ours: false positives | Ruff: recall | Ruff: false positives |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.family} | ${r.rules.join(', ')} | ${r.ruffCodes.join(', ') || 'none (no Ruff rule)'} | ${cell(r.ours)} | ${cell(r.ruff)} |`),
  ];
  if (rows.length > 0) out.push(`| **all** | | | ${cell(total(rows, (r) => r.ours))} | ${cell(total(rows, (r) => r.ruff))} |`);
  return out.join('\n');
}

function main(): void {
  const repoRoot = path.dirname(findRulesDirectory());
  const rows = compareFamilies(repoRoot);
  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  process.stdout.write(`Families corpus (test/corpus/families/): ours vs Ruff ${Workspace.version()} S rules (preview)\n\n${formatTable(rows)}\n`);
  const worse = rows.filter((r) => recall(r.ours) < recall(r.ruff) || falsePositiveRate(r.ours) > falsePositiveRate(r.ruff));
  if (worse.length > 0) {
    process.stdout.write(`\nNot better than Ruff on both counts: ${worse.map((r) => r.family).join(', ')}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main();
