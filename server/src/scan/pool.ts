import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../engine/options';
import type { RuleMeta } from '../engine/types';
import type { ModuleSummaries } from '../analysis/interproc/workspace';
import { isFileOutcome, type FileOutcome, type SummaryOutcome } from './fileAnalysis';

/**
 * Scans files on worker threads, one tree-sitter parser each, while the caller stays
 * synchronous: the main thread sleeps on a shared counter (Atomics.wait) and takes the
 * workers' messages with receiveMessageOnPort, so `scan()` keeps its plain signature.
 * Workers claim files one at a time from a shared index, which balances large and small files.
 */

export interface PoolJob {
  file: string;
  shownPath: string;
  /** Index into WorkerInput.optionSets (the language server's files each have their pyproject.toml); absent: `options`. */
  optionSet?: number;
  /** This file's size limit in bytes; absent: WorkerInput.maxBytes. */
  maxBytes?: number;
}

export interface WorkerInput {
  jobs: PoolJob[];
  /** The rules to run, metadata included (the worker need not read the catalogue again). */
  rules: RuleMeta[];
  options: LintOptions;
  /** Per-job options (PoolJob.optionSet). */
  optionSets?: LintOptions[];
  maxBytes: number;
  /** Run the worker thread at the lowest scheduling priority (Linux), so it yields the CPU to the editor's thread. */
  lowPriority?: boolean;
  counters: SharedArrayBuffer;
  port: MessagePort;
  /** 'summaries': the first phase of a scan (function summaries); 'analyse' (absent): the findings, with the workspace's summaries. */
  phase?: PoolPhase;
  summaries?: ModuleSummaries[];
  /** The worker waits for each phase's command on its port (ScanPool) instead of running `phase` once. */
  phased?: boolean;
}

export type PoolPhase = 'summaries' | 'analyse';

/** What ScanPool tells a phased worker: run a phase over the jobs (from the shared counter), or end. */
export type PoolCommand = { kind: 'phase'; phase: PoolPhase; summaries?: ModuleSummaries[] } | { kind: 'stop' };

export type PoolMessage = { kind: 'file'; index: number; outcome: FileOutcome | SummaryOutcome } | { kind: 'done' } | { kind: 'failed'; message: string };

export const COUNTER_NEXT_JOB = 0;
/** Messages posted so far: progress, for noticing a stalled pool. */
export const COUNTER_POSTED = 1;
/** Workers that have posted their last message; the one counter that wakes the main thread. */
export const COUNTER_FINISHED = 2;
/** Non-zero while workers must not start another file (the editor needs the CPU). */
export const COUNTER_PAUSED = 3;
export const COUNTERS = 4;

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

/** What every worker of one run is given besides the shared counters and its port. */
export type PoolInput = Omit<WorkerInput, 'counters' | 'port'>;

interface StartedWorkers {
  counters: Int32Array;
  ports: MessagePort[];
  workers: Worker[];
}

function startWorkers(input: PoolInput, threads: number, script: string): StartedWorkers {
  const counters = new Int32Array(new SharedArrayBuffer(COUNTERS * Int32Array.BYTES_PER_ELEMENT));
  const ports: MessagePort[] = [];
  const workers: Worker[] = [];
  for (let i = 0; i < threads; i++) {
    const channel = new MessageChannel();
    const data: WorkerInput = { ...input, counters: counters.buffer as SharedArrayBuffer, port: channel.port2 };
    const worker = new Worker(script, { workerData: data, transferList: [channel.port2] });
    worker.unref();
    workers.push(worker);
    ports.push(channel.port1);
  }
  return { counters, ports, workers };
}

function stopWorkers({ ports, workers }: StartedWorkers): void {
  for (const port of ports) port.close();
  for (const worker of workers) void worker.terminate();
}

/**
 * Worker threads kept for every phase of one scan (summaries, then analyses): each phase's
 * jobs go to the same workers, so a scan starts its threads, loads its code and warms its JIT
 * once, not once per phase. `run` blocks the caller until the phase is over.
 */
export class ScanPool {
  private readonly started: StartedWorkers;
  /** Workers that have not failed or gone quiet: only they get the next phase. */
  private readonly alive: boolean[];
  /** The job index of each position the workers claim, largest files first. */
  private readonly order: number[];

  constructor(
    private readonly jobs: Required<PoolJob>[],
    rules: RuleMeta[],
    optionSets: LintOptions[],
    threads: number,
    script: string,
  ) {
    // Largest files first: the last file a worker claims is then a small one, and no thread waits long for another at the end of a phase.
    this.order = largestFirst(jobs);
    const claimed = this.order.map((i) => jobs[i]);
    // Every job names its options and size limit; `options` and `maxBytes` are only the fallbacks a PoolJob may leave out.
    this.started = startWorkers({ jobs: claimed, rules, options: optionSets[0] ?? DEFAULT_LINT_OPTIONS, optionSets, maxBytes: jobs[0]?.maxBytes ?? 0, phased: true }, threads, script);
    this.alive = this.started.workers.map(() => true);
  }

