import { MAX_CALLEE_LENGTH, dottedName, unparenthesize } from '../engine/python';
import { resolveValue } from '../analysis/sinks';
import type { RuleContext, SyntaxNode } from '../engine/types';

/**
 * The one place the coverage rules (DVR106-DVR108, DVR505-DVR509, DVR901-DVR907) ask what a
 * name stands for, through the module model (semantic/model.ts): dotted names through the
 * module's imports and aliases (`import hashlib as h; h.md5` -> `hashlib.md5`,
 * `from yaml import load` -> `yaml.load`), unshadowed builtins as `builtins.eval`, and
 * `six.moves.X` as the Python 3 module. Names the model cannot resolve (`self.session.verify`,
 * a local `ctx.check_hostname`) are given as written.
 */

/** `six.moves.X` names the Python 3 module X (a few under other names). */
const SIX_MOVES: Record<string, string> = { cPickle: 'pickle', http_client: 'http.client', urllib_parse: 'urllib.parse', urllib_request: 'urllib.request' };

function withoutSixMoves(dotted: string): string {
  if (!dotted.startsWith('six.moves.')) return dotted;
  const rest = dotted.slice('six.moves.'.length);
  const dot = rest.indexOf('.');
  const head = dot < 0 ? rest : rest.slice(0, dot);
  return (SIX_MOVES[head] ?? head) + (dot < 0 ? '' : rest.slice(dot));
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The dotted name an identifier or attribute chain stands for, or '' for other expressions. */
export function qualifiedName(expr: SyntaxNode, context: RuleContext): string {
  const node = unparenthesize(expr);
  if (node.type !== 'identifier' && node.type !== 'attribute') return '';
  if (node.endIndex - node.startIndex > MAX_CALLEE_LENGTH) return '';
  const resolved = context.model.qualifiedName(node);
  if (resolved !== undefined) return withoutSixMoves(resolved);
  const written = dottedName(node, context.text);
  return DOTTED.test(written) ? written : '';
}

/** The dotted name of a call's callee (see qualifiedName), or ''. */
export function callName(call: SyntaxNode, context: RuleContext): string {
  // Once per call node: most coverage rules ask about every call.
  const names = context.memo('resolvedNames:calls', () => new Map<SyntaxNode, string>());
  let name = names.get(call);
  if (name === undefined) {
    const fn = call.childForFieldName('function');
    name = fn ? qualifiedName(fn, context) : '';
    names.set(call, name);
  }
  return name;
}

/** Does the module import `module` (or a submodule of it), under any name? */
export function importsModule(context: RuleContext, module: string): boolean {
  return context.model.importsModule(module);
}

/**
 * The value an identifier holds where it is used: its last assignment before the use in the
 * same function, else the value of a module-level `NAME = value` bound once. Other
 * expressions are returned as they are.
 */
export function assignedValue(expr: SyntaxNode, context: RuleContext): SyntaxNode {
  const local = resolveValue(expr, context);
  if (local.type !== 'identifier') return local;
  const binding = context.model.bindingOf(local);
  if (!binding || binding.kind !== 'assignment' || !binding.value) return local;
  const all = binding.scope.bindings.get(binding.name) ?? [];
  return all.length === 1 ? unparenthesize(binding.value) : local;
}
