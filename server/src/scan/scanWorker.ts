import { workerData, type MessagePort } from 'worker_threads';
import { buildRuleSet } from '../engine/engine';
import type { LintOptions } from '../engine/options';
import { ALL_CHECKS } from '../rules';
import { WorkspaceSummaries } from '../analysis/interproc/workspace';
import { analyseFile, summariseJob } from './fileAnalysis';
import { COUNTER_FINISHED, COUNTER_NEXT_JOB, COUNTER_POSTED, type PoolMessage, type WorkerInput } from './pool';

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

async function work(): Promise<void> {
  const metas = new Map(input.rules.map((meta) => [meta.id, meta]));
  const rules = buildRuleSet(ALL_CHECKS.filter((check) => metas.has(check.id)), metas);
  const options: LintOptions = input.options;
  const workspace = input.summaries ? new WorkspaceSummaries(input.summaries) : undefined;
  for (let done = 1; ; done++) {
    const index = Atomics.add(counters, COUNTER_NEXT_JOB, 1);
    if (index >= input.jobs.length) break;
    const job = input.jobs[index];
    try {
      if (input.phase === 'summaries') {
        post({ kind: 'file', index, outcome: summariseJob(job.file, job.shownPath, rules, options, input.maxBytes) });
      } else {
        const outcome = analyseFile(job.file, job.shownPath, rules, options, input.maxBytes, workspace);
        if (outcome.ok && outcome.findings.length === 0) delete outcome.text;
        post({ kind: 'file', index, outcome });
      }
    } catch (error) {
      post({ kind: 'file', index, outcome: { ok: false, reason: `internal error: ${error instanceof Error ? error.message : String(error)}`, unreadable: true } });
    }
    if (done % 8 === 0) await yieldToEventLoop();
  }
}

work().then(
  () => post({ kind: 'done' }),
  (error: unknown) => post({ kind: 'failed', message: error instanceof Error ? error.stack ?? error.message : String(error) }),
).finally(() => port.close());
