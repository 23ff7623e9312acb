import { lastSegment, unparenthesize, type TextOf } from '../engine/python';
import type { SyntaxNode } from '../engine/types';
import type { ModuleModel } from '../semantic/model';
import type { TaintPurpose } from './taint';
import { argumentNodes, calleeNames, keyOf, type CalleeNames } from './taint/syntax';

/**
 * What makes an untrusted value safe to use as a file name (CWE-22), as data for the taint
 * engine (taint/purpose.ts): calls that keep only a last path component, and a containment
 * check on a normalised path. A prefix check on a path nobody normalised proves nothing
 * (`BASE + '/../../etc/passwd'` starts with BASE), so `startswith` counts only after
 * `os.path.realpath`, `abspath`, `normpath` or `Path.resolve()`.
 */

/** Calls whose result is one path component at most, or a value with no path syntax in it. */
const COMPONENT_CALLS: ReadonlySet<string> = new Set([
  'os.path.basename', 'posixpath.basename', 'ntpath.basename',
  'werkzeug.utils.secure_filename', 'werkzeug.secure_filename',
  'uuid.UUID', 'oslo_utils.uuidutils.generate_uuid',
]);
/** The same, by bare name, for code that imports them under their own name from elsewhere. */
const COMPONENT_NAMES: ReadonlySet<string> = new Set(['secure_filename']);

/** Calls that normalise a path: `..` components are resolved away. */
const NORMALISING_CALLS: ReadonlySet<string> = new Set([
  'os.path.realpath', 'os.path.abspath', 'os.path.normpath', 'posixpath.realpath', 'posixpath.abspath', 'posixpath.normpath',
]);
/** `Path(...).resolve()`: normalises too (`absolute()` does not collapse `..`). */
const NORMALISING_METHODS: ReadonlySet<string> = new Set(['resolve']);
/** Checks that a path lies under a base (`real.startswith(base)`, `p.is_relative_to(base)`). */
const CONTAINMENT_METHODS: ReadonlySet<string> = new Set(['startswith', 'is_relative_to']);
const COMMON_PATH = new Set(['os.path.commonpath', 'posixpath.commonpath']);

/** How many assignments `real = os.path.realpath(p)`, `checked = real` are followed back. */
const MAX_BINDING_HOPS = 3;

/** The argument a normalising call normalises, if `node` is one: `os.path.realpath(p)` -> p. */
function normalisingCall(node: SyntaxNode, textOf: TextOf, model: ModuleModel): SyntaxNode | undefined {
  const n = unparenthesize(node);
  if (n.type !== 'call') return undefined;
  const fn = n.childForFieldName('function');
  const { qualified } = calleeNames(n, textOf, model);
  if (NORMALISING_CALLS.has(qualified)) return argumentNodes(n)[0] ?? n;
  if (fn && fn.type === 'attribute' && NORMALISING_METHODS.has(lastSegment(textOf(fn)))) return fn.childForFieldName('object') ?? n;
  return undefined;
}

/** Was `node` normalised: a normalising call, or a name last assigned one (through a few plain copies)? */
function isNormalised(node: SyntaxNode, textOf: TextOf, model: ModuleModel): boolean {
  let n = unparenthesize(node);
  for (let hop = 0; hop <= MAX_BINDING_HOPS; hop++) {
    if (normalisingCall(n, textOf, model)) return true;
    if (n.type !== 'identifier') return false;
    const binding = model.bindingOf(n);
    if (!binding || binding.kind !== 'assignment' || !binding.value) return false;
    n = unparenthesize(binding.value);
  }
  return false;
}

/**
 * The names a containment check on `checked` proves safe: `checked` itself, and for a
 * check written on the normalising call (`realpath(p).startswith(BASE)`) the path it normalised.
 */
function containedNames(checked: SyntaxNode, textOf: TextOf, model: ModuleModel): string[] {
  if (!isNormalised(checked, textOf, model)) return [];
  const names: string[] = [];
  const own = keyOf(unparenthesize(checked), textOf);
  if (own) names.push(own);
  const inner = normalisingCall(checked, textOf, model);
  const innerKey = inner ? keyOf(unparenthesize(inner), textOf) : undefined;
  if (innerKey) names.push(innerKey);
  return names;
}

/** `real.startswith(BASE)`, `real.is_relative_to(base)`. */
function methodCheckFacts(call: SyntaxNode, textOf: TextOf, model: ModuleModel): string[] {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'attribute' || !CONTAINMENT_METHODS.has(lastSegment(textOf(fn)))) return [];
  const receiver = fn.childForFieldName('object');
  return receiver && argumentNodes(call).length > 0 ? containedNames(receiver, textOf, model) : [];
}

/** `os.path.commonpath([base, real]) == base` (either side), `os.path.basename(name) == name`. */
function comparisonFacts(comparison: SyntaxNode, holds: boolean, textOf: TextOf, model: ModuleModel): string[] {
  const operands = comparison.namedChildren.filter((c) => c.type !== 'comment');
  const ops = comparison.children.filter((c) => !c.isNamed).map((c) => textOf(c)).join(' ');
  const equal = (ops === '==' && holds) || (ops === '!=' && !holds);
  if (operands.length !== 2 || !equal) return [];
  const facts: string[] = [];
  for (const [call, other] of [[operands[0], operands[1]], [operands[1], operands[0]]]) {
    const c = unparenthesize(call);
    if (c.type !== 'call') continue;
    const { qualified } = calleeNames(c, textOf, model);
    const first = argumentNodes(c)[0];
    if (!first) continue;
    if (COMMON_PATH.has(qualified)) {
      const list = unparenthesize(first);
      const items = list.type === 'list' || list.type === 'tuple' ? list.namedChildren.filter((i) => i.type !== 'comment') : [];
      for (const item of items) facts.push(...containedNames(item, textOf, model));
    } else if (COMPONENT_CALLS.has(qualified)) {
      const key = keyOf(unparenthesize(first), textOf);
      if (key && key === keyOf(unparenthesize(other), textOf)) facts.push(key);
    }
  }
  return facts;
}

/** The taint purpose of file names (taint/purpose.ts), for DVR510. */
export const PATH_PURPOSE: TaintPurpose = {
  name: 'path',
  slashJoins: true,
  cleans(_call: SyntaxNode, callee: CalleeNames): boolean {
    return COMPONENT_CALLS.has(callee.qualified) || COMPONENT_NAMES.has(callee.name);
  },
  guardFacts(condition: SyntaxNode, holds: boolean, textOf: TextOf, model: ModuleModel): string[] {
    if (condition.type === 'call') return holds ? methodCheckFacts(condition, textOf, model) : [];
    if (condition.type === 'comparison_operator') return comparisonFacts(condition, holds, textOf, model);
    return [];
  },
};
