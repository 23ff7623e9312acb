import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * Collects garbage after the server has let trees go: at once after a batch of them, else
 * once it has been quiet for a moment.
 * A tree-sitter tree lives in native memory that V8 does not see: a released tree is freed
 * only when a full collection finds its JavaScript handle, and with a small JavaScript heap
 * that can take very long (200 open documents: 252 MB resident with their trees released
 * but not collected, 185 MB once collected).
 */
const QUIET_MS = 2000;
/**
 * Released trees that are collected at once, quiet or not: freed native memory is reused by
 * the next trees only if it is freed before they are parsed (the allocator rarely gives it
 * back to the system), so opening many documents collects as it goes.
 */
const RELEASED_BATCH = 16;

/** V8's collector as a function: exposed at run time, since the server is started by clients we do not control. */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : undefined;
  } catch {
    return undefined;
  }
}

export class IdleCollector {
  private timer: NodeJS.Timeout | undefined;
  private pending = 0;
  collections = 0;

  constructor(
    private readonly collect: (() => void) | undefined = collector(),
    private readonly quietMs = QUIET_MS,
    private readonly batch = RELEASED_BATCH,
  ) {}

  /** `count` trees (or documents) were let go: collect after the next quiet moment. */
  released(count: number): void {
    if (count <= 0 || !this.collect) return;
    this.pending += count;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending >= this.batch) {
      this.run();
      return;
    }
    this.timer = setTimeout(() => this.run(), this.quietMs);
    this.timer.unref();
  }

  private run(): void {
    this.timer = undefined;
    this.pending = 0;
    this.collections++;
    this.collect?.();
  }

  /** Whether a collection is waiting for quiet. */
  get waiting(): boolean {
    return this.pending > 0;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
