import * as fs from 'fs';
import * as path from 'path';

/**
 * The labelled families corpus (test/corpus/families/<family>/*.py): realistic code with
 * `# expect: DVRnnn` on each line a rule of the family must flag and `# ok` on safe
 * look-alikes. A line's label is its last line's comment for a statement that spans lines
 * only when written there; the corpus keeps labelled statements on one line.
 */

export interface LabelledLine {
  file: string;
  /** 0-based line. */
  line: number;
  /** Rule ids the line must carry (empty for `# ok` lines). */
  expected: string[];
}

export interface Family {
  name: string;
  files: { path: string; text: string }[];
  positives: LabelledLine[];
  negatives: LabelledLine[];
  /** Every rule id the family's positives name. */
  rules: string[];
}

const EXPECT = /#\s*expect:\s*([A-Z0-9, ()a-z:]+)/;
const OK = /#\s*ok\b/;

export function familiesDirectory(repoRoot: string): string {
  return path.join(repoRoot, 'test', 'corpus', 'families');
}

export function readFamilies(repoRoot: string): Family[] {
  const root = familiesDirectory(repoRoot);
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readFamily(path.join(root, name), name));
}

function readFamily(dir: string, name: string): Family {
  const family: Family = { name, files: [], positives: [], negatives: [], rules: [] };
  const rules = new Set<string>();
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.py')).sort()) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    family.files.push({ path: full, text });
    text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
      const expect = EXPECT.exec(lineText);
      if (expect) {
        const ids = [...expect[1].matchAll(/DVR\d{3}/g)].map((m) => m[0]);
        ids.forEach((id) => rules.add(id));
        family.positives.push({ file: full, line, expected: ids });
      } else if (OK.test(lineText)) {
        family.negatives.push({ file: full, line, expected: [] });
      }
    });
  }
  family.rules = [...rules].sort();
  return family;
}

export interface Score {
  positives: number;
  found: number;
  negatives: number;
  falsePositives: number;
}

export function recall(s: Score): number {
  return s.positives === 0 ? 1 : s.found / s.positives;
}

export function falsePositiveRate(s: Score): number {
  return s.negatives === 0 ? 0 : s.falsePositives / s.negatives;
}

/** Scores one tool on a family, given whether it flags a labelled line (with the rules the line names, for positives). */
export function scoreFamily(family: Family, flags: (line: LabelledLine) => boolean): Score {
  let found = 0;
  let falsePositives = 0;
  for (const p of family.positives) if (flags(p)) found++;
  for (const n of family.negatives) if (flags(n)) falsePositives++;
  return { positives: family.positives.length, found, negatives: family.negatives.length, falsePositives };
}

export function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
