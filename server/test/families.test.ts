import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { falsePositiveRate, percent, readFamilies, recall, scoreFamily, type LabelledLine } from '../../scripts/quality/familyCorpus';
import { ourFlaggedLines } from '../../scripts/quality/familyScores';
import { allRules, REPO_ROOT } from './helpers';

/**
 * The labelled families corpus (test/corpus/families/): per family of weaknesses, our
 * rules find at least 95% of the `# expect:` lines and flag at most 5% of the `# ok`
 * look-alikes; no finding of the family's rules lands on an unlabelled line.
 * `node out/scripts/quality/families.js` prints the same figures next to Ruff's.
 */
const families = readFamilies(REPO_ROOT);
const rules = allRules();

describe('families corpus', () => {
  it('has families with enough cases', () => {
    assert.ok(families.length >= 12, `only ${families.length} families`);
    for (const f of families) {
      assert.ok(f.positives.length >= 8, `${f.name}: ${f.positives.length} positive lines`);
      assert.ok(f.negatives.length >= 8, `${f.name}: ${f.negatives.length} negative lines`);
    }
  });

  for (const family of families) {
    it(`${family.name}: recall >= 95%, false positives <= 5%, nothing on unlabelled lines`, () => {
      const flagged = ourFlaggedLines(family, rules);
      const lines = (file: string): ReadonlySet<number> => new Set((flagged.get(file) ?? new Map()).keys());
      const flags = (l: LabelledLine): boolean => {
        const ids = flagged.get(l.file)?.get(l.line);
        return !!ids && (l.expected.length === 0 || l.expected.every((id) => ids.has(id)));
      };
      const score = scoreFamily(family, flags);
      const missed = family.positives.filter((p) => !flags(p));
      const describe = (p: { file: string; line: number }): string => `${p.file.slice(p.file.lastIndexOf('/') + 1)}:${p.line + 1}`;
      assert.ok(recall(score) >= 0.95, `recall ${percent(recall(score))}; missed ${missed.map(describe).join(', ')}`);
      assert.ok(falsePositiveRate(score) <= 0.05, `false positives ${percent(falsePositiveRate(score))}: ${family.negatives.filter((n) => lines(n.file).has(n.line)).map(describe).join(', ')}`);
      const labelled = new Set([...family.positives, ...family.negatives].map((l) => `${l.file}:${l.line}`));
      const stray = family.files.flatMap((f) => [...lines(f.path)].filter((line) => !labelled.has(`${f.path}:${line}`)).map((line) => describe({ file: f.path, line })));
      assert.deepEqual(stray, [], 'findings on lines with neither label');
    });
  }
});
