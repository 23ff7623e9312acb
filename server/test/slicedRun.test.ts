import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInSlices } from '../src/lsp/slicedRun';

function* counting(steps: number, log: number[]): Generator<void, number> {
  for (let i = 0; i < steps; i++) {
    log.push(i);
    const until = performance.now() + 1;
    while (performance.now() < until) {
      // busy: one step costs about 1 ms
    }
    yield;
  }
  return steps;
}

describe('runInSlices', () => {
  it('gives the event loop back between slices and delivers the result', async () => {
    const log: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const result = await new Promise<number>((resolve, reject) => runInSlices(counting(60, log), 5, resolve, reject));
    clearInterval(timer);
    assert.equal(result, 60);
    assert.equal(log.length, 60);
    assert.ok(ticks > 0, 'other work ran while the steps did');
  });

  it('a cancelled run stops, never calls done, and finishes its generator', async () => {
    const log: number[] = [];
    let done = false;
    const steps = counting(1000, log);
    const run = runInSlices(steps, 5, () => (done = true), () => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    run.cancel();
    const stoppedAt = log.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(log.length, stoppedAt, 'no step ran after cancel');
    assert.ok(stoppedAt < 1000);
    assert.equal(done, false);
    assert.deepEqual(steps.next(), { done: true, value: undefined });
  });

  it('an error in a step is reported, not thrown', async () => {
    function* failing(): Generator<void, number> {
      yield;
      throw new Error('rule bug');
    }
    const error = await new Promise<unknown>((resolve) => runInSlices(failing(), 5, () => resolve(undefined), resolve));
    assert.match(String(error), /rule bug/);
  });
});
