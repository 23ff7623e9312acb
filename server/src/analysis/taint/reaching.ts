import type { Span, SyntaxNode } from '../../engine/types';
import { Taint, type Value, type Where } from './value';

/**
 * Reaching definitions: which value a variable holds at an offset. Every change of a
 * variable's value is recorded on its timeline (offset -> value) by the statement walk
 * (flow.ts), which joins branches where they meet; a lookup finds the last record at or
 * before the offset. Plain assignments and list additions are kept too, for rules that
 * look at what a variable holds (a command list, an admin context).
 */

/** A comprehension variable: its taint is its iterable's, computed when first looked up. */
export interface LazyBinding {
  readonly iterable: SyntaxNode;
  readonly at: Where;
  readonly target: string;
  resolved: boolean;
  value: Taint | null;
}
export type Binding = Value | LazyBinding;

export function isLazy(b: Binding): b is LazyBinding {
  return !!b && !(b instanceof Taint);
}

/** Per-variable history of values, by source offset. */
export class Timeline {
  private readonly entries = new Map<string, { offsets: number[]; values: Binding[] }>();

  /** `value` holds from `offset` on; a later record at the same offset wins. */
  record(name: string, offset: number, value: Binding): void {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { offsets: [], values: [] };
      this.entries.set(name, entry);
    }
    const at = upperBound(entry.offsets, offset);
    entry.offsets.splice(at, 0, offset);
    entry.values.splice(at, 0, value);
  }

  lookup(name: string, offset: number): Binding {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const at = upperBound(entry.offsets, offset) - 1;
    return at < 0 ? undefined : entry.values[at];
  }
}

/** First index whose offset is greater than `offset`. */
export function upperBound(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A plain `name = value` assignment, for rules that look at what a variable holds. */
export interface Definition {
  value: SyntaxNode;
  /** The assignment statement. */
  statement: Span;
  /** The assigned name in it. */
  target: Span;
  /** Offset from which the definition holds (the end of its statement). */
  offset: number;
}

/** The plain assignments of one function and the elements later added to lists. */
export class Definitions {
  private readonly definitions = new Map<string, Definition[]>();
  private readonly additions = new Map<string, { offset: number; elements: SyntaxNode[] }[]>();

  add(name: string, definition: Definition): void {
    const list = this.definitions.get(name) ?? [];
    list.push(definition);
    this.definitions.set(name, list);
  }

  addElements(name: string, offset: number, elements: readonly SyntaxNode[]): void {
    const list = this.additions.get(name) ?? [];
    list.push({ offset, elements: elements.filter((e) => e.type !== 'comment') });
    this.additions.set(name, list);
  }

  /** The last plain assignment to `name` before `offset`, in document order. */
  before(name: string, offset: number): Definition | undefined {
    const list = this.definitions.get(name);
    if (!list) return undefined;
    let found: Definition | undefined;
    for (const d of list) if (d.offset <= offset) found = d;
    return found;
  }

  /** Elements added to list `name` by `append`/`extend`/`insert`/`+=` between two offsets. */
  additionsBetween(name: string, from: number, to: number): SyntaxNode[] {
    const result: SyntaxNode[] = [];
    for (const a of this.additions.get(name) ?? []) if (a.offset > from && a.offset <= to) result.push(...a.elements);
    return result;
  }
}
