import * as fs from 'fs';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { analyse, buildRuleSet } from '../../server/src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../../server/src/engine/options';
import { parsePython } from '../../server/src/engine/parser';
import { ALL_CHECKS } from '../../server/src/rules';
import { RUFF_SECURITY_SELECTION } from './corpus';
import { typeAndDeletePlan } from './editPlan';
import { reparseTimes } from './reparseFloor';
import { percentile } from './stats';

/**
 * Child process of the benchmark: one full tree-sitter parse, one full analysis and one
 * Ruff check of the file in argv[2], each the median of 7 after a warm-up, and the p50 and
 * p95 of tree-sitter's incremental re-parse over the benchmark's argv[3] edits, in a fresh
 * process so that nothing else the benchmark did weighs on them. Prints JSON (ms).
 */
function median(action: () => void): number {
  action();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const start = performance.now();
    action();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[3];
}

const text = fs.readFileSync(process.argv[2], 'utf8');
const rules = buildRuleSet(ALL_CHECKS);
const tree = parsePython(text);
const workspace = new Workspace(RUFF_SECURITY_SELECTION, PositionEncoding.Utf16);
const timings = {
  parseMs: median(() => parsePython(text)),
  analysisMs: median(() => analyse({ path: 'big_module.py', text, tree }, rules, DEFAULT_LINT_OPTIONS)),
  ruffMs: median(() => workspace.check(text)),
  ...reparseFloor(),
};

function reparseFloor(): { reparseP50Ms: number; reparseP95Ms: number } {
  const times = reparseTimes(text, typeAndDeletePlan(text, Number(process.argv[3])));
  return { reparseP50Ms: percentile(times, 50), reparseP95Ms: percentile(times, 95) };
}
process.stdout.write(JSON.stringify(timings) + '\n');
