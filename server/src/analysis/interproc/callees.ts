import { unitNameOf } from '../../engine/classUnits';
import { readsNoVariable } from '../../engine/constantText';
import { unparenthesize } from '../../engine/python';
import type { RuleContext, SyntaxNode } from '../../engine/types';
import type { ClassInfo } from '../../semantic/model';
import { moduleNameOf, type FunctionSummary, type SummaryParameter } from './workspace';

/**
 * What a call calls, when the module or the workspace knows: a function of this module
 * (a plain call, `self.method(...)` through the class and its bases in the file,
 * `Class(...).method(...)` or a variable assigned `Class(...)`), or another module's
 * function through the imports (`utils.run(...)`, `from utils import run as launch`).
 */
export type Callee =
  | { kind: 'local'; name: string; fn: SyntaxNode; params: SummaryParameter[]; reads: string[] }
  | { kind: 'external'; name: string; summary: FunctionSummary; params: SummaryParameter[]; reads: string[] };

/** Base classes followed from a class to find a method. */
const MAX_BASE_DEPTH = 3;
/** A `self.x.y.method()` chain this long is not followed. */
const MAX_CALLEE_TEXT = 200;

/** The parameters of a def as a call binds them; `self`/`cls` of a method are left out. */
export function parametersOf(fn: SyntaxNode, textOf: (n: SyntaxNode) => string, isMethod: boolean): SummaryParameter[] {
  const node = fn.childForFieldName('parameters');
  const result: SummaryParameter[] = [];
  let keywordOnly = false;
  for (const p of node ? node.namedChildren : []) {
    if (p.type === 'list_splat_pattern' || p.type === 'keyword_separator') {
      keywordOnly = true;
      continue;
    }
    let name: SyntaxNode | null | undefined = null;
    if (p.type === 'identifier') name = p;
    else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') name = p.childForFieldName('name');
    else if (p.type === 'typed_parameter') name = p.namedChildren.find((c) => c.type === 'identifier');
    if (name && name.type === 'identifier') result.push({ name: textOf(name), positional: !keywordOnly });
  }
  return isMethod && !isStaticMethod(fn, textOf) ? result.slice(1) : result;
}

/** parametersOf a def as a call binds them, once per def and file (a method is called from many places). */
function calleeParameters(fn: SyntaxNode, context: RuleContext): SummaryParameter[] {
  const known = context.memo('interproc:parameters', () => new Map<number, SummaryParameter[]>());
  let params = known.get(fn.id);
  if (!params) {
    params = parametersOf(fn, context.text, isMethod(fn));
    known.set(fn.id, params);
  }
  return params;
}

function isStaticMethod(fn: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const parent = fn.parent;
  return parent?.type === 'decorated_definition' && parent.namedChildren.some((d) => d.type === 'decorator' && /^@\s*staticmethod\b/.test(textOf(d)));
}

/** A def directly in a class body. */
export function isMethod(fn: SyntaxNode): boolean {
  let owner = fn.parent;
  if (owner?.type === 'decorated_definition') owner = owner.parent;
  return owner?.type === 'block' && owner.parent?.type === 'class_definition';
}

/** The name of the editor's unit that holds `node` (a top-level def or class, `Class.method`): what it re-checks by. */
export function topLevelName(node: SyntaxNode, context: RuleContext): string | undefined {
  return unitNameOf(node, context.file.text);
}

/** What `call` calls, if known; `reads` gets the definitions the answer depends on (found or not). */
export function resolveCallee(call: SyntaxNode, context: RuleContext, reads: Set<string>): Callee | undefined {
  const callee = resolve(call, context, reads);
  if (callee) for (const name of callee.reads) reads.add(name);
  return callee;
}

function resolve(call: SyntaxNode, context: RuleContext, reads: Set<string>): Callee | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.endIndex - fn.startIndex > MAX_CALLEE_TEXT) return undefined;
  if (fn.type === 'identifier') return plainCall(fn, call, context, reads);
  if (fn.type !== 'attribute') return undefined;
  const object = fn.childForFieldName('object');
  const attribute = fn.childForFieldName('attribute');
  if (!object || !attribute) return undefined;
  const method = context.text(attribute);
  const cls = receiverClass(unparenthesize(object), call, context);
  if (cls) return methodOf(cls.info, method, cls.reads, context, reads);
  return external(call, context, reads);
}

