import { calleeName, literalString, unparenthesize, type TextOf } from '../../engine/python';
import type { SyntaxNode } from '../../engine/types';
import type { ModuleModel } from '../../semantic/model';

/** Small syntax questions the taint modules share. */

/** Attribute chains longer than this are not tracked by name. */
export const MAX_KEY_LENGTH = 200;

/** The variable name of an identifier or attribute chain (`self.ns_name`), or undefined. */
export function keyOf(node: SyntaxNode, textOf: TextOf): string | undefined {
  if (node.type === 'identifier') return textOf(node);
  if (node.type === 'attribute' && node.endIndex - node.startIndex <= MAX_KEY_LENGTH) return textOf(node).replace(/\s+/g, '');
  return undefined;
}

/** Positional, keyword and splat arguments of a call, in order. */
export function argumentNodes(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  if (args.type !== 'argument_list') return [args];
  return args.namedChildren.filter((c) => c.type !== 'comment');
}

/** A call's callee as written and as the module model qualifies it (builtins keep their bare name). */
export interface CalleeNames {
  name: string;
  qualified: string;
}

export function calleeNames(call: SyntaxNode, textOf: TextOf, model: ModuleModel): CalleeNames {
  const name = calleeName(call, textOf);
  const resolved = model.callName(call);
  const qualified = resolved === undefined ? name : resolved.startsWith('builtins.') ? resolved.slice('builtins.'.length) : resolved;
  return { name, qualified };
}

/** Calls that never return: `sys.exit('bad name')`, flask's and pecan's `abort(404)`. */
const EXITING_CALL = /^(sys\.exit|os\._exit|(flask\.|pecan\.)?abort)\s*\(/;

export function exits(block: SyntaxNode, textOf: TextOf): boolean {
  const last = block.namedChildren.filter((c) => c.type !== 'comment').pop();
  const call = last && last.type === 'expression_statement' && last.namedChildren.length === 1 ? last.namedChildren[0] : undefined;
  if (call && call.type === 'call') return EXITING_CALL.test(textOf(call));
  return !!last && (last.type === 'raise_statement' || last.type === 'return_statement' || last.type === 'continue_statement' || last.type === 'break_statement');
}

export function isLiteral(node: SyntaxNode, textOf: TextOf): boolean {
  const n = unparenthesize(node);
  if (n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' || n.type === 'none') return true;
  return (n.type === 'string' || n.type === 'concatenated_string') && literalString(n, textOf) !== undefined;
}

/** Operands that make `+` list concatenation or arithmetic rather than string building. */
export function isNonStringOperand(node: SyntaxNode | null): boolean {
  if (!node) return false;
  const n = unparenthesize(node);
  return n.type === 'list' || n.type === 'tuple' || n.type === 'integer' || n.type === 'float' || n.type === 'list_comprehension';
}

/** Identifiers bound by a `for` target. */
export function targetNames(target: SyntaxNode, textOf: TextOf): string[] {
  if (target.type === 'identifier') return [textOf(target)];
  return target.descendantsOfType('identifier').map(textOf);
}
