/**
 * Drives a step generator (engine `analysisSteps`) in time slices, giving the event loop
 * back between slices so that newer edits are read while a long analysis runs. A
 * cancelled run is never resumed and never calls `done`.
 */
export interface SlicedRun {
  cancel(): void;
}

export function runInSlices<T>(steps: Generator<void, T>, sliceMs: number, done: (result: T) => void, failed: (error: unknown) => void): SlicedRun {
  let cancelled = false;
  const slice = (): void => {
    if (cancelled) return;
    const deadline = performance.now() + sliceMs;
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) {
          done(step.value);
          return;
        }
        if (performance.now() >= deadline) break;
      }
    } catch (error) {
      failed(error);
      return;
    }
    setImmediate(slice);
  };
  slice();
  return {
    cancel() {
      if (cancelled) return;
      cancelled = true;
      steps.return(undefined as T);
    },
  };
}