  /**
   * Runs one phase over every job. Returns one outcome per job (in job order); a job whose
   * outcome never arrived (a worker died or stalled) is left undefined for the caller.
   */
  run(phase: PoolPhase, summaries?: ModuleSummaries[]): (FileOutcome | SummaryOutcome | undefined)[] {
    const outcomes: (FileOutcome | SummaryOutcome | undefined)[] = new Array(this.jobs.length);
    const { counters, ports } = this.started;
    const working = ports.map((_, i) => i).filter((i) => this.alive[i]);
    if (working.length === 0) return outcomes;
    Atomics.store(counters, COUNTER_NEXT_JOB, 0);
    const command: PoolCommand = { kind: 'phase', phase, ...(summaries ? { summaries } : {}) };
    for (const i of working) ports[i].postMessage(command);
    const over = new Set<number>();
    const postedAtStart = Atomics.load(counters, COUNTER_POSTED);
    let posted = postedAtStart;
    let lastProgress = Date.now();
    for (;;) {
      const finishedBefore = Atomics.load(counters, COUNTER_FINISHED);
      for (const i of working) {
        for (let m = receiveMessageOnPort(ports[i]); m; m = receiveMessageOnPort(ports[i])) {
          const message = m.message as PoolMessage;
          if (message.kind === 'file') outcomes[this.order[message.index]] = message.outcome;
          else {
            over.add(i);
            if (message.kind === 'failed') {
              this.alive[i] = false;
              process.stderr.write(`dvr-hints: a scan worker failed: ${message.message}\n`);
            }
          }
        }
      }
      if (over.size >= working.length) break;
      Atomics.wait(counters, COUNTER_FINISHED, finishedBefore, DRAIN_INTERVAL_MS);
      const now = Date.now();
      const postedNow = Atomics.load(counters, COUNTER_POSTED);
      if (postedNow !== posted) {
        posted = postedNow;
        lastProgress = now;
      } else if (now - lastProgress > (posted === postedAtStart ? STARTUP_STALL_MS : STALL_MS)) {
        // A worker that says nothing for this long is left out of later phases too.
        for (const i of working) if (!over.has(i)) this.alive[i] = false;
        break;
      }
    }
    return outcomes;
  }

  /** Ends the workers (between phases they wait for the next command, outside any native parse). */
  stop(): void {
    for (const [i, port] of this.started.ports.entries()) if (this.alive[i]) port.postMessage({ kind: 'stop' } satisfies PoolCommand);
    stopWorkers(this.started);
  }
}

/** Job indexes by file size, largest first (a file that cannot be read counts as empty: it is over at once). */
function largestFirst(jobs: readonly PoolJob[]): number[] {
  const sizes = jobs.map((job) => {
    try {
      return fs.statSync(job.file).size;
    } catch {
      return 0;
    }
  });
  return jobs.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a] || a - b);
}

/** A run of the pool that does not block the calling thread (the language server's). */
export interface BackgroundRun {
  /** Settles when every job was reported, or the workers finished, failed or were stopped. */
  readonly done: Promise<void>;
  /** Workers finish the file they are on and then wait (the editor needs the CPU). */
  pause(): void;
  resume(): void;
  /** Stops the workers; outcomes not yet reported never come. */
  stop(): void;
}

/**
 * Runs the jobs on worker threads while the calling thread's event loop goes on: each
 * outcome is handed to `onOutcome` as its message arrives. Jobs a worker never reported
 * (it died) are left out: the caller sees which indexes it got.
 */
export function startOnWorkers(input: PoolInput, threads: number, script: string, onOutcome: (index: number, outcome: FileOutcome) => void): BackgroundRun {
  const started = startWorkers(input, threads, script);
  const { counters, ports, workers } = started;
  let finishedWorkers = 0;
  let stopped = false;
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (settle = resolve));
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    // No worker.terminate(): terminating a thread inside tree-sitter's native parse aborts the
    // whole process ('Napi::Error'). Each worker finishes its file, finds no job left and ends.
    Atomics.store(counters, COUNTER_NEXT_JOB, input.jobs.length);
    Atomics.store(counters, COUNTER_PAUSED, 0);
    Atomics.notify(counters, COUNTER_PAUSED);
    settle();
  };
  const finishOne = (): void => {
    if (++finishedWorkers >= workers.length) stop();
  };
  for (const [i, port] of ports.entries()) {
    let over = false;
    const end = (): void => {
      if (over) return;
      over = true;
      finishOne();
    };
    const take = (message: PoolMessage): void => {
      if (stopped || over) return;
      if (message.kind === 'file') {
        // Only the analyses phase runs in the background.
        if (isFileOutcome(message.outcome)) onOutcome(message.index, message.outcome);
      }
      else end();
    };
    port.on('message', take);
    // A worker that dies (or cannot start) says nothing more; what it posted before is still taken.
    const exited = (): void => {
      for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) take(m.message as PoolMessage);
      port.close();
      end();
    };
    workers[i].on('exit', exited);
    workers[i].on('error', exited);
  }
  return {
    done,
    pause: () => Atomics.store(counters, COUNTER_PAUSED, 1),
    resume: () => {
      Atomics.store(counters, COUNTER_PAUSED, 0);
      Atomics.notify(counters, COUNTER_PAUSED);
    },
    stop,
  };
}
