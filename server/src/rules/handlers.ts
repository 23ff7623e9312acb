import { calleeName, unparenthesize, type TextOf } from '../engine/python';
import type { SyntaxNode } from '../engine/types';
import { logCallLevel, logsTraceback } from '../engine/vocabulary';

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
      if (name === 'traceback.print_exc' || name === 'traceback.print_exception') facts.logsTraceback = true;
    }
  }
  return facts;
}
