import * as fs from 'fs';
import * as path from 'path';
import { analysisOptions } from '../../server/src/engine/display';
import { analyse, buildRuleSet } from '../../server/src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../../server/src/engine/options';
import { parsePython } from '../../server/src/engine/parser';
import { RuleProfile, setRuleProfile } from '../../server/src/engine/profile';
import { ALL_CHECKS } from '../../server/src/rules';
import { readPythonSource } from '../../server/src/scan/files';

/**
 * Child process of the benchmark: over the files listed in argv[2] (paths shown to the rules
 * relative to argv[3]), the CPU time of the tree-sitter parse, of the full analysis with every
 * rule (as the language server runs it), and, in a second, profiled analysis of the same trees,
 * each rule's share and the file-level facts'. Prints JSON (ms).
 */
const gc = (globalThis as { gc?: () => void }).gc;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const spent = process.cpuUsage(since);
  return (spent.user + spent.system) / 1000;
};

async function main(): Promise<void> {
  const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const root = process.argv[3];
  const rules = buildRuleSet(ALL_CHECKS);
  const options = analysisOptions(DEFAULT_LINT_OPTIONS);
  const profile = new RuleProfile();
  let parseCpuMs = 0;
  let analysisCpuMs = 0;
  let profiledMs = 0;
  let lines = 0;
  let analysed = 0;
  for (const [i, file] of files.entries()) {
    const read = readPythonSource(file, Number.MAX_SAFE_INTEGER);
    if (!read.ok) continue;
    const input = { path: path.relative(root, file), text: read.text };
    let start = process.cpuUsage();
    let tree;
    try {
      tree = parsePython(read.text);
    } catch {
      continue; // over the parse budget: no scan analyses it either
    }
    parseCpuMs += cpuMs(start);
    start = process.cpuUsage();
    const result = analyse({ ...input, tree }, rules, options);
    analysisCpuMs += cpuMs(start);
    lines += result.lineIndex.lineCount;
    analysed++;
    setRuleProfile(profile);
    start = process.cpuUsage();
    analyse({ ...input, tree }, rules, options);
    profiledMs += cpuMs(start);
    setRuleProfile(undefined);
    if (i % 64 === 63) {
      gc?.();
      await tick();
    }
  }
  const rulesMs = Object.fromEntries([...profile.byRule].sort((a, b) => b[1] - a[1]));
  process.stdout.write(JSON.stringify({ files: analysed, lines, parseCpuMs, analysisCpuMs, profiledMs, rulesMs, factsMs: profile.facts }) + '\n');
}

void main();
