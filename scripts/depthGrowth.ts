import { parseArgs } from 'util';
import { buildRuleSet } from '../server/src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../server/src/engine/options';
import { ALL_CHECKS } from '../server/src/rules';
import { EXPRESSIONS, PATHS, WRAPPERS } from './fuzz/cases';
import { checkText, type CheckContext } from './fuzz/invariants';

/**
 * `npm run fuzz:depth -- [--depth D] [--deepest N] [--budget S] [--only NAME]`
 *
 * How the cost of one analysis grows with nesting depth, for every deep shape the fuzz makes
 * (each nested expression, in each wrapper, under each path the fuzz analyses as). The fuzz
 * meets a 50,000-deep case only now and then, so each 100,000-case run used to find one more
 * rule that walked a deep chain per level. This measures them all, at depth D and 4D (linear
 * cost grows 4 times, quadratic 16 times) and extrapolates each to 50,000 deep at its measured
 * growth. Shapes whose estimate is over a tenth of the fuzz's CPU budget per case are then
 * analysed at 50,000 deep (--deepest), as the fuzz would: one fails over half the budget (the
 * margin is for a loaded machine). Prints figures; exit status 1 when a shape fails. One
 * measurement at the small depths is noisy on a shared machine, which only costs extra checks
 * at 50,000.
 */

const GROWTH = 4;
/** A shape whose estimate at 50,000 deep is over this share of the budget is analysed at 50,000 deep. */
const CHECKED_SHARE = 0.1;
/** A shape that takes more than this share of the budget at 50,000 deep fails. */
const FAILING_SHARE = 0.5;

interface Shape {
  expression: string;
  wrapper: number;
  path: string;
  text: (depth: number) => string;
}

interface Measured {
  shape: Shape;
  small: number;
  large: number;
}

function shapes(only: string | undefined): Shape[] {
  const found: Shape[] = [];
  for (const [expression, nest] of EXPRESSIONS) {
    if (only !== undefined && expression !== only) continue;
    WRAPPERS.forEach((wrap, wrapper) => {
      for (const path of PATHS) found.push({ expression, wrapper, path, text: (depth) => wrap(nest(depth)) });
    });
  }
  return found;
}

function label(shape: Shape): string {
  return `${shape.expression} in wrapper ${shape.wrapper} as ${shape.path}`;
}

/** CPU milliseconds of one analysis with every rule and the fuzz's invariant checks. */
function cpuMs(shape: Shape, depth: number, context: CheckContext): number {
  const text = shape.text(depth);
  const start = process.cpuUsage();
  const result = checkText(text, context, shape.path);
  const spent = process.cpuUsage(start);
  if (result.problems.length > 0) throw new Error(`${label(shape)} x${depth}: ${result.problems[0]}`);
  return (spent.user + spent.system) / 1000;
}

function measure(shape: Shape, depth: number, context: CheckContext): Measured {
  return { shape, small: Math.max(1, cpuMs(shape, depth, context)), large: cpuMs(shape, depth * GROWTH, context) };
}

function growth(m: Measured): number {
  return m.large / m.small;
}

/** The cost at the fuzz's deepest case, from the larger depth, at the measured growth per GROWTH times the depth. */
function extrapolated(m: Measured, largeDepth: number, deepest: number): number {
  return m.large * Math.pow(Math.max(1, growth(m)), Math.log(deepest / largeDepth) / Math.log(GROWTH));
}

function row(m: Measured, depth: number): string {
  return `${label(m.shape)}: ${m.small.toFixed(0)} ms at ${depth}, ${m.large.toFixed(0)} ms at ${depth * GROWTH} (${growth(m).toFixed(1)}x)`;
}

function main(): number {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { depth: { type: 'string', default: '1000' }, deepest: { type: 'string', default: '50000' }, budget: { type: 'string', default: '120' }, only: { type: 'string' } } });
  const depth = Number(values.depth);
  const deepest = Number(values.deepest);
  const budgetMs = Number(values.budget) * 1000;
  if (!(depth >= 10) || !(deepest > depth * GROWTH) || !(budgetMs > 0)) {
    console.error(`fuzz:depth: --depth must be at least 10, --deepest over ${GROWTH} times --depth, and --budget a positive number of seconds`);
    return 2;
  }
  const context: CheckContext = { rules: buildRuleSet(ALL_CHECKS), options: { ...DEFAULT_LINT_OPTIONS, select: ['ALL'] }, crashes: [] };
  const all = shapes(values.only);
  if (all.length === 0) {
    console.error(`fuzz:depth: no expression named '${values.only}'`);
    return 2;
  }
  const started = Date.now();
  const first = all.map((shape) => measure(shape, depth, context));
  const estimated = first.map((m) => ({ m, estimate: extrapolated(m, depth * GROWTH, deepest) })).sort((a, b) => b.estimate - a.estimate);
  const suspects = estimated.filter((e) => e.estimate > CHECKED_SHARE * budgetMs);
  console.log(`fuzz:depth: ${all.length} shapes at depth ${depth} and ${depth * GROWTH} in ${((Date.now() - started) / 1000).toFixed(0)} s; ${suspects.length} estimated over ${(CHECKED_SHARE * budgetMs / 1000).toFixed(0)} s at ${deepest}, analysed there:`);
  const failures: string[] = [];
  for (const { m, estimate } of suspects) {
    const spent = cpuMs(m.shape, deepest, context);
    const failed = spent > FAILING_SHARE * budgetMs;
    console.log(`  ${failed ? 'FAIL' : 'ok  '} ${row(m, depth)}; estimated ${(estimate / 1000).toFixed(0)} s, took ${(spent / 1000).toFixed(1)} s at ${deepest}`);
    if (failed) failures.push(label(m.shape));
  }
  console.log('fuzz:depth: the fastest-growing shapes:');
  for (const m of [...first].sort((a, b) => growth(b) - growth(a)).slice(0, 5)) console.log(`  ${row(m, depth)}`);
  console.log(`fuzz:depth: ${all.length - failures.length} shapes passed, ${failures.length} failed (over ${(FAILING_SHARE * budgetMs / 1000).toFixed(0)} s of CPU at ${deepest}), in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const f of failures) console.log(`  failed: ${f}`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
