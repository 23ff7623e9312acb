import { enclosingScopes } from './scopes';
import type { SyntaxNode } from './types';

/** Helpers that read Python syntax off tree-sitter nodes. Text comes from the source string. */

export type TextOf = (node: SyntaxNode) => string;

/**
 * Callees longer than this are computed expressions (`a.b().c()...`), never a name a rule
 * knows; not reading them keeps long method chains linear instead of quadratic.
 */
export const MAX_CALLEE_LENGTH = 500;

/**
 * calleeName's answers per text reader and call node: every rule asks about the same call
 * nodes (the engine hands each rule the same node object), and a reader stands for one text.
 */
const calleeNames = new WeakMap<TextOf, WeakMap<SyntaxNode, string>>();

/** Dotted name of a call's callee with whitespace removed (`self.driver.unplug`), or '' for computed callees. */
export function calleeName(call: SyntaxNode, textOf: TextOf): string {
  let known = calleeNames.get(textOf);
  if (!known) {
    known = new WeakMap();
    calleeNames.set(textOf, known);
  }
  let name = known.get(call);
  if (name === undefined) {
    const fn = call.childForFieldName('function');
    name = !fn || fn.endIndex - fn.startIndex > MAX_CALLEE_LENGTH ? '' : dottedName(fn, textOf);
    known.set(call, name);
  }
  return name;
}

/** `a.b.c` for identifiers and attribute chains; for anything else the text without whitespace. */
export function dottedName(node: SyntaxNode, textOf: TextOf): string {
  return textOf(node).replace(/\s+/g, '');
}

export function lastSegment(dotted: string): string {
  const dot = dotted.lastIndexOf('.');
  return dot < 0 ? dotted : dotted.slice(dot + 1);
}

export interface CallArguments {
  positional: SyntaxNode[];
  keywords: Map<string, SyntaxNode>;
  /** `*args` / `**kwargs` present: the call's arguments are not all visible. */
  hasSplat: boolean;
}

export function callArguments(call: SyntaxNode, textOf: TextOf): CallArguments {
  const result: CallArguments = { positional: [], keywords: new Map(), hasSplat: false };
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') {
    if (args) result.positional.push(args); // generator argument: f(x for x in y)
    return result;
  }
  for (const arg of args.namedChildren) {
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name');
      const value = arg.childForFieldName('value');
      if (name && value) result.keywords.set(textOf(name), value);
    } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
      result.hasSplat = true;
    } else if (arg.type !== 'comment') {
      result.positional.push(arg);
    }
  }
  return result;
}