function plainCall(identifier: SyntaxNode, call: SyntaxNode, context: RuleContext, reads: Set<string>): Callee | undefined {
  const name = context.text(identifier);
  const binding = context.model.bindingOf(identifier);
  if (binding?.kind === 'function' && binding.definition) {
    const definition = binding.definition;
    const names = [name, topLevelName(definition, context)].filter((n): n is string => !!n);
    return { kind: 'local', name, fn: definition, params: calleeParameters(definition, context), reads: names };
  }
  // An unbound name may become a def in the next edit: the editor re-checks callers by it.
  if (!binding) reads.add(name);
  return !binding || binding.kind === 'import' ? external(call, context, reads) : undefined;
}

function external(call: SyntaxNode, context: RuleContext, reads: Set<string>): Callee | undefined {
  const qualified = context.model.callName(call);
  if (!qualified || qualified.startsWith('builtins.')) return undefined;
  reads.add(`ext:${qualified}`);
  const summary = context.file.workspace?.lookup(qualified, moduleNameOf(context.file.path));
  return summary ? { kind: 'external', name: qualified, summary, params: summary.params, reads: [] } : undefined;
}

/** The class a method call's receiver is an instance of, when this module says: `self`, `Class(...)`, a variable holding one. */
function receiverClass(receiver: SyntaxNode, call: SyntaxNode, context: RuleContext): { info: ClassInfo; reads: string[] } | undefined {
  const model = context.model;
  if (receiver.type === 'identifier' && (context.text(receiver) === 'self' || context.text(receiver) === 'cls')) {
    const cls = model.enclosingClass(call);
    const name = cls?.childForFieldName('name');
    const info = name ? model.classes.get(context.text(name)) : undefined;
    return info && info.node.id === cls?.id ? { info, reads: [] } : undefined;
  }
  let instance: SyntaxNode | undefined = receiver;
  if (receiver.type === 'identifier') {
    const binding = model.bindingOf(receiver);
    instance = binding?.kind === 'assignment' && binding.scope === model.scopeOf(receiver) ? binding.value : undefined;
  }
  if (!instance || instance.type !== 'call') return undefined;
  const constructor = instance.childForFieldName('function');
  if (!constructor || constructor.type !== 'identifier') return undefined;
  const binding = model.bindingOf(constructor);
  if (binding?.kind !== 'class' || !binding.definition) return undefined;
  const info = model.classes.get(context.text(constructor));
  return info && info.node.id === binding.definition.id ? { info, reads: [info.name] } : undefined;
}

/** `method` of a class of this module, or of its bases defined in the module. */
function methodOf(info: ClassInfo, method: string, classReads: string[], context: RuleContext, reads: Set<string>): Callee | undefined {
  let current: ClassInfo | undefined = info;
  const seen = new Set<string>();
  const names = [...classReads];
  for (let depth = 0; current && depth <= MAX_BASE_DEPTH && !seen.has(current.name); depth++) {
    seen.add(current.name);
    names.push(current.name);
    const fn = current.methods.get(method);
    // The summary depends on the method's own unit (its body), besides the classes that led to it.
    if (fn) return { kind: 'local', name: `${current.name}.${method}`, fn, params: calleeParameters(fn, context), reads: [...names, `${current.name}.${method}`] };
    const base: string | undefined = current.bases.map((b) => b.split('.').pop() ?? b).find((b) => context.model.classes.has(b));
    current = base ? context.model.classes.get(base) : undefined;
  }
  for (const name of names) reads.add(name);
  return undefined;
}

/**
 * Whether `call` could hand a callee a value from outside: its argument list reads some
 * variable. A call with only literals (or none) passes nothing untrusted, whatever it calls.
 */
export function passesVariableArgument(call: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const args = call.childForFieldName('arguments');
  return !!args && args.type === 'argument_list' && !readsNoVariable(textOf(args));
}

/** The argument each parameter gets at a call: by position, then by keyword; `*args`/`**kwargs` end what is known. */
export function bindArguments(call: SyntaxNode, params: readonly SummaryParameter[], context: RuleContext): Map<string, SyntaxNode> {
  const bound = new Map<string, SyntaxNode>();
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return bound;
  let index = 0;
  let positionalKnown = true;
  for (const arg of args.namedChildren) {
    if (arg.type === 'comment') continue;
    if (arg.type === 'list_splat') {
      positionalKnown = false;
      continue;
    }
    if (arg.type === 'dictionary_splat') continue;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      const key = name ? context.text(name) : '';
      if (value && params.some((p) => p.name === key)) bound.set(key, value);
      continue;
    }
    const param = params[index++];
    if (positionalKnown && param?.positional) bound.set(param.name, arg);
  }
  return bound;
}
