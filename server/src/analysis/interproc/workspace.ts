import { createHash } from 'crypto';
import type { RelatedLocation } from '../../engine/types';

/**
 * Summaries of functions as plain, serialisable data (they cross from scan workers to the
 * main thread and back, and the language server keeps them per file), and the workspace's
 * index of them by qualified function name.
 */

/** A parameter of a summarised function, as a call binds it. */
export interface SummaryParameter {
  name: string;
  /** Can be given by position (not keyword-only). */
  positional: boolean;
}

/** A parameter's value reaches a rule's sink. */
export interface SinkFlow {
  param: string;
  rule: string;
  /** Calls between the function and the sink (0: the sink is in the function itself). */
  depth: number;
  /** The value was spliced into a string on the way. */
  formatted: boolean;
  /** The rule reports only values spliced into a string here (TaintSink.formattedOnly). */
  formattedOnly: boolean;
  /** What the sink does (the path's last message). */
  sink: string;
  /** From the parameter to the sink, the sink last. */
  steps: RelatedLocation[];
}

/** A parameter's value comes back in the return value. */
export interface ReturnFlow {
  param: string;
  formatted: boolean;
  /** From the parameter to the return statement. */
  steps: RelatedLocation[];
}

export interface FunctionSummary {
  /** The function's name in its module (module-level functions only). */
  name: string;
  params: SummaryParameter[];
  sinks: SinkFlow[];
  returns: ReturnFlow[];
}

/** The summaries of one file, with the dotted names its module can be imported as. */
export interface ModuleSummaries {
  path: string;
  /** Dotted module path from the scan root (`neutron/agent/linux/utils.py` -> `neutron.agent.linux.utils`). */
  module: string;
  /** The file's functions that have a flow; functions with none are left out. */
  functions: FunctionSummary[];
}

/** The dotted module name of a file path (forward slashes; relative to the scan root where possible). */
export function moduleNameOf(filePath: string): string {
  const parts = filePath
    .replace(/\\/g, '/')
    .replace(/\.pyi?$/, '')
    .split('/')
    .filter((p) => p.length > 0 && p !== '.' && p !== '..' && !p.endsWith(':'));
  if (parts.length > 1 && parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

/** Most trailing parts of a module name matched against an import (`a.b.c.d.e.f` is looked up as `d.e.f`, `e.f`...). */
const MAX_SUFFIX_PARTS = 8;

/**
 * The workspace's summaries by qualified function name. A file is known under every
 * trailing part of its module path (`neutron.agent.linux.utils`, `agent.linux.utils`,
 * `linux.utils`, `utils`), so an import resolves without knowing the package roots; a
 * name that two files both answer to is ambiguous and resolves to nothing.
 */
export class WorkspaceSummaries {
  private readonly byFile = new Map<string, ModuleSummaries>();
  private index: Map<string, FunctionSummary | null> | undefined;
  private digest: string | undefined;

  constructor(modules: Iterable<ModuleSummaries> = []) {
    for (const m of modules) this.byFile.set(m.path, m);
  }

  get files(): readonly ModuleSummaries[] {
    return [...this.byFile.values()];
  }

  get size(): number {
    return this.byFile.size;
  }

  /** A digest of every summary: analyses cached with another signature may read summaries that changed since. */
  signature(): string {
    this.digest ??= createHash('sha1')
      .update(JSON.stringify([...this.byFile.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))))
      .digest('hex');
    return this.digest;
  }

  /** Replaces one file's summaries; returns the qualified names whose summary changed (for re-checking callers). */
  update(modules: ModuleSummaries): string[] {
    const before = this.byFile.get(modules.path);
    if (before && sameSummaries(before, modules)) return [];
    const changed = new Set([...(before ? namesOf(before) : []), ...namesOf(modules)]);
    if (modules.functions.length === 0) this.byFile.delete(modules.path);
    else this.byFile.set(modules.path, modules);
    this.index = undefined;
    this.digest = undefined;
    return [...changed];
  }

  /** Forgets one file; returns the names it answered to. */
  remove(path: string): string[] {
    const before = this.byFile.get(path);
    if (!before) return [];
    this.byFile.delete(path);
    this.index = undefined;
    this.digest = undefined;
    return namesOf(before);
  }

  /** The summary a qualified name stands for, unless ambiguous; the caller's own module (`fromModule`) never answers. */
  lookup(qualified: string, fromModule?: string): FunctionSummary | undefined {
    const found = this.buildIndex().get(qualified);
    if (!found || fromModule === undefined) return found ?? undefined;
    for (const m of this.byFile.values()) if (m.module === fromModule && m.functions.includes(found)) return undefined;
    return found;
  }

  private buildIndex(): Map<string, FunctionSummary | null> {
    if (this.index) return this.index;
    const index = new Map<string, FunctionSummary | null>();
    for (const m of this.byFile.values()) {
      for (const f of m.functions) {
        for (const name of namesFor(m.module, f.name)) index.set(name, index.has(name) && index.get(name) !== f ? null : f);
      }
    }
    this.index = index;
    return index;
  }
}

/** Every qualified name a function answers to: the trailing parts of its module, then its own name. */
function namesFor(module: string, functionName: string): string[] {
  const parts = module.split('.').filter(Boolean);
  const names: string[] = [];
  for (let i = Math.max(0, parts.length - MAX_SUFFIX_PARTS); i < parts.length; i++) names.push([...parts.slice(i), functionName].join('.'));
  return names;
}

function namesOf(m: ModuleSummaries): string[] {
  return m.functions.flatMap((f) => namesFor(m.module, f.name)).map((n) => `ext:${n}`);
}

function sameSummaries(a: ModuleSummaries, b: ModuleSummaries): boolean {
  return a.module === b.module && JSON.stringify(a.functions) === JSON.stringify(b.functions);
}
