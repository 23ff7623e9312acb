import type { RelatedLocation, Span, SyntaxNode } from '../../engine/types';

/**
 * The taint value: where an untrusted value entered and the steps it took, and the join
 * of values that meet (branches, operands).
 */

/**
 * Where a value comes from: a threat-model source (`remote`, `local`), a configured source,
 * or, under the `parameters` threat model, any parameter or `self` attribute.
 */
export type TaintOrigin = 'remote' | 'local' | 'configured' | 'parameter' | 'attribute';

interface StepLink {
  readonly location: RelatedLocation;
  readonly previous: StepLink | null;
}

/** Long paths keep their beginning and their end. */
const MAX_PATH_STEPS = 24;
const PATH_HEAD = 4;
export const MAX_READ_NAME = 60;

export class Taint {
  constructor(
    readonly origin: TaintOrigin,
    /** Where the external value enters. */
    readonly source: RelatedLocation,
    /** The external value's own name: the parameter, the attribute, or the source call. */
    readonly name: string,
    /** The value was spliced into a string (`%`, `+`, f-string, `.format`, `join`). */
    readonly formatted: boolean,
    private readonly last: StepLink | null = null,
  ) {}

  /** Assignments, formatting and loops the value went through, in order. */
  get steps(): RelatedLocation[] {
    const all: RelatedLocation[] = [];
    for (let s = this.last; s; s = s.previous) all.push(s.location);
    all.reverse();
    if (all.length <= MAX_PATH_STEPS) return all;
    return [...all.slice(0, PATH_HEAD), ...all.slice(all.length - (MAX_PATH_STEPS - PATH_HEAD))];
  }

  withStep(location: RelatedLocation, formatted: boolean = this.formatted): Taint {
    return new Taint(this.origin, this.source, this.name, formatted, { location, previous: this.last });
  }

  /**
   * The same value read through `port['id']` or `port.id`: while nothing else has
   * happened to it, the read names the value better than the bare parameter does.
   */
  readAs(name: string): Taint {
    return this.last === null && !this.formatted && name.length <= MAX_READ_NAME ? new Taint(this.origin, this.source, name, false, null) : this;
  }

  asFormatted(): Taint {
    return this.formatted ? this : new Taint(this.origin, this.source, this.name, true, this.last);
  }
}

/** Sources outrank bare parameters, which outrank `self` attributes: they say more about who controls the value. */
export function originRank(origin: TaintOrigin): number {
  return origin === 'attribute' ? 0 : origin === 'parameter' ? 1 : 2;
}

/** A value from a threat-model or configured source, not merely a parameter (the audit view). */
export function isSourced(taint: Taint): boolean {
  return taint.origin !== 'parameter' && taint.origin !== 'attribute';
}

/** The value of an expression built from several operands: the strongest taint, formatted if any operand was. */
export function unionOf(values: readonly (Taint | undefined)[]): Taint | undefined {
  let best: Taint | undefined;
  let formatted = false;
  for (const v of values) {
    if (!v) continue;
    formatted ||= v.formatted;
    if (!best || originRank(v.origin) > originRank(best.origin)) best = v;
  }
  return best && formatted ? best.asFormatted() : best;
}

/** Taint, known clean (`null`), or unbound (`undefined`: the parameter/attribute default applies). */
export type Value = Taint | null | undefined;

/** Join of the values flowing into one program point from several paths. */
export function joinValues(values: readonly Value[]): Value {
  let unbound = false;
  let best: Taint | undefined;
  for (const v of values) {
    if (v === undefined) unbound = true;
    else if (v && (!best || originRank(v.origin) > originRank(best.origin))) best = v;
  }
  if (best) return best;
  return unbound ? undefined : null;
}

/** A place in the text: a node or a plain span. */
export type Where = SyntaxNode | Span;

export function toSpan(where: Where): Span {
  return 'startIndex' in where ? { start: where.startIndex, end: where.endIndex } : { start: where.start, end: where.end };
}

export function locationOf(where: Where, message: string): RelatedLocation {
  return { ...toSpan(where), message };
}

/** A node's span as a plain value (tree-sitter nodes expose startIndex/endIndex). */
export function spanOf(node: SyntaxNode): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** Related locations for a finding: source, each step, any extra steps, then the sink. */
export function taintPath(taint: Taint, sink: SyntaxNode | Span, sinkMessage: string, extra: readonly RelatedLocation[] = []): RelatedLocation[] {
  return [taint.source, ...taint.steps, ...extra, { ...toSpan(sink), message: sinkMessage }];
}
