import { callArguments, calleeName, compactText, isConstant, unparenthesize, type TextOf } from '../engine/python';
import { isStandardLogCall, readLogCall, type LogCall } from '../engine/logCalls';
import { parsePercentFormat, type PercentFormat } from '../engine/percentFormat';
import type { Fix, FixApplicability, RuleCheck, RuleContext, SyntaxNode, TextEdit } from '../engine/types';
import { operatorToComma, spanOf, unwrapBrackets } from '../fixes/layout';
import { escapePercent, fStringToPercent, formatTemplateToPercent, hasHiddenFormatChars, stringPieces } from '../fixes/percentMessages';

type EagerKind = 'percent' | 'format' | 'fstring' | 'concat';

const TRANSLATION = /^(?:[\w.]*\.)?(?:_|_L[EIWC]|gettext|ugettext)$/;
const MESSAGE_NAME = /(^|_)(msg|message|fmt|format|template)s?$/i;

export function isTranslationCall(node: SyntaxNode, text: TextOf): boolean {
  return node.type === 'call' && TRANSLATION.test(calleeName(node, text));
}

function isStringLiteral(node: SyntaxNode): boolean {
  return node.type === 'string' || node.type === 'concatenated_string';
}

function hasInterpolation(node: SyntaxNode): boolean {
  if (node.type === 'concatenated_string') return node.namedChildren.some(hasInterpolation);
  return node.type === 'string' && node.namedChildren.some((c) => c.type === 'interpolation');
}

/** Operands of a left-associative `+` chain, in order. */
function concatOperands(node: SyntaxNode): SyntaxNode[] {
  const operands: SyntaxNode[] = [];
  let current = node;
  while (current.type === 'binary_operator' && current.childForFieldName('operator')?.type === '+') {
    const right = current.childForFieldName('right');
    const left = current.childForFieldName('left');
    if (!right || !left) break;
    operands.unshift(right);
    current = left;
  }
  operands.unshift(current);
  return operands;
}

/** How a message was formatted before the call, or undefined for a constant or pre-built message. */
function eagerKind(message: SyntaxNode, text: TextOf): EagerKind | undefined {
  if (message.type === 'binary_operator') {
    const operator = message.childForFieldName('operator')?.type;
    const left = message.childForFieldName('left');
    const right = message.childForFieldName('right');
    if (!left || !right) return undefined;
    if (operator === '%') {
      const l = unparenthesize(left);
      const stringish = isStringLiteral(l) || isTranslationCall(l, text) || ((l.type === 'identifier' || l.type === 'attribute') && MESSAGE_NAME.test(text(l)));
      return stringish && !isConstant(right, text) ? 'percent' : undefined;
    }
    if (operator === '+') {
      const operands = concatOperands(message).map(unparenthesize);
      if (!operands.some((o) => isStringLiteral(o) || isTranslationCall(o, text))) return undefined;
      return operands.every((o) => isConstant(o, text)) ? undefined : 'concat';
    }
    return undefined;
  }
  if (message.type === 'call') {
    const fn = message.childForFieldName('function');
    if (!fn || fn.type !== 'attribute' || text(fn.childForFieldName('attribute') ?? fn) !== 'format') return undefined;
    const object = unparenthesize(fn.childForFieldName('object') ?? fn);
    if (!isStringLiteral(object) && !isTranslationCall(object, text)) return undefined;
    const args = callArguments(message, text);
    const values = [...args.positional, ...args.keywords.values()];
    return args.hasSplat || values.some((v) => !isConstant(v, text)) ? 'format' : undefined;
  }
  if (isStringLiteral(message) && hasInterpolation(message)) return 'fstring';
  return undefined;
}

const FIX_TITLE = 'Pass the values to the logger as arguments';

function fix(edits: TextEdit[], applicability: FixApplicability = 'safe'): Fix[] {
  return [{ title: FIX_TITLE, applicability, edits }];
}

function token(node: SyntaxNode, type: string): SyntaxNode | undefined {
  return node.children.find((c) => c.type === type);
}

