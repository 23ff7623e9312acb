import { callArguments, calleeName, type TextOf } from './python';
import type { RuleContext, SyntaxNode } from './types';
import { logCallLevel } from './vocabulary';

/** A logging call read once for the DVR4xx rules: its message and the values it logs. */
export interface LogCall {
  call: SyntaxNode;
  /** `debug`, `warning`, ... or `print`. */
  level: string;
  /** The message argument (`LOG.log(level, msg)` takes it second), if given positionally. */
  message?: SyntaxNode;
  /** Positional arguments after the message. */
  values: SyntaxNode[];
  /** `*args` / `**kwargs` in the call. */
  hasSplat: boolean;
}

/** Reads `LOG.debug(...)`-style calls, and with `includePrint` also `print(...)` (whose arguments are all values). */
export function readLogCall(call: SyntaxNode, textOf: TextOf, includePrint = false): LogCall | undefined {
  const level = logCallLevel(call, textOf);
  if (!level) {
    if (!includePrint || calleeName(call, textOf) !== 'print') return undefined;
    const printed = callArguments(call, textOf);
    return { call, level: 'print', values: printed.positional, hasSplat: printed.hasSplat };
  }
  const args = callArguments(call, textOf);
  const messageIndex = level === 'log' ? 1 : 0;
  const message = args.positional[messageIndex] ?? args.keywords.get('msg');
  return { call, level, message, values: args.positional.slice(messageIndex + 1), hasSplat: args.hasSplat };
}

/** Every expression a logging call writes out: the message and the values (keyword options such as `exc_info` are not logged text). */
export function loggedExpressions(log: LogCall): SyntaxNode[] {
  return log.message ? [log.message, ...log.values] : log.values;
}

/** How a logged value is named: a variable, an attribute, a dict key or subscript key, a `.format` keyword or a getter call. */
export type LoggedNameKind = 'identifier' | 'attribute' | 'key' | 'keyword' | 'getter';

export interface LoggedValue {
  /** The expression whose value reaches the log text. */
  node: SyntaxNode;
  name: string;
  kind: LoggedNameKind;
  /** The logged expression (message or value argument) it sits in. */
  top: SyntaxNode;
}

/** Calls whose result shows their arguments' values in full. */
const SHOWING_FUNCTIONS = new Set([
  'str', 'repr', 'ascii', 'format', 'bytes', 'dict', 'list', 'tuple', 'set', 'frozenset', 'sorted',
  'json.dumps', 'jsonutils.dumps', 'pprint.pformat', 'pformat', 'encodeutils.safe_decode', 'encodeutils.safe_encode',
]);
/** String methods whose result still shows the receiver (and arguments). */
const SHOWING_METHODS = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'replace', 'encode', 'decode', 'format', 'join',
  'zfill', 'ljust', 'rjust', 'center', 'casefold', 'expandtabs', 'removeprefix', 'removesuffix', 'hex',
]);
/** Maskers: what comes out of them is safe to log. */
const MASKERS = /(^|\.)(mask_password|mask_dict_password)$/;

function stringKey(node: SyntaxNode | null | undefined, textOf: TextOf): string | undefined {
  if (!node) return undefined;
  const n = unparenthesizeOnce(node);
  if (n.type !== 'string') return undefined;
  if (n.namedChildren.some((c) => c.type === 'interpolation')) return undefined;
  return n.namedChildren.filter((c) => c.type === 'string_content').map(textOf).join('');
}

function unparenthesizeOnce(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && n.namedChildren.length === 1) n = n.namedChildren[0];
  return n;
}

/**
 * The named values a logging call writes out, following formatting (`%`, `+`,
 * f-strings, `.format`), containers and `str()`-like calls, and stopping at single
 * fields' owners: `port['id']` yields the key `id`, not `port`.
 */
