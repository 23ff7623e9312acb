import { calleeName, compactText, enclosingFunction, unparenthesize, type TextOf } from '../engine/python';
import { auditTaintAt } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isProcessHelper, PROCESS_HELPER_TEXT } from '../engine/vocabulary';

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

const LOOPS = new Set(['for_statement', 'while_statement', ...COMPREHENSIONS]);
/** Deeper loop nests than this are walked without the cache (no deep recursion on hostile input). */
const MAX_CACHED_DEPTH = 200;

/**
 * Whether `root`'s subtree calls a process helper (not counting nested definitions). Each loop's
 * answer is cached, so nested loops are walked once, not once per enclosing loop: cost stays
 * linear in the size of a loop nest.
 */
function callsProcessHelper(root: SyntaxNode, text: TextOf, cache: Map<number, boolean>, depth = 0): boolean {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node !== root && LOOPS.has(node.type) && depth < MAX_CACHED_DEPTH) {
      let known = cache.get(node.id);
      if (known === undefined) {
        known = callsProcessHelper(node, text, cache, depth + 1);
        cache.set(node.id, known);
      }
      if (known) return true;
      continue;
    }
    if (node.type === 'call' && isProcessHelper(node, text)) return true;
    for (const child of node.namedChildren) stack.push(child);
  }
  return false;
}

function runsProcessHelper(body: SyntaxNode, context: RuleContext): boolean {
  // Most loops run no process at all: one test of the text spares the walk.
  if (!PROCESS_HELPER_TEXT.test(context.text(body))) return false;
  return callsProcessHelper(body, context.text, context.memo('DVR504:loops-calling-helpers', () => new Map<number, boolean>()));
}

/** Where a size check starts and the collection it measures: `if len(ports) > MAX: raise ...`. */
interface SizeCheck {
  start: number;
  collection: string;
}

function normalised(node: SyntaxNode, text: TextOf): string {
  return compactText(unparenthesize(node), text).replace(/\s+/g, '');
}

/** The `if len(<collection>) ...: raise/return` statements of a function, read once per function. */
function sizeChecksOf(fn: SyntaxNode, context: RuleContext): SizeCheck[] {
  const byFunction = context.memo('DVR504:size-checks', () => new Map<number, SizeCheck[]>());
  let checks = byFunction.get(fn.id);
  if (checks) return checks;
  checks = [];
  for (const ifNode of fn.childForFieldName('body')?.descendantsOfType('if_statement') ?? []) {
    const condition = ifNode.childForFieldName('condition');
    const consequence = ifNode.childForFieldName('consequence');
    if (!condition || !consequence) continue;
    if (!consequence.namedChildren.some((st) => st.type === 'raise_statement' || st.type === 'return_statement')) continue;
    for (const call of condition.descendantsOfType('call')) {
      if (calleeName(call, context.text) !== 'len') continue;
      const arg = call.childForFieldName('arguments')?.namedChildren[0];
      if (arg) checks.push({ start: ifNode.startIndex, collection: normalised(arg, context.text) });
    }
  }
  byFunction.set(fn.id, checks);
  return checks;
}

/** An earlier `if len(<collection>) ...: raise/return` in the same function rejects large collections. */
function hasSizeCheck(loop: SyntaxNode, iterable: SyntaxNode, context: RuleContext): boolean {
  const fn = enclosingFunction(loop);
  if (!fn) return false;
  const collection = normalised(iterable, context.text);
  return sizeChecksOf(fn, context).some((check) => check.start < loop.startIndex && check.collection === collection);
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
    if (!runsProcessHelper(parts.body, context)) return;
    if (!auditTaintAt(parts.iterable, context, 'keep')) return;
    if (hasSizeCheck(node, parts.iterable, context)) return;
    const span = node.type === 'for_statement' ? { start: node.startIndex, end: parts.iterable.endIndex } : { start: node.startIndex, end: node.endIndex };
    context.report({ span, value: compactText(parts.iterable, context.text) });
  },
};
