import { callArguments, compactText, isConstant, literalString, unparenthesize } from '../engine/python';
import type { RuleContext, SyntaxNode } from '../engine/types';

/** Small facts about calls and literals shared by the coverage rules. */

/** The argument at `position`, or the keyword `name` (`os.chmod(path, mode)` / `mode=`). */
export function argument(call: SyntaxNode, context: RuleContext, position: number, name: string): SyntaxNode | undefined {
  const args = callArguments(call, context.text);
  return args.keywords.get(name) ?? args.positional[position];
}

export function keywordArgument(call: SyntaxNode, context: RuleContext, name: string): SyntaxNode | undefined {
  return callArguments(call, context.text).keywords.get(name);
}

/** `**kwargs` or `*args`: arguments the call has that the code does not show. */
export function hasSplat(call: SyntaxNode, context: RuleContext): boolean {
  return callArguments(call, context.text).hasSplat;
}

export function isFalseLiteral(node: SyntaxNode | undefined): boolean {
  return !!node && unparenthesize(node).type === 'false';
}

export function isNoneLiteral(node: SyntaxNode | undefined): boolean {
  return !!node && unparenthesize(node).type === 'none';
}

/** The value of an integer literal (`0o777`, `511`, `0x1ff`, `0b1`), else undefined. */
export function integerValue(node: SyntaxNode, context: RuleContext): number | undefined {
  const n = unparenthesize(node);
  if (n.type !== 'integer') return undefined;
  const text = context.text(n).replace(/_/g, '').toLowerCase().replace(/l$/, '');
  let value: number;
  if (/^0o[0-7]+$/.test(text)) value = parseInt(text.slice(2), 8);
  else if (/^0x[0-9a-f]+$/.test(text)) value = parseInt(text.slice(2), 16);
  else if (/^0b[01]+$/.test(text)) value = parseInt(text.slice(2), 2);
  else if (/^0[0-7]+$/.test(text)) value = parseInt(text.slice(1), 8); // Python 2 octal
  else if (/^\d+$/.test(text)) value = parseInt(text, 10);
  else return undefined;
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A string literal or constant: not data from anywhere. */
export function isLiteral(node: SyntaxNode, context: RuleContext): boolean {
  return isConstant(unparenthesize(node), context.text);
}

/** The plain value of a string literal, else undefined. */
export function stringValue(node: SyntaxNode | undefined, context: RuleContext): string | undefined {
  return node ? literalString(unparenthesize(node), context.text) : undefined;
}

const MAX_VALUE = 60;

/** A node's text for a message: comments removed, whitespace collapsed, long text cut. */
export function shortText(node: SyntaxNode, context: RuleContext): string {
  const text = compactText(node, context.text);
  return text.length <= MAX_VALUE ? text : `${text.slice(0, MAX_VALUE - 3)}...`;
}

/** The last segment of a dotted name: `hashlib.md5` -> `md5`. */
export function nameTail(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf('.') + 1);
}

/** A mock assertion (`m.assert_called_once_with(...)`): its arguments describe a call, they make none. */
export function isMockAssertion(call: SyntaxNode, context: RuleContext): boolean {
  const fn = call.childForFieldName('function');
  return !!fn && fn.type === 'attribute' && /^assert_|^(called_with|call)$/.test(context.text(fn.childForFieldName('attribute') ?? fn));
}
