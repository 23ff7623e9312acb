import { createHash } from 'crypto';
import type { CorpusFinding } from './precision';

/** A stable pseudo-random order: by a hash of where the finding is. */
function shuffleKey(finding: CorpusFinding): string {
  return createHash('sha256').update(`${finding.package}/${finding.path}/${finding.fingerprint}`).digest('hex');
}

/**
 * Up to `perRule` findings of each rule to judge next, spread across packages (taken from each
 * package in turn) and, within a package, in a stable pseudo-random order, so a sample is not
 * one file's worth of the same pattern. `already` counts the judged findings of each rule.
 */
export function sampleToJudge(unjudged: readonly CorpusFinding[], perRule: number, already: ReadonlyMap<string, number> = new Map()): CorpusFinding[] {
  const byRule = new Map<string, Map<string, CorpusFinding[]>>();
  for (const finding of unjudged) {
    const packages = byRule.get(finding.rule) ?? new Map<string, CorpusFinding[]>();
    byRule.set(finding.rule, packages);
    const list = packages.get(finding.package) ?? [];
    packages.set(finding.package, list);
    list.push(finding);
  }
  const picked: CorpusFinding[] = [];
  for (const rule of [...byRule.keys()].sort()) {
    const queues = [...byRule.get(rule)!.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, list]) => [...list].sort((a, b) => shuffleKey(a).localeCompare(shuffleKey(b))));
    let budget = Math.max(0, perRule - (already.get(rule) ?? 0));
    while (budget > 0 && queues.some((q) => q.length > 0)) {
      for (const queue of queues) {
        const next = queue.shift();
        if (!next || budget === 0) continue;
        picked.push(next);
        budget--;
      }
    }
  }
  return picked;
}