export function loggedValues(log: LogCall, textOf: TextOf): LoggedValue[] {
  const found: LoggedValue[] = [];
  let top: SyntaxNode;
  const add = (node: SyntaxNode, name: string, kind: LoggedNameKind): void => {
    found.push({ node, name, kind, top });
  };
  const visit = (raw: SyntaxNode | null | undefined): void => {
    if (!raw || raw.type === 'comment') return;
    const node = unparenthesizeOnce(raw);
    switch (node.type) {
      case 'identifier':
        add(node, textOf(node), 'identifier');
        return;
      case 'attribute': {
        const attribute = node.childForFieldName('attribute');
        if (attribute) add(node, textOf(attribute), 'attribute');
        return;
      }
      case 'subscript': {
        const key = stringKey(node.childForFieldName('subscript'), textOf);
        if (key !== undefined) add(node, key, 'key');
        else visit(node.childForFieldName('value'));
        return;
      }
      case 'call':
        visitCall(node);
        return;
      case 'binary_operator':
        visit(node.childForFieldName('left'));
        visit(node.childForFieldName('right'));
        return;
      case 'string':
        for (const part of node.namedChildren) if (part.type === 'interpolation') visit(part.childForFieldName('expression'));
        return;
      case 'conditional_expression': {
        const [whenTrue, , whenFalse] = node.namedChildren.filter((c) => c.type !== 'comment');
        visit(whenTrue);
        visit(whenFalse);
        return;
      }
      case 'dictionary':
        for (const item of node.namedChildren) {
          if (item.type === 'pair') {
            const value = item.childForFieldName('value');
            const key = stringKey(item.childForFieldName('key'), textOf);
            if (key !== undefined && value) add(value, key, 'key');
            visit(value);
          } else {
            visit(item);
          }
        }
        return;
      case 'concatenated_string':
      case 'tuple':
      case 'list':
      case 'set':
      case 'expression_list':
      case 'boolean_operator':
      case 'list_splat':
      case 'dictionary_splat':
      case 'parenthesized_expression':
        for (const child of node.namedChildren) visit(child);
        return;
      default:
        return;
    }
  };
  const visitCall = (call: SyntaxNode): void => {
    const name = calleeName(call, textOf);
    if (MASKERS.test(name)) return;
    const fn = call.childForFieldName('function');
    const args = callArguments(call, textOf);
    const method = fn && fn.type === 'attribute' ? textOf(fn.childForFieldName('attribute') ?? fn) : '';
    if (method === 'get' && args.positional.length >= 1) {
      const key = stringKey(args.positional[0], textOf);
      if (key !== undefined) add(call, key, 'key');
      return;
    }
    if (SHOWING_FUNCTIONS.has(name) || (method && SHOWING_METHODS.has(method))) {
      if (method && SHOWING_METHODS.has(method)) visit(fn?.childForFieldName('object'));
      for (const arg of args.positional) visit(arg);
      for (const [keyword, value] of args.keywords) {
        if (method === 'format') add(value, keyword, 'keyword');
        visit(value);
      }
      return;
    }
    const getter = /^_?get_(\w+)$/.exec(method || name);
    if (getter && args.positional.length === 0) add(call, getter[1], 'getter');
  };
  for (const expression of loggedExpressions(log)) {
    top = expression;
    visit(expression);
  }
  return found;
}

/**
 * Names bound at module level to the standard or oslo.log logging API: the logging
 * module itself (`import logging as std_logging`, `from oslo_log import log as
 * logging`) and loggers from `getLogger(...)` (`LOG = logging.getLogger(__name__)`).
 */
export function standardLoggerNames(context: RuleContext): ReadonlySet<string> {
  const model = context.model;
  return new Set([...model.loggingModules, ...model.loggers]);
}

/** Is the logging call made on the standard or oslo.log API, whose methods take `msg, *args`? */
export function isStandardLogCall(log: LogCall, context: RuleContext): boolean {
  const fn = log.call.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  return !!receiver && receiver.type === 'identifier' && standardLoggerNames(context).has(context.text(receiver));
}
