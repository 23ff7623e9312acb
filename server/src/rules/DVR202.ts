import { callArguments, calleeName, lastSegment, literalString, unparenthesize } from '../engine/python';
import { auditTaintAt, functionTaint } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';

const MAX_FOLLOW = 3;
const DEVICE_CALLS = new Set(['IPDevice', 'add_veth', 'add_dummy', 'add_tuntap', 'plug']);

/** The device-name arguments of a call that creates or opens a Linux device. */
function deviceNameArguments(call: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const name = calleeName(call, context.text);
  const method = lastSegment(name);
  if (!DEVICE_CALLS.has(method)) return [];
  const { positional, keywords } = callArguments(call, context.text);
  const pick = (...nodes: (SyntaxNode | undefined)[]): SyntaxNode[] => nodes.filter((n): n is SyntaxNode => !!n);
  switch (method) {
    case 'IPDevice':
      return pick(positional[0] ?? keywords.get('name'));
    case 'add_veth':
      return pick(positional[0] ?? keywords.get('name1'), positional[1] ?? keywords.get('name2'));
    case 'add_dummy':
    case 'add_tuntap':
      return pick(positional[0] ?? keywords.get('name'));
    case 'plug':
      // An interface driver's plug(network_id, port_id, device_name, mac_address, ...).
      if (!/driver/i.test(name) && !keywords.has('device_name')) return [];
      return pick(keywords.get('device_name') ?? positional[2]);
    default:
      return [];
  }
}

function isSlice(node: SyntaxNode): boolean {
  const n = unparenthesize(node);
  return n.type === 'subscript' && n.childrenForFieldName('subscript').some((s) => s.type === 'slice');
}

/** A value already cut (`port_id[:11]`), directly or in the variable it came from. */
function isBounded(node: SyntaxNode, context: RuleContext, depth: number): boolean {
  const n = unparenthesize(node);
  if (isSlice(n)) return true;
  if (n.type === 'identifier' && depth < MAX_FOLLOW) {
    const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
    return !!definition && isBounded(definition.value, context, depth + 1);
  }
  return false;
}

/** `%` templates whose placeholders are all numbers (`'vlan%d' % vid`) make short names. */
function numericTemplate(node: SyntaxNode, context: RuleContext): boolean {
  const text = literalString(unparenthesize(node), context.text);
  if (text === undefined) return false;
  const placeholders = text.match(/%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[a-zA-Z]/g) ?? [];
  return placeholders.length > 0 && placeholders.every((p) => /[dixX]$/.test(p));
}

/** The parts spliced into a name built by `+`, `%`, an f-string or `.format`; undefined when not built. */
function splicedParts(node: SyntaxNode, context: RuleContext): SyntaxNode[] | undefined {
  const n = unparenthesize(node);
  if (n.type === 'binary_operator') {
    const op = n.childForFieldName('operator')?.type;
    if (op === '%') {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      if (!left || !right || numericTemplate(left, context)) return [];
      const r = unparenthesize(right);
      if (r.type === 'tuple') return r.namedChildren.filter((c) => c.type !== 'comment');
      if (r.type === 'dictionary') return r.namedChildren.filter((c) => c.type === 'pair').map((p) => p.childForFieldName('value')).filter((v): v is SyntaxNode => !!v);
      return [right];
    }
    if (op !== '+') return undefined;
    // Flatten a + b + c without recursion.
    const parts: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [n];
    while (stack.length > 0) {
      const current = unparenthesize(stack.pop() as SyntaxNode);
      if (current.type === 'binary_operator' && current.childForFieldName('operator')?.type === '+') {
        const right = current.childForFieldName('right');
        const left = current.childForFieldName('left');
        if (right) stack.push(right);
        if (left) stack.push(left);
      } else {
        parts.push(current);
      }
    }
    return parts;
  }
  if (n.type === 'string') {
    const parts = n.namedChildren.filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression'));
    return parts.length > 0 ? parts.filter((p): p is SyntaxNode => !!p) : undefined;
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    const receiver = fn?.type === 'attribute' ? unparenthesize(fn.childForFieldName('object') as SyntaxNode) : null;
    if (receiver && (receiver.type === 'string' || receiver.type === 'identifier') && lastSegment(calleeName(n, context.text)) === 'format') {
      return n.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    }
  }
  return undefined;
}

/** A name built here from an external id that nothing cuts to length, or undefined. */
function unboundedName(node: SyntaxNode, context: RuleContext, depth: number): SyntaxNode | undefined {
  const n = unparenthesize(node);
  if (isSlice(n)) return undefined;
  if (n.type === 'identifier') {
    if (depth >= MAX_FOLLOW) return undefined;
    const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
    return definition ? unboundedName(definition.value, context, depth + 1) : undefined;
  }
  const parts = splicedParts(n, context);
  if (!parts) return undefined;
  for (const part of parts) {
    const value = part.type === 'keyword_argument' ? part.childForFieldName('value') : part;
    if (!value || isBounded(value, context, 0)) continue;
    if (auditTaintAt(value, context, 'keep')) return n;
  }
  return undefined;
}

/** DVR202 device-name-unbounded: a device name from prefix + external id, not cut to 15 characters. */
export const DVR202: RuleCheck = {
  id: 'DVR202',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /IPDevice|add_veth|add_dummy|add_tuntap|\.plug\(/,
  check(call, context) {
    for (const arg of deviceNameArguments(call, context)) {
      const name = unboundedName(arg, context, 0);
      if (!name) continue;
      context.report({ node: call.childForFieldName('function') ?? call, value: context.text(name) });
      return;
    }
  },
};