/** The value of a string literal without interpolation (implicit concatenation joined), else undefined. */
export function literalString(node: SyntaxNode, textOf: TextOf): string | undefined {
  if (node.type === 'string') return singleStringValue(node, textOf);
  if (node.type !== 'concatenated_string') return undefined;
  let out = '';
  for (const part of node.namedChildren) {
    const v = part.type === 'string' ? singleStringValue(part, textOf) : undefined;
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

function singleStringValue(node: SyntaxNode, textOf: TextOf): string | undefined {
  let out = '';
  for (const child of node.namedChildren) {
    if (child.type === 'interpolation') return undefined;
    if (child.type === 'string_content' || child.type === 'escape_sequence') out += textOf(child);
  }
  return out;
}

export function isFString(node: SyntaxNode, textOf: TextOf): boolean {
  const parts = node.type === 'concatenated_string' ? node.namedChildren : [node];
  return parts.some((part) => {
    if (part.type !== 'string') return false;
    const start = part.firstChild;
    return !!start && /f/i.test(textOf(start).replace(/['"]/g, ''));
  });
}

const CONSTANT_TYPES = new Set(['integer', 'float', 'true', 'false', 'none', 'ellipsis']);

/** Literal constants (and tuples/lists of them); interpolated strings are not constant. Iterative: nesting depth is unbounded. */
export function isConstant(node: SyntaxNode, textOf: TextOf): boolean {
  const pending: SyntaxNode[] = [node];
  while (pending.length > 0) {
    const n = pending.pop() as SyntaxNode;
    if (CONSTANT_TYPES.has(n.type)) continue;
    if (n.type === 'string' || n.type === 'concatenated_string') {
      if (literalString(n, textOf) === undefined) return false;
    } else if (n.type === 'unary_operator') {
      const arg = n.childForFieldName('argument');
      if (!arg) return false;
      pending.push(arg);
    } else if (n.type === 'parenthesized_expression') {
      const inner = n.namedChildren.find((c) => c.type !== 'comment');
      if (!inner) return false;
      pending.push(inner);
    } else if (n.type === 'tuple' || n.type === 'list') {
      for (const c of n.namedChildren) if (c.type !== 'comment') pending.push(c);
    } else {
      return false;
    }
  }
  return true;
}

export function unparenthesize(node: SyntaxNode): SyntaxNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = current.namedChildren.find((c) => c.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

export const FUNCTION_TYPES = new Set(['function_definition', 'lambda']);

/** The nearest enclosing `def` (decorated or not), or null at module level or directly in a class. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | null {
  for (const scope of enclosingScopes(node)) return scope.type === 'function_definition' ? scope : null;
  return null;
}

export function enclosingClass(node: SyntaxNode): SyntaxNode | null {
  for (const scope of enclosingScopes(node)) if (scope.type === 'class_definition') return scope;
  return null;
}

export function functionName(fn: SyntaxNode, textOf: TextOf): string {
  const name = fn.childForFieldName('name');
  return name ? textOf(name) : '';
}

/** Names of a function's parameters, in order (without `*`/`**`). */
export function parameterNames(fn: SyntaxNode, textOf: TextOf): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const names: string[] = [];
  for (const p of params.namedChildren) {
    let target: SyntaxNode | null = p;
    if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') target = p.childForFieldName('name');
    else if (p.type === 'typed_parameter') target = p.namedChildren.find((c) => c.type === 'identifier') ?? null;
    else if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') target = p.namedChildren[0] ?? null;
    if (target && target.type === 'identifier') names.push(textOf(target));
  }
  return names;
}

/** Decorators of a function or class definition (the `@...` expressions' text). */
export function decoratorsOf(definition: SyntaxNode, textOf: TextOf): string[] {
  const parent = definition.parent;
  if (!parent || parent.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c) => c.type === 'decorator').map((d) => textOf(d).replace(/^@\s*/, ''));
}

/** The body statements of a block-bearing node. */
export function bodyOf(node: SyntaxNode): SyntaxNode | null {
  return node.childForFieldName('body');
}

/** The docstring of a class or function body, if its first statement is a string. */
export function docstringOf(definition: SyntaxNode, textOf: TextOf): string | undefined {
  const body = bodyOf(definition);
  const first = body?.namedChildren.find((c) => c.type !== 'comment');
  if (!first || first.type !== 'expression_statement') return undefined;
  const expr = first.namedChildren[0];
  if (!expr) return undefined;
  return literalString(expr, textOf);
}

/** True when `inner` lies within `outer` (or is it). */
export function contains(outer: SyntaxNode, inner: SyntaxNode): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** Yields the node and all named descendants in document order, iteratively (deep nesting is safe). */
export function* walkNamed(root: SyntaxNode): Generator<SyntaxNode> {
  const cursor = root.walk();
  let depth = 0;
  for (;;) {
    if (cursor.nodeIsNamed) yield cursor.currentNode;
    if (cursor.gotoFirstChild()) {
      depth++;
      continue;
    }
    for (;;) {
      if (depth === 0) return;
      if (cursor.gotoNextSibling()) break;
      cursor.gotoParent();
      depth--;
    }
  }
}

/** Source text of a node with its comments removed and whitespace runs collapsed, for messages. */
export function compactText(node: SyntaxNode, textOf: TextOf): string {
  const comments = node.descendantsOfType('comment');
  let out = '';
  let at = node.startIndex;
  const whole = textOf(node);
  for (const c of comments) {
    out += whole.slice(at - node.startIndex, c.startIndex - node.startIndex);
    at = c.endIndex;
  }
  out += whole.slice(at - node.startIndex);
  return out.replace(/\s+/g, ' ').replace(/([([{]) /g, '$1').replace(/ ([)\]}])/g, '$1').trim();
}
