import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'child_process';
import { after, describe, it } from 'node:test';
import { CaseWatch, cpuSecondsOf } from '../../scripts/fuzz/cpuClock';

/** The fuzz run's hang detector: by CPU time, and by a CPU clock that stopped (blocked). */

const children: ChildProcess[] = [];

function child(script: string): ChildProcess {
  const c = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  children.push(c);
  return c;
}

async function verdictOf(watch: CaseWatch, maxWaitMs: number): Promise<string | undefined> {
  const until = Date.now() + maxWaitMs;
  while (Date.now() < until) {
    const v = watch.check();
    if (v.hung) return v.detail;
    await new Promise((r) => setTimeout(r, 200));
  }
  return undefined;
}

after(() => {
  for (const c of children) c.kill('SIGKILL');
});

const HAS_PROC = cpuSecondsOf(process.pid) !== undefined;

describe('fuzz hang detection', { skip: HAS_PROC ? false : 'NOT RUN: /proc/PID/stat is missing on this machine, so CPU time cannot be read' }, () => {
  it('reads a process CPU clock that moves when it computes', () => {
    const before = cpuSecondsOf(process.pid) as number;
    const spinUntil = process.cpuUsage().user + 300_000;
    while (process.cpuUsage().user < spinUntil) { /* burn 0.3 s of CPU */ }
    const after_ = cpuSecondsOf(process.pid) as number;
    assert.ok(after_ - before >= 0.2, `CPU clock moved by ${after_ - before} s`);
  });

  it('calls a spinning case hung after its CPU budget', async () => {
    const spinner = child('for (;;) {}');
    const detail = await verdictOf(new CaseWatch(spinner.pid as number, 0.5), 120_000);
    assert.match(detail ?? 'never', /of CPU time/);
  });

  it('calls a case that uses no CPU at all blocked, not a CPU hang', async () => {
    const sleeper = child('setTimeout(() => {}, 600000)');
    await new Promise((r) => setTimeout(r, 500)); // let it start up and go idle
    const detail = await verdictOf(new CaseWatch(sleeper.pid as number, 1), 60_000);
    assert.match(detail ?? 'never', /^blocked: no CPU used/);
  });
});
