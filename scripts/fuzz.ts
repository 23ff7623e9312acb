import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { findRulesDirectory } from '../server/src/engine/catalogue';
import { buildRuleSet, onRuleCrash } from '../server/src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../server/src/engine/options';
import { ALL_CHECKS } from '../server/src/rules';
import { generateCase, type CaseExpectation, type CaseKind, type FuzzCase } from './fuzz/cases';
import { Corpus } from './fuzz/corpus';
import { CaseWatch } from './fuzz/cpuClock';
import { checkExpected, type CheckContext } from './fuzz/invariants';

/**
 * `npm run fuzz -- [--seconds S | --cases N] [--seed S] [--case I] [--replay FILE]`
 *
 * Runs the engine, with every registered rule selected, over generated inputs (see
 * fuzz/cases.ts) and checks fuzz/invariants.ts on each. Cases run in a child process
 * so that a hang (more than --timeout seconds of the child's CPU time on one case, or as
 * many seconds of wall time with no CPU used at all: blocked) or a native crash is caught, recorded
 * and the run goes on. Each failing case is saved under --out with the command that
 * reproduces it. Exit status 1 when any case failed.
 */

const REPO_ROOT = path.dirname(findRulesDirectory());

interface Options {
  seconds?: number;
  cases?: number;
  seed: number;
  only?: number;
  replay?: string;
  out: string;
  timeoutMs: number;
  jobs: number;
}

interface CaseResult {
  index: number;
  kind: CaseKind;
  description: string;
  ms: number;
  problems: string[];
  /** Not analysed, for a documented reason (parse time budget). */
  skipped?: string;
}

type ToChild = { type: 'run'; index: number } | { type: 'exit' };
type FromChild = { type: 'ready' } | ({ type: 'result' } & CaseResult);

function readOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      seconds: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      case: { type: 'string' },
      replay: { type: 'string' },
      out: { type: 'string', default: path.join(REPO_ROOT, 'test-output', 'fuzz') },
      timeout: { type: 'string', default: '120' },
      jobs: { type: 'string', default: '1' },
      child: { type: 'boolean', default: false },
    },
  });
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, not '${v}'`);
    return n;
  };
  const seconds = num(values.seconds, 'seconds');
  const cases = num(values.cases, 'cases');
  return {
    seconds: seconds === undefined && cases === undefined ? 100 : seconds,
    cases,
    seed: num(values.seed, 'seed') ?? Math.floor(Math.random() * 2 ** 31),
    only: num(values.case, 'case'),
    replay: values.replay,
    out: values.out as string,
    timeoutMs: (num(values.timeout, 'timeout') ?? 120) * 1000,
    jobs: Math.max(1, Math.floor(num(values.jobs, 'jobs') ?? 1)),
  };
}

// ---------------------------------------------------------------- running one case (child side)

function checkContext(): CheckContext {
  const crashes: string[] = [];
  onRuleCrash((ruleId, _path, error) => crashes.push(`${ruleId}: ${error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 4).join(' | ') : String(error)}`));
  return { rules: buildRuleSet(ALL_CHECKS), options: { ...DEFAULT_LINT_OPTIONS, select: ['ALL'] }, crashes };
}

function runCase(fuzzCase: FuzzCase, context: CheckContext): CaseResult {
  const started = performance.now();
  const { problems, skipped } = checkExpected(fuzzCase, context);
  return { index: fuzzCase.index, kind: fuzzCase.kind, description: fuzzCase.description, ms: performance.now() - started, problems, ...(skipped ? { skipped } : {}) };
}

function childMain(seed: number): void {
  const corpus = Corpus.load(REPO_ROOT);
  const context = checkContext();
  // A child whose parent is gone (killed, or finished) leaves too.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToChild) => {
    if (message.type === 'exit') process.exit(0);
    const result = runCase(generateCase(corpus, seed, message.index), context);
    process.send?.({ type: 'result', ...result } satisfies FromChild);
  });
  process.send?.({ type: 'ready' } satisfies FromChild);
}

// ---------------------------------------------------------------- the run (parent side)

function saveReproducer(options: Options, fuzzCase: FuzzCase, problems: string[]): string {
  fs.mkdirSync(options.out, { recursive: true });
  const base = path.join(options.out, `seed${options.seed}-case${fuzzCase.index}`);
  const record = {
    seed: options.seed,
    index: fuzzCase.index,
    kind: fuzzCase.kind,
    description: fuzzCase.description,
    path: fuzzCase.path,
    problems,
    ...(fuzzCase.expect ? { expect: fuzzCase.expect } : {}),
    reproduce: `npm run fuzz -- --seed ${options.seed} --case ${fuzzCase.index}   (or --replay ${base}.json)`,
    // JSON keeps lone surrogates (\udXXX), which a UTF-8 .py file cannot.
    ...(fuzzCase.bytes ? { bytesBase64: Buffer.from(fuzzCase.bytes).toString('base64') } : { text: fuzzCase.text }),
  };
  fs.writeFileSync(`${base}.json`, JSON.stringify(record));
  if (fuzzCase.bytes) fs.writeFileSync(`${base}.bin`, fuzzCase.bytes);
  else fs.writeFileSync(`${base}.py`, fuzzCase.text ?? '');
  return `${base}.json`;
}

function shortProblems(problems: readonly string[]): string {
  return problems.slice(0, 3).map((p) => `    ${p.slice(0, 400)}`).join('\n') + (problems.length > 3 ? `\n    ... and ${problems.length - 3} more` : '');
}

async function parentMain(options: Options): Promise<number> {
  const corpus = Corpus.load(REPO_ROOT);
  const started = Date.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const limit = options.cases ?? Infinity;
  console.log(
    `fuzz: seed ${options.seed}; corpus ${corpus.counts.fixtures} fixtures, ${corpus.counts.examples} examples, ${corpus.counts.stdlib} stdlib files${corpus.stdlibDir ? ` (${corpus.stdlibDir})` : ' (no python3 found)'}; ` +
      `${ALL_CHECKS.length} rules; ${options.cases !== undefined ? `${options.cases} cases` : ''}${options.cases !== undefined && options.seconds !== undefined ? ' or ' : ''}${options.seconds !== undefined ? `${options.seconds} s` : ''}`,
  );

  let nextIndex = 0;
  let done = 0;
  const failures: CaseResult[] = [];
  const byKind = new Map<CaseKind, { count: number; ms: number }>();
  const slowest: CaseResult[] = [];
  const skipped: CaseResult[] = [];
  let lastReport = Date.now();

  const record = (result: CaseResult): void => {
    done++;
    const k = byKind.get(result.kind) ?? { count: 0, ms: 0 };
    k.count++;
    k.ms += result.ms;
    byKind.set(result.kind, k);
    slowest.push(result);
    slowest.sort((a, b) => b.ms - a.ms);
    slowest.length = Math.min(slowest.length, 5);
    if (result.skipped) skipped.push(result);
    if (result.problems.length > 0) {
      failures.push(result);
      const file = saveReproducer(options, generateCase(corpus, options.seed, result.index), result.problems);
      console.log(`FAIL case ${result.index} (${result.kind}: ${result.description.slice(0, 160)})\n${shortProblems(result.problems)}\n    saved ${path.relative(process.cwd(), file)}`);
    }
    if (Date.now() - lastReport > 15_000) {
      lastReport = Date.now();
      console.log(`fuzz: ${done} cases, ${failures.length} failed, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  };

  const wantMore = (): boolean => nextIndex < limit && Date.now() < deadline;

  await new Promise<void>((resolve) => {
    let live = 0;
    const startChild = (): void => {
      live++;
      const child: ChildProcess = fork(__filename, ['--child', '--seed', String(options.seed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      let current: number | undefined;
      let caseStarted = 0;
      let timer: NodeJS.Timeout | undefined;
      /** Hang detection by the child's CPU time: a busy machine makes a case slow, not hung. */
      const HANG_POLL_MS = 1000;
      let finished = false;
      const dispatch = (): void => {
        if (!wantMore()) {
          finished = true;
          child.send({ type: 'exit' } satisfies ToChild);
          return;
        }
        current = nextIndex++;
        caseStarted = performance.now();
        child.send({ type: 'run', index: current } satisfies ToChild);
        const watch = new CaseWatch(child.pid ?? -1, options.timeoutMs / 1000);
        timer = setInterval(() => {
          const verdict = watch.check();
          if (!verdict.hung) return;
          clearInterval(timer);
          const lost = current as number;
          current = undefined;
          finished = true;
          child.kill('SIGKILL');
          const fuzzCase = generateCase(corpus, options.seed, lost);
          record({ index: lost, kind: fuzzCase.kind, description: fuzzCase.description, ms: performance.now() - caseStarted, problems: [`hang: ${verdict.detail}`] });
          startChild();
        }, HANG_POLL_MS);
      };
      child.on('message', (message: FromChild) => {
        if (message.type === 'ready') {
          dispatch();
          return;
        }
        clearInterval(timer);
        current = undefined;
        const { type: _type, ...result } = message;
        record(result);
        dispatch();
      });
      child.on('exit', (code, signal) => {
        clearInterval(timer);
        live--;
        if (!finished && current !== undefined) {
          const lost = current;
          const fuzzCase = generateCase(corpus, options.seed, lost);
          record({ index: lost, kind: fuzzCase.kind, description: fuzzCase.description, ms: performance.now() - caseStarted, problems: [`the analysing process died: ${signal ?? `exit code ${code}`}`] });
          startChild();
          return;
        }
        if (live === 0) resolve();
      });
    };
    for (let j = 0; j < options.jobs; j++) startChild();
  });

  const seconds = (Date.now() - started) / 1000;
  const kinds = [...byKind].map(([kind, k]) => `${kind} ${k.count} (${(k.ms / Math.max(1, k.count)).toFixed(1)} ms avg)`).join(', ');
  console.log(`fuzz: seed ${options.seed}: ${done} cases in ${seconds.toFixed(1)} s (${(done / seconds).toFixed(0)}/s): ${kinds}`);
  console.log(`fuzz: slowest: ${slowest.map((s) => `case ${s.index} ${s.kind} ${(s.ms / 1000).toFixed(1)} s (${s.description.slice(0, 60)})`).join('; ')}`);
  if (skipped.length > 0) console.log(`fuzz: ${skipped.length} cases not analysed by design (${skipped[0].skipped}), e.g. ${skipped.slice(0, 5).map((s) => `case ${s.index}`).join(', ')}`);
  if (failures.length > 0) console.log(`fuzz: ${failures.length} failing cases saved under ${path.relative(process.cwd(), options.out) || '.'}`);
  console.log(`fuzz: ${done - failures.length} passed, ${failures.length} failed`);
  return failures.length > 0 ? 1 : 0;
}

/** `--case I` or `--replay FILE`: one case, in this process, with every problem printed. */
function runOne(options: Options): number {
  let fuzzCase: FuzzCase;
  if (options.replay) {
    const file = options.replay;
    if (file.endsWith('.json')) {
      const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { index: number; kind: CaseKind; description: string; path?: string; text?: string; bytesBase64?: string; expect?: CaseExpectation };
      fuzzCase = { index: saved.index, kind: saved.kind, description: saved.description, path: saved.path ?? 'x.py', expect: saved.expect, ...(saved.bytesBase64 !== undefined ? { bytes: Buffer.from(saved.bytesBase64, 'base64') } : { text: saved.text ?? '' }) };
    } else if (file.endsWith('.bin')) {
      fuzzCase = { index: -1, kind: 'bytes', description: file, path: 'x.py', bytes: fs.readFileSync(file) };
    } else {
      fuzzCase = { index: -1, kind: 'mutate', description: file, path: 'x.py', text: fs.readFileSync(file, 'utf8') };
    }
  } else {
    fuzzCase = generateCase(Corpus.load(REPO_ROOT), options.seed, options.only as number);
  }
  const result = runCase(fuzzCase, checkContext());
  console.log(`fuzz: case ${fuzzCase.index} (${fuzzCase.kind}: ${fuzzCase.description}) as ${fuzzCase.path}, ${(fuzzCase.text ?? fuzzCase.bytes ?? '').length} ${fuzzCase.bytes ? 'bytes' : 'chars'}, ${result.ms.toFixed(0)} ms`);
  if (result.skipped) console.log(`  not analysed: ${result.skipped}`);
  for (const p of result.problems) console.log(`  ${p}`);
  console.log(`fuzz: ${result.problems.length === 0 ? 1 : 0} passed, ${result.problems.length === 0 ? 0 : 1} failed`);
  return result.problems.length === 0 ? 0 : 1;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv.includes('--child')) {
    childMain(readOptions(argv).seed);
    return;
  }
  let options: Options;
  try {
    options = readOptions(argv);
  } catch (error) {
    console.error(`fuzz: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  if (options.only !== undefined || options.replay) {
    process.exitCode = runOne(options);
    return;
  }
  void parentMain(options).then((code) => {
    process.exitCode = code;
  });
}

main();
