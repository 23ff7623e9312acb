import { CallMatcher } from '../engine/callNames';
import { callArguments, lastSegment, literalString, unparenthesize } from '../engine/python';
import type { RuleContext, Span, SyntaxNode } from '../engine/types';
import { isProcessHelper } from '../engine/vocabulary';
import { functionTaint } from './taint';
import { calleeNames } from './taint/syntax';

/** Where data becomes a command: process helpers, configured sinks, iptables managers. */

/** A call named in the user's `taint-sinks`. */
export function isConfiguredSink(call: SyntaxNode, context: RuleContext): boolean {
  const sinks = context.settings.taint.sinks;
  if (sinks.length === 0) return false;
  const matcher = context.memo('taint:sinks', () => new CallMatcher(sinks));
  const { name, qualified } = calleeNames(call, context.text, context.model);
  return matcher.matches(name, qualified);
}

/** A process helper in the catalogue's sense, or a configured sink. */
export function isCommandSink(call: SyntaxNode, context: RuleContext): boolean {
  return isProcessHelper(call, context.text, calleeNames(call, context.text, context.model).qualified) || isConfiguredSink(call, context);
}

export interface CommandList {
  /** The command's elements, in order (list literal items and items added later). */
  elements: SyntaxNode[];
  /** The variable that held the list, with the statement that built it. */
  via?: { name: string; statement: Span; target: Span };
}

/** Helpers that take the command as separate arguments: `processutils.execute('ip', 'link', ...)`. */
function takesVarargs(call: SyntaxNode, context: RuleContext): boolean {
  const args = call.childForFieldName('arguments');
  const first = args?.namedChildren.find((c) => c.type !== 'comment');
  if (!first) return false;
  if (first.type === 'list_splat') return true;
  const name = calleeNames(call, context.text, context.model).qualified;
  if (name.endsWith('processutils.execute')) return true;
  const positional = callArguments(call, context.text).positional;
  // `cursor.execute('SELECT ...', params)` is SQL: a program name has no spaces.
  const program = literalString(unparenthesize(first), context.text);
  return lastSegment(name) === 'execute' && positional.length > 1 && program !== undefined && program.length > 0 && !/\s/.test(program);
}

const MAX_RESOLVE_DEPTH = 4;

/** The elements of a list command given to `call`, following one variable where needed. */
export function listCommand(call: SyntaxNode, context: RuleContext): CommandList | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  if (takesVarargs(call, context)) {
    const result: CommandList = { elements: [] };
    for (const arg of args.namedChildren) {
      if (arg.type === 'comment' || arg.type === 'keyword_argument' || arg.type === 'dictionary_splat') continue;
      if (arg.type === 'list_splat') {
        const inner = arg.namedChildren[0];
        const resolved = inner ? resolveList(inner, call, context, 0) : undefined;
        if (resolved) {
          result.elements.push(...resolved.elements);
          result.via ??= resolved.via;
        }
      } else {
        result.elements.push(arg);
      }
    }
    return result;
  }
  const { positional, keywords } = callArguments(call, context.text);
  const command = positional[0] ?? keywords.get('args') ?? keywords.get('cmd') ?? keywords.get('command');
  return command ? resolveList(command, call, context, 0) : undefined;
}

function resolveList(expr: SyntaxNode, call: SyntaxNode, context: RuleContext, depth: number): CommandList | undefined {
  if (depth > MAX_RESOLVE_DEPTH) return undefined;
  const n = unparenthesize(expr);
  if (n.type === 'list' || n.type === 'tuple') return { elements: n.namedChildren.filter((c) => c.type !== 'comment') };
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.type === '+') {
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const l = left ? resolveList(left, call, context, depth + 1) : undefined;
    const r = right ? resolveList(right, call, context, depth + 1) : undefined;
    if (!l && !r) return undefined;
    return { elements: [...(l?.elements ?? []), ...(r?.elements ?? [])], via: l?.via ?? r?.via };
  }
  if (n.type === 'identifier') {
    const name = context.text(n);
    const facts = functionTaint(call, context);
    const definition = facts.definitionBefore(name, n.startIndex);
    if (!definition) return undefined;
    const inner = resolveList(definition.value, call, context, depth + 1);
    if (!inner) return undefined;
    return {
      elements: [...inner.elements, ...facts.additionsBetween(name, definition.offset, n.startIndex)],
      via: { name, statement: definition.statement, target: definition.target },
    };
  }
  return undefined;
}

/** The string value that `expr` holds where it is used, following one variable (for constant commands). */
export function resolveValue(expr: SyntaxNode, context: RuleContext): SyntaxNode {
  const n = unparenthesize(expr);
  if (n.type !== 'identifier') return n;
  const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
  return definition ? unparenthesize(definition.value) : n;
}

const IPTABLES_RULE_METHODS = new Set(['add_rule', 'remove_rule']);
const IPTABLES_CHAIN_METHODS = new Set(['add_chain', 'remove_chain', 'ensure_remove_chain', 'empty_chain']);

/** Is `receiver` an iptables manager or one of its tables (`...ipv4['nat']`, `iptables_manager`)? */
function isIptablesReceiver(receiver: SyntaxNode, context: RuleContext): boolean {
  const r = unparenthesize(receiver);
  if (r.type === 'subscript') {
    const value = r.childForFieldName('value');
    if (value && /^ipv[46]$/.test(lastSegment(context.text(value).replace(/\s+/g, '')))) return true;
  }
  return /iptables|ipt_mgr/i.test(context.text(r));
}

/** The chain and rule arguments of an iptables manager call (not `tag=`, `wrap=`, `top=`), or undefined. */
export function iptablesArguments(call: SyntaxNode, context: RuleContext): SyntaxNode[] | undefined {
  const fn = call.childForFieldName('function');
  if (!fn || fn.type !== 'attribute') return undefined;
  const method = fn.childForFieldName('attribute');
  const receiver = fn.childForFieldName('object');
  if (!method || !receiver) return undefined;
  const name = context.text(method);
  const isRule = IPTABLES_RULE_METHODS.has(name);
  if (!isRule && !IPTABLES_CHAIN_METHODS.has(name)) return undefined;
  if (!isIptablesReceiver(receiver, context)) return undefined;
  const { positional, keywords } = callArguments(call, context.text);
  const checked = isRule ? [positional[0], positional[1], keywords.get('chain'), keywords.get('rule')] : [positional[0], keywords.get('chain'), keywords.get('name')];
  return checked.filter((n): n is SyntaxNode => !!n);
}
