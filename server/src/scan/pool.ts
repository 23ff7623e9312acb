import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import type { LintOptions } from '../engine/options';
import type { RuleMeta } from '../engine/types';
import type { ModuleSummaries } from '../analysis/interproc/workspace';
import type { FileOutcome, SummaryOutcome } from './fileAnalysis';

/**
 * Scans files on worker threads, one tree-sitter parser each, while the caller stays
 * synchronous: the main thread sleeps on a shared counter (Atomics.wait) and takes the
 * workers' messages with receiveMessageOnPort, so `scan()` keeps its plain signature.
 * Workers claim files one at a time from a shared index, which balances large and small files.
 */

export interface PoolJob {
  file: string;
  shownPath: string;
}

export interface WorkerInput {
  jobs: PoolJob[];
  /** The rules to run, metadata included (the worker need not read the catalogue again). */
  rules: RuleMeta[];
  options: LintOptions;
  maxBytes: number;
  counters: SharedArrayBuffer;
  port: MessagePort;
  /** 'summaries': the first phase of a scan (function summaries); 'analyse': the findings, with the workspace's summaries. */
  phase: PoolPhase;
  summaries?: ModuleSummaries[];
}

export type PoolPhase = 'summaries' | 'analyse';

export type PoolMessage = { kind: 'file'; index: number; outcome: FileOutcome | SummaryOutcome } | { kind: 'done' } | { kind: 'failed'; message: string };

export const COUNTER_NEXT_JOB = 0;
/** Messages posted so far: progress, for noticing a stalled pool. */
export const COUNTER_POSTED = 1;
/** Workers that have posted their last message; the one counter that wakes the main thread. */
export const COUNTER_FINISHED = 2;
const COUNTERS = 3;

/**
 * How often the main thread drains the workers' messages. Waking it on every message costs
 * far more (an Atomics.notify per file measured 2.5 s over the standard library on 2 cores).
 */
const DRAIN_INTERVAL_MS = 25;
/** No message from any worker for this long: give up on the pool and finish in this thread. */
const STALL_MS = 120_000;
/** The same before the first message: a worker that cannot start (say, the native parser fails to load) says nothing at all. */
const STARTUP_STALL_MS = 30_000;

/** The bundled worker sits beside the CLI bundle (dist/), the compiled one beside this file (out/). */
export function workerScriptPath(): string | undefined {
  const candidate = path.join(__dirname, 'scanWorker.js');
  return fs.existsSync(candidate) ? candidate : undefined;
}

export function availableThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Runs the jobs on `threads` workers. Returns one outcome per job (in job order); a job
 * whose outcome never arrived (a worker died or stalled) is left undefined for the caller.
 */
export function runOnWorkers(
  jobs: PoolJob[],
  rules: RuleMeta[],
  options: LintOptions,
  maxBytes: number,
  threads: number,
  script: string,
  phase: PoolPhase = 'analyse',
  summaries?: ModuleSummaries[],
): (FileOutcome | SummaryOutcome | undefined)[] {
  const outcomes: (FileOutcome | SummaryOutcome | undefined)[] = new Array(jobs.length);
  const counters = new Int32Array(new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let i = 0; i < threads; i++) {
    const channel = new MessageChannel();
    const input: WorkerInput = { jobs, rules, options, maxBytes, counters: counters.buffer as SharedArrayBuffer, port: channel.port2, phase, ...(summaries ? { summaries } : {}) };
    const worker = new Worker(script, { workerData: input, transferList: [channel.port2] });
    worker.unref();
    workers.push(worker);
    ports.push(channel.port1);
  }
  let finished = 0;
  let posted = 0;
  let lastProgress = Date.now();
  try {
    for (;;) {
      const finishedBefore = Atomics.load(counters, COUNTER_FINISHED);
      for (const port of ports) {
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
          const message = m.message as PoolMessage;
          if (message.kind === 'file') outcomes[message.index] = message.outcome;
          else {
            finished++;
            if (message.kind === 'failed') process.stderr.write(`dvr-hints: a scan worker failed: ${message.message}\n`);
          }
        }
      }
      if (finished >= threads) break;
      Atomics.wait(counters, COUNTER_FINISHED, finishedBefore, DRAIN_INTERVAL_MS);
      const now = Date.now();
      const postedNow = Atomics.load(counters, COUNTER_POSTED);
      if (postedNow !== posted) {
        posted = postedNow;
        lastProgress = now;
      } else if (now - lastProgress > (posted === 0 ? STARTUP_STALL_MS : STALL_MS)) break;
    }
  } finally {
    for (const port of ports) port.close();
    for (const worker of workers) void worker.terminate();
  }
  return outcomes;
}