/** The `%` format of a literal message, or of the literal inside `_("...")`. */
function literalFormat(node: SyntaxNode, text: TextOf): PercentFormat | undefined {
  let literal = node;
  if (isTranslationCall(node, text)) {
    const args = callArguments(node, text);
    if (args.positional.length !== 1 || args.keywords.size > 0) return undefined;
    literal = unparenthesize(args.positional[0]);
  }
  const pieces = stringPieces(literal, text);
  if (!pieces || pieces.some((p) => p.isF)) return undefined;
  const body = pieces.map((p) => text(p.node).slice(p.bodyStart - p.node.startIndex, p.bodyEnd - p.node.startIndex)).join('');
  return hasHiddenFormatChars(body) ? undefined : parsePercentFormat(body);
}

const MAPPING_CALLS = new Set(['dict', 'locals', 'vars']);

function isKnownMapping(node: SyntaxNode, text: TextOf): boolean {
  const n = unparenthesize(node);
  if (n.type === 'dictionary') return true;
  if (n.type === 'call' && MAPPING_CALLS.has(calleeName(n, text))) return true;
  return n.type === 'attribute' && text(n).endsWith('__dict__');
}

function percentFix(message: SyntaxNode, text: TextOf, source: string): Fix[] {
  const left = message.childForFieldName('left');
  const right = message.childForFieldName('right');
  const operator = message.childForFieldName('operator');
  if (!left || !right || !operator) return [];
  const leftInner = unparenthesize(left);
  if (isStringLiteral(leftInner) && hasInterpolation(leftInner)) return [];
  const format = isStringLiteral(leftInner) || isTranslationCall(leftInner, text) ? literalFormat(leftInner, text) : undefined;
  const known = isStringLiteral(leftInner) || isTranslationCall(leftInner, text);
  if (known && !format) return [];
  const comma = operatorToComma(source, left.endIndex, spanOf(operator), right.startIndex);
  if (right.type === 'tuple') {
    const elements = right.namedChildren.filter((c) => c.type !== 'comment');
    const open = token(right, '(');
    const close = token(right, ')');
    if (elements.length === 0 || !open || !close) return [];
    if (format && (format.named.length > 0 || (!elements.some((e) => e.type === 'list_splat') && format.positional !== elements.length))) return [];
    return fix([...comma, ...unwrapBrackets(source, spanOf(open), spanOf(close), elements[elements.length - 1].endIndex)]);
  }
  if (!format) return fix(comma, 'unsafe');
  if (format.named.length > 0) return fix(comma, isKnownMapping(right, text) ? 'safe' : 'unsafe');
  if (format.positional === 1) return fix(comma);
  // Several conversions fed by one value: the value is a tuple, so unpacking it passes the same arguments.
  if (format.positional > 1) return fix([...comma, { start: right.startIndex, end: right.startIndex, newText: '*' }]);
  return [];
}

function formatFix(message: SyntaxNode, text: TextOf, source: string): Fix[] {
  const fn = message.childForFieldName('function');
  const objectNode = fn?.childForFieldName('object');
  const argList = message.childForFieldName('arguments');
  if (!fn || !objectNode || !argList || argList.type !== 'argument_list') return [];
  const literal = unparenthesize(objectNode);
  // `_("...").format(x)` cannot change its template: that would change the translation's msgid.
  if (!isStringLiteral(literal)) return [];
  const args = callArguments(message, text);
  if (args.hasSplat || args.keywords.size > 0 || args.positional.length === 0) return [];
  const templateEdits = formatTemplateToPercent(literal, args.positional.length, text);
  const dot = token(fn, '.');
  const open = token(argList, '(');
  const close = token(argList, ')');
  if (!templateEdits || !dot || !open || !close) return [];
  const comma = operatorToComma(source, objectNode.endIndex, { start: dot.startIndex, end: open.endIndex }, args.positional[0].startIndex);
  const last = args.positional[args.positional.length - 1];
  const closing = unwrapBrackets(source, spanOf(open), spanOf(close), last.endIndex).slice(1);
  return fix([...templateEdits, ...comma, ...closing]);
}

function fStringFix(message: SyntaxNode, text: TextOf): Fix[] {
  const rewrite = fStringToPercent(message, text);
  if (!rewrite) return [];
  return fix([...rewrite.edits, { start: message.endIndex, end: message.endIndex, newText: `, ${rewrite.args.join(', ')}` }]);
}

