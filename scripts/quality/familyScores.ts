import { analyse, type ActiveRule } from '../../server/src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../../server/src/engine/options';
import { LineIndex } from '../../server/src/engine/lineIndex';
import type { Family } from './familyCorpus';

/** Lines where our findings of the family's rules start, per file; analysed as non-test agent code. */
export function ourFlaggedLines(family: Family, rules: readonly ActiveRule[]): Map<string, Map<number, Set<string>>> {
  const byFile = new Map<string, Map<number, Set<string>>>();
  const wanted = new Set(family.rules);
  for (const file of family.files) {
    const result = analyse({ path: `neutron/agent/${family.name}/${file.path.slice(file.path.lastIndexOf('/') + 1)}`, text: file.text }, rules, { ...DEFAULT_LINT_OPTIONS, select: ['ALL'] });
    const lines = new LineIndex(file.text);
    const flagged = new Map<number, Set<string>>();
    for (const f of result.findings) {
      if (!wanted.has(f.ruleId)) continue;
      const line = lines.lineOf(f.start);
      const ids = flagged.get(line) ?? new Set<string>();
      ids.add(f.ruleId);
      flagged.set(line, ids);
    }
    byFile.set(file.path, flagged);
  }
  return byFile;
}
