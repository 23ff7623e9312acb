import * as fs from 'fs';
import * as os from 'os';
import { workerData, type MessagePort } from 'worker_threads';
import { buildRuleSet, type ActiveRule } from '../engine/engine';
import type { LintOptions } from '../engine/options';
import { ALL_CHECKS } from '../rules';
import { WorkspaceSummaries, type ModuleSummaries } from '../analysis/interproc/workspace';
import { analyseFile, summariseJob } from './fileAnalysis';
import { COUNTER_FINISHED, COUNTER_NEXT_JOB, COUNTER_PAUSED, COUNTER_POSTED, type PoolCommand, type PoolMessage, type PoolPhase, type WorkerInput } from './pool';

/**
 * Entry point of a scan worker thread (dist/scanWorker.js): claims files from the shared
 * counter until none are left, with its own tree-sitter parser, and posts each outcome.
 */
const input = workerData as WorkerInput;
const counters = new Int32Array(input.counters);
const port: MessagePort = input.port;

function post(message: PoolMessage): void {
  port.postMessage(message);
  Atomics.add(counters, COUNTER_POSTED, 1);
  if (message.kind !== 'file') {
    // The main thread sleeps on this counter rather than on its event loop (see pool.ts).
    Atomics.add(counters, COUNTER_FINISHED, 1);
    Atomics.notify(counters, COUNTER_FINISHED);
  }
}

/** Lets the event loop turn: tree-sitter frees a tree's native memory in a finalizer that only runs then. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Lowers this thread's scheduling priority to the lowest (nice 19): on Linux setpriority with a
 * thread id applies to that thread alone, so the process's main thread (the editor's analyses)
 * keeps its priority. Best effort: elsewhere it may fail or apply to the process, and is skipped.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid !== process.pid) os.setPriority(tid, 19);
  } catch {
    // Not allowed or not available: the pause between files still gives the editor way.
  }
}

/** Waits while the pool is paused (the main thread needs the CPU for an open document). */
function waitWhilePaused(): void {
  while (Atomics.load(counters, COUNTER_PAUSED) !== 0) Atomics.wait(counters, COUNTER_PAUSED, Atomics.load(counters, COUNTER_PAUSED), 100);
}

/** Claims and runs jobs of one phase until none are left. */
async function runPhase(rules: ActiveRule[], phase: PoolPhase | undefined, summaries: ModuleSummaries[] | undefined): Promise<void> {
  const workspace = summaries ? new WorkspaceSummaries(summaries) : undefined;
  for (let done = 1; ; done++) {
    waitWhilePaused();
    const index = Atomics.add(counters, COUNTER_NEXT_JOB, 1);
    if (index >= input.jobs.length) break;
    const job = input.jobs[index];
    const options: LintOptions = (job.optionSet !== undefined ? input.optionSets?.[job.optionSet] : undefined) ?? input.options;
    try {
      const maxBytes = job.maxBytes ?? input.maxBytes;
      if (phase === 'summaries') {
        post({ kind: 'file', index, outcome: summariseJob(job.file, job.shownPath, rules, options, maxBytes) });
      } else {
        const outcome = analyseFile(job.file, job.shownPath, rules, options, maxBytes, workspace);
        if (outcome.ok && outcome.findings.length === 0) delete outcome.text;
        post({ kind: 'file', index, outcome });
      }
    } catch (error) {
      post({ kind: 'file', index, outcome: { ok: false, reason: `internal error: ${error instanceof Error ? error.message : String(error)}`, unreadable: true } });
    }
    if (done % 8 === 0) await yieldToEventLoop();
  }
}

/** The next command of a phased worker (ScanPool); the port's listener keeps the thread alive meanwhile. */
const nextCommand = (): Promise<PoolCommand> => new Promise((resolve) => port.once('message', resolve));

async function work(): Promise<void> {
  if (input.lowPriority) lowerThreadPriority();
  const metas = new Map(input.rules.map((meta) => [meta.id, meta]));
  const rules = buildRuleSet(ALL_CHECKS.filter((check) => metas.has(check.id)), metas);
  if (!input.phased) return runPhase(rules, input.phase, input.summaries);
  for (let command = await nextCommand(); command.kind === 'phase'; command = await nextCommand()) {
    await runPhase(rules, command.phase, command.summaries);
    post({ kind: 'done' });
  }
}

work().then(
  () => {
    if (!input.phased) post({ kind: 'done' });
  },
  (error: unknown) => post({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
).finally(() => port.close());