/** `"text " + value` (and one-line chains such as `"a " + x + " b"`) to a `%s` message. */
function concatFix(message: SyntaxNode, text: TextOf, source: string): Fix[] {
  const operands = concatOperands(message);
  const first = unparenthesize(operands[0]);
  const firstPieces = stringPieces(first, text);
  if (!firstPieces || firstPieces.some((p) => p.isF)) return [];
  const bodyOf = (p: { node: SyntaxNode; bodyStart: number; bodyEnd: number }): string => text(p.node).slice(p.bodyStart - p.node.startIndex, p.bodyEnd - p.node.startIndex);
  if (firstPieces.some((p) => hasHiddenFormatChars(bodyOf(p)))) return [];
  if (operands.length === 2) {
    const value = operands[1];
    if (isStringLiteral(unparenthesize(value))) return [];
    const plus = message.childForFieldName('operator');
    if (!plus) return [];
    const edits: TextEdit[] = firstPieces.map((p, i) => ({
      start: p.bodyStart,
      end: p.bodyEnd,
      newText: escapePercent(bodyOf(p)) + (i === firstPieces.length - 1 ? '%s' : ''),
    }));
    return fix([...edits, ...operatorToComma(source, operands[0].endIndex, spanOf(plus), value.startIndex)]);
  }
  const span = source.slice(message.startIndex, message.endIndex);
  if (/[\r\n]/.test(span) || message.descendantsOfType('comment').length > 0) return [];
  const { prefix, quote } = firstPieces[0];
  if (quote.length !== 1) return [];
  let body = '';
  const args: string[] = [];
  for (const operand of operands) {
    const inner = unparenthesize(operand);
    const pieces = isStringLiteral(inner) ? stringPieces(inner, text) : undefined;
    if (isStringLiteral(inner) && !pieces) return [];
    if (pieces) {
      if (pieces.some((p) => p.isF || p.prefix !== prefix || p.quote !== quote || hasHiddenFormatChars(bodyOf(p)))) return [];
      body += pieces.map((p) => escapePercent(bodyOf(p))).join('');
    } else {
      body += '%s';
      args.push(text(operand));
    }
  }
  return fix([{ start: message.startIndex, end: message.endIndex, newText: `${prefix}${quote}${body}${quote}, ${args.join(', ')}` }]);
}

/** Keywords the standard logging methods take; others mean a custom logger whose signature is unknown. */
const LOGGING_KEYWORDS = new Set(['exc_info', 'stack_info', 'stacklevel', 'extra']);

function lazyArgumentsFix(log: LogCall, message: SyntaxNode, kind: EagerKind, context: RuleContext): Fix[] {
  // Values already passed after the message would be formatted into the rewritten one.
  if (log.values.length > 0 || log.hasSplat || !log.message || log.message.id !== message.id) return [];
  if ([...callArguments(log.call, context.text).keywords.keys()].some((k) => !LOGGING_KEYWORDS.has(k))) return [];
  const source = context.file.text;
  const fixes = ((): Fix[] => {
    switch (kind) {
      case 'percent':
        return percentFix(message, context.text, source);
      case 'format':
        return formatFix(message, context.text, source);
      case 'fstring':
        return fStringFix(message, context.text);
      case 'concat':
        return concatFix(message, context.text, source);
    }
  })();
  // A logger this module did not get from logging/oslo.log may not take `msg, *args` (`self.logger.warning(text, warner)`).
  return isStandardLogCall(log, context) ? fixes : fixes.map((f) => ({ ...f, applicability: 'unsafe' }));
}

/** DVR403 eager-log-formatting: the message reaches the logger already formatted. */
export const DVR403: RuleCheck = {
  id: 'DVR403',
  nodeTypes: ['call'],
  scope: 'definition',
  check(call, context) {
    const log = readLogCall(call, context.text);
    if (!log || !log.message) return;
    const message = unparenthesize(log.message);
    const kind = eagerKind(message, context.text);
    if (!kind) return;
    context.report({ node: log.message, value: compactText(log.message, context.text), fixes: lazyArgumentsFix(log, message, kind, context) });
  },
};
