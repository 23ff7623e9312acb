import { calleeName, lastSegment, unparenthesize, type TextOf } from '../engine/python';
import type { SyntaxNode } from '../engine/types';
import { lineEndAt } from '../fixes/layout';
import { isProcessHelper, logCallLevel, logsTraceback } from '../engine/vocabulary';

/** Shared reading of `except` clauses for the DVR3xx rules. */

/** Every except clause spells the keyword: the anchor of the rules on `except_clause` (one search serves them all). */
export const EXCEPT_KEYWORD = /\bexcept\b/;

/** The names of the caught exception types (`[]` for a bare `except:`). */
export function caughtTypes(clause: SyntaxNode, textOf: TextOf): string[] {
  let value = clause.childForFieldName('value');
  if (!value) {
    // tree-sitter-python puts the type as the first named child when no field is set.
    const first = clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
    value = first ?? null;
  }
  if (!value) return [];
  let v = unparenthesize(value);
  if (v.type === 'as_pattern') v = unparenthesize(v.namedChildren[0] ?? v);
  const items = v.type === 'tuple' || v.type === 'expression_list' ? v.namedChildren : [v];
  return items.filter((c) => c.type !== 'comment').map((c) => textOf(c).replace(/\s+/g, ''));
}

export function handlerBody(clause: SyntaxNode): SyntaxNode | undefined {
  return clause.namedChildren.find((c) => c.type === 'block');
}

/** Span of the clause's header (`except ValueError as e:`), for a one-line squiggle. */
export function headerSpan(clause: SyntaxNode): { start: number; end: number } {
  const body = handlerBody(clause);
  const colon = clause.children.find((c) => c.type === ':');
  return { start: clause.startIndex, end: colon ? colon.endIndex : body ? body.startIndex : clause.endIndex };
}

/** Nodes of the handler body, not descending into nested functions or classes. */
export function* handlerNodes(clause: SyntaxNode): Generator<SyntaxNode> {
  const body = handlerBody(clause);
  if (!body) return;
  const stack: SyntaxNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    yield node;
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

export interface HandlerFacts {
  reraises: boolean;
  logsTraceback: boolean;
  logs: boolean;
}

export function handlerFacts(clause: SyntaxNode, textOf: TextOf): HandlerFacts {
  const facts: HandlerFacts = { reraises: false, logsTraceback: false, logs: false };
  for (const node of handlerNodes(clause)) {
    if (node.type === 'raise_statement') facts.reraises = true;
    else if (node.type === 'call') {
      const name = calleeName(node, textOf);
      if (name.endsWith('save_and_reraise_exception') || name === 'six.reraise' || name.endsWith('.reraise')) facts.reraises = true;
      if (logCallLevel(node, textOf)) facts.logs = true;
      if (logsTraceback(node, textOf)) facts.logsTraceback = true;
      // Capturing the traceback to report it elsewhere counts as recording it.
      if (/(^|\.)(print_exc|print_exception|format_exc|format_exception|exc_info)$/.test(name)) facts.logsTraceback = true;
    }
  }
  return facts;
}

const DIRECTIVE_ONLY = /^#\s*(dvr-hints:|nosec\b|(TODO|FIXME|XXX)\b)/;

/**
 * The documented opt-out: a comment inside the handler (on its own line or after its
 * last statement) that explains why. The except line's own comment does not count, and
 * suppression directives and TODO notes are not explanations.
 */
export function hasExplainingComment(clause: SyntaxNode, last: SyntaxNode, text: string, textOf: (n: SyntaxNode) => string): boolean {
  const headerEnd = headerSpan(clause).end;
  // Python ends a line at `\n`, `\r\n` or a lone `\r`.
  const headerLineEnd = lineEndAt(text, headerEnd);
  const inside = clause.descendantsOfType('comment').filter((c) => headerLineEnd < text.length && c.startIndex > headerLineEnd);
  if (inside.some((c) => !DIRECTIVE_ONLY.test(textOf(c)))) return true;
  const tail = text.slice(last.endIndex, lineEndAt(text, last.endIndex));
  const hash = tail.indexOf('#');
  return hash >= 0 && last.startIndex > headerLineEnd && !DIRECTIVE_ONLY.test(tail.slice(hash));
}

/** The name an `except X as name:` clause binds, if any. */
export function boundName(clause: SyntaxNode, textOf: TextOf): string | undefined {
  const value = clause.childForFieldName('value') ?? clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (!value || value.type !== 'as_pattern') return undefined;
  const alias = value.childForFieldName('alias');
  return alias ? textOf(alias).trim() : undefined;
}

/** What DVR303 and DVR302 count as changing system state. */
const STATE_METHOD = /^(add|delete|remove|create|destroy|flush|plug|unplug|update|apply|kill|(add|delete|remove|create|destroy|flush|plug|unplug|update|set|ensure|disable|enable)_\w+)$/;
/** ip_lib / iptables calls that only read, and constructors, do not change state. */
const READ_ONLY = /^(get_?\w*|list\w*|show\w*|is_\w+|has_\w+|\w*exists|[A-Z]\w*)$/;

export function isStateChange(call: SyntaxNode, text: TextOf): boolean {
  if (isProcessHelper(call, text)) return true;
  const name = calleeName(call, text);
  const method = lastSegment(name);
  if (!name || READ_ONLY.test(method)) return false;
  if (STATE_METHOD.test(method)) return true;
  return name.split('.').some((segment) => segment === 'ip_lib' || /iptables/i.test(segment));
}

/** The first call in the `try` body that changes system state (nested definitions aside). */
export function stateChangeIn(tryBody: SyntaxNode, text: TextOf): SyntaxNode | undefined {
  const stack: SyntaxNode[] = [tryBody];
  const calls: SyntaxNode[] = [];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'call' && isStateChange(node, text)) calls.push(node);
    for (const child of node.namedChildren) stack.push(child);
  }
  return calls.sort((a, b) => a.startIndex - b.startIndex)[0];
}
