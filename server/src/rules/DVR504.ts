import { calleeName, compactText, enclosingFunction, unparenthesize, type TextOf } from '../engine/python';
import { auditTaintAt } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isProcessHelper } from '../engine/vocabulary';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);
const BOUNDING_CALLS = new Set(['itertools.islice', 'islice', 'range']);

/** The iterable and the per-item body of a loop or comprehension. */
function loopParts(node: SyntaxNode): { iterable: SyntaxNode; body: SyntaxNode } | undefined {
  if (node.type === 'for_statement') {
    const iterable = node.childForFieldName('right');
    const body = node.childForFieldName('body');
    return iterable && body ? { iterable, body } : undefined;
  }
  const clause = node.namedChildren.find((c) => c.type === 'for_in_clause');
  const iterable = clause?.childForFieldName('right');
  const body = node.childForFieldName('body');
  return iterable && body ? { iterable, body } : undefined;
}

/** A slice (`ports[:MAX]`), `islice(...)` or a collection written out in the code: the loop has a bound. */
function isBounded(iterable: SyntaxNode, text: TextOf): boolean {
  const n = unparenthesize(iterable);
  if (n.type === 'list' || n.type === 'tuple' || n.type === 'set') return !n.namedChildren.some((c) => c.type === 'list_splat');
  if (n.type === 'subscript') return n.namedChildren.some((c) => c.type === 'slice');
  return n.type === 'call' && BOUNDING_CALLS.has(calleeName(n, text));
}

function runsProcessHelper(body: SyntaxNode, text: TextOf): boolean {
  const stack: SyntaxNode[] = [body];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'call' && isProcessHelper(node, text)) return true;
    for (const child of node.namedChildren) stack.push(child);
  }
  return false;
}

/** An earlier `if len(<collection>) ...: raise/return` in the same function rejects large collections. */
function hasSizeCheck(loop: SyntaxNode, iterable: SyntaxNode, context: RuleContext): boolean {
  const fn = enclosingFunction(loop);
  const body = fn?.childForFieldName('body');
  if (!body) return false;
  const collection = compactText(unparenthesize(iterable), context.text).replace(/\s+/g, '');
  for (const ifNode of body.descendantsOfType('if_statement')) {
    if (ifNode.startIndex >= loop.startIndex) break;
    const condition = ifNode.childForFieldName('condition');
    const consequence = ifNode.childForFieldName('consequence');
    if (!condition || !consequence) continue;
    const mentionsLength = condition.descendantsOfType('call').some((c) => {
      if (calleeName(c, context.text) !== 'len') return false;
      const arg = c.childForFieldName('arguments')?.namedChildren[0];
      return !!arg && compactText(arg, context.text).replace(/\s+/g, '') === collection;
    });
    const exits = consequence.namedChildren.some((s) => s.type === 'raise_statement' || s.type === 'return_statement');
    if (mentionsLength && exits) return true;
  }
  return false;
}

/** DVR504 unbounded-command-loop (opt-in): a process helper runs once per item of an external collection. */
export const DVR504: RuleCheck = {
  id: 'DVR504',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['for_statement', ...COMPREHENSIONS],
  check(node, context) {
    const parts = loopParts(node);
    if (!parts || isBounded(parts.iterable, context.text)) return;
    if (!runsProcessHelper(parts.body, context.text)) return;
    if (!auditTaintAt(parts.iterable, context, 'keep')) return;
    if (hasSizeCheck(node, parts.iterable, context)) return;
    const span = node.type === 'for_statement' ? { start: node.startIndex, end: parts.iterable.endIndex } : { start: node.startIndex, end: node.endIndex };
    context.report({ span, value: compactText(parts.iterable, context.text) });
  },
};
