import { readsWholeClass } from '../engine/classUnits';
import { calleeName, callArguments, compactText, enclosingFunction, functionName, lastSegment, parameterNames, walkNamed, type TextOf } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { logCallLevel } from '../engine/vocabulary';
import { handlerNodes } from './handlers';

const DETAIL_FUNCTIONS = new Set(['str', 'repr', 'ascii', 'format', 'six.text_type', 'encodeutils.exception_to_unicode']);
const DETAIL_ATTRIBUTES = new Set(['args', 'message', 'msg', 'strerror', 'stderr', 'stdout', 'output']);
const TRACEBACK_TEXT = new Set(['traceback.format_exc', 'traceback.format_exception', 'traceback.format_exception_only', 'traceback.format_tb', 'format_exc']);
/** Calls whose result carries their arguments' text on. */
const CARRYING_FUNCTIONS = new Set(['str', 'repr', 'format', 'dict', 'list', 'tuple', '_', 'six.text_type', 'json.dumps', 'jsonutils.dumps', 'encodeutils.safe_decode']);
const CARRYING_METHODS = new Set(['format', 'join', 'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'replace', 'encode', 'decode', 'splitlines']);
const COLLECTING_METHODS = new Set(['append', 'extend', 'update', 'add', 'setdefault', 'insert']);
/** Responses that go back over HTTP or RPC: webob's `HTTP*` errors, `*Response`, `send_error`, xmlrpc's `Fault`. */
const RESPONSE_CALL = /^(HTTP(?!Exception$|Error$)[A-Z]\w*|\w*Response|send_error|make_response|jsonify|Fault)$/;
const MAX_VARIABLE_HOPS = 3;

/** The name an `except ... as e` clause binds, if any. */
function boundName(clause: SyntaxNode, text: TextOf): string | undefined {
  const pattern = clause.childForFieldName('value');
  if (!pattern || pattern.type !== 'as_pattern') return undefined;
  const alias = pattern.childForFieldName('alias');
  const id = alias?.type === 'identifier' ? alias : alias?.namedChildren.find((c) => c.type === 'identifier');
  return id ? text(id) : undefined;
}

/** Classes that answer callers across a process boundary: RPC callbacks, API controllers, WSGI handlers. */
const API_CLASS = /(Callbacks?|RpcCallback|Controller|Handlers?|Resource|Api|API|Proxy|Endpoint|View|Responses?|Dispatcher)$/;
const REQUEST_PARAMETERS = new Set(['context', 'ctx', 'req', 'request']);

/**
 * A public method of an API-facing class (by its name, an `oslo_messaging.Target`,
 * or a `context`/`request` first parameter), or `__call__`: its return value goes
 * back to a remote caller. Other dunders (`__repr__`) and private helpers do not.
 */
function isApiMethod(fn: SyntaxNode, context: RuleContext): boolean {
  const text = context.text;
  const name = functionName(fn, text);
  if (name.startsWith('_') && name !== '__call__') return false;
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  const cls = p?.type === 'block' ? p.parent : null;
  if (!cls || cls.type !== 'class_definition') return false;
  if (name === '__call__' || API_CLASS.test(text(cls.childForFieldName('name') ?? cls))) return true;
  const params = parameterNames(fn, text).filter((n) => n !== 'self' && n !== 'cls');
  if (params[0] && REQUEST_PARAMETERS.has(params[0])) return true;
  // The Target call may be in any method: the editor re-checks this one after any edit of the class.
  readsWholeClass(cls, context);
  return /\bTarget\(/.test(text(cls.childForFieldName('body') ?? cls));
}

/** Exception detail expressions in a handler: `str(e)`, `e.args`, `'%s' % e`, `f'{e}'`, `traceback.format_exc()`. */
function detailsIn(clause: SyntaxNode, name: string | undefined, text: TextOf): SyntaxNode[] {
  const details: SyntaxNode[] = [];
  for (const node of handlerNodes(clause)) {
    if (node.type === 'call') {
      const callee = calleeName(node, text);
      if (TRACEBACK_TEXT.has(callee)) details.push(node);
      else if (name && DETAIL_FUNCTIONS.has(callee)) {
        const first = callArguments(node, text).positional[0];
        if (first && first.type === 'identifier' && text(first) === name) details.push(node);
      }
    } else if (name && node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (object?.type === 'identifier' && text(object) === name && attribute && DETAIL_ATTRIBUTES.has(text(attribute))) details.push(node);
    } else if (name && node.type === 'identifier' && text(node) === name) {
      const formatted = formattingOf(node, text);
      if (formatted) details.push(formatted);
    }
  }
  return details;
}

/** The string an exception object is formatted into (`'%s' % e`, `f'{e}'`, `'{}'.format(e)`), if it is. */
function formattingOf(id: SyntaxNode, text: TextOf): SyntaxNode | undefined {
  let node = id;
  if (node.parent?.type === 'tuple') node = node.parent;
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === 'binary_operator' && parent.childForFieldName('operator')?.type === '%' && parent.childForFieldName('right')?.id === node.id) return parent;
  if (parent.type === 'interpolation' && parent.parent?.type === 'string') return parent.parent;
  if (parent.type === 'argument_list' && parent.parent?.type === 'call' && lastSegment(calleeName(parent.parent, text)) === 'format') return parent.parent;
  return undefined;
}

type Sink = { kind: 'return'; method: string } | { kind: 'response'; call: string };

/** Follows a value up through the expressions that carry it, to a return of a public method or a response body. */
function sinkOf(start: SyntaxNode, context: RuleContext, hops: number): Sink | undefined {
  const text = context.text;
  let node = start;
  for (;;) {
    const parent = node.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'tuple':
      case 'list':
      case 'set':
      case 'expression_list':
      case 'dictionary':
      case 'pair':
      case 'concatenated_string':
      case 'interpolation':
      case 'string':
      case 'list_splat':
      case 'keyword_argument':
        node = parent;
        continue;
      case 'binary_operator': {
        const op = parent.childForFieldName('operator')?.type;
        if (op !== '%' && op !== '+') return undefined;
        node = parent;
        continue;
      }
      case 'conditional_expression':
        if (parent.namedChildren[1]?.id === node.id) return undefined; // the condition
        node = parent;
        continue;
      case 'attribute': {
        const call = parent.parent;
        const method = parent.childForFieldName('attribute');
        if (!call || call.type !== 'call' || !method || !CARRYING_METHODS.has(text(method))) return undefined;
        node = call;
        continue;
      }
      case 'argument_list': {
        const call = parent.parent;
        if (!call || call.type !== 'call') return undefined;
        const callee = calleeName(call, text);
        if (logCallLevel(call, text)) return undefined;
        if (RESPONSE_CALL.test(lastSegment(callee))) return { kind: 'response', call: callee };
        const fn = call.childForFieldName('function');
        if (fn?.type === 'attribute' && COLLECTING_METHODS.has(lastSegment(callee))) {
          const receiver = fn.childForFieldName('object');
          return receiver && receiver.type === 'identifier' ? variableSink(text(receiver), call, context, hops) : undefined;
        }
        if (!CARRYING_FUNCTIONS.has(callee) && !CARRYING_METHODS.has(lastSegment(callee))) return undefined;
        node = call;
        continue;
      }
      case 'return_statement': {
        const fn = enclosingFunction(parent);
        return fn && isApiMethod(fn, context) ? { kind: 'return', method: functionName(fn, text) } : undefined;
      }
      case 'assignment':
      case 'augmented_assignment': {
        if (parent.childForFieldName('right')?.id !== node.id) return undefined;
        let target = parent.childForFieldName('left');
        while (target && (target.type === 'subscript' || target.type === 'attribute')) {
          target = target.childForFieldName(target.type === 'subscript' ? 'value' : 'object');
        }
        if (!target || target.type !== 'identifier' || text(target) === 'self') return undefined;
        return variableSink(text(target), parent, context, hops);
      }
      default:
        return undefined;
    }
  }
}

/** Where a variable that holds exception detail goes after `after`: any later read that reaches a sink. */
function variableSink(name: string, after: SyntaxNode, context: RuleContext, hops: number): Sink | undefined {
  if (hops >= MAX_VARIABLE_HOPS) return undefined;
  const scope = enclosingFunction(after);
  const body = scope?.childForFieldName('body');
  if (!body) return undefined;
  for (const node of walkNamed(body)) {
    if (node.type !== 'identifier' || node.startIndex < after.endIndex || context.text(node) !== name) continue;
    if (enclosingFunction(node)?.id !== scope?.id) continue;
    const sink = sinkOf(node, context, hops + 1);
    if (sink) return sink;
  }
  return undefined;
}

/** DVR304 exception-detail-exposed: exception text reaches a public method's return value or an HTTP/RPC response. */
export const DVR304: RuleCheck = {
  id: 'DVR304',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['except_clause'],
  check(clause, context) {
    // Test helpers hand exception text to assertions, not across a trust boundary.
    if (context.file.isTestCode) return;
    const name = boundName(clause, context.text);
    for (const detail of detailsIn(clause, name, context.text)) {
      const sink = sinkOf(detail, context, 0);
      if (!sink) continue;
      const where = sink.kind === 'return' ? `returned to the caller of ${sink.method}()` : `sent in the response built by ${sink.call}()`;
      context.report({ node: detail, value: compactText(detail, context.text), message: `Exception detail '${shorten(compactText(detail, context.text))}' is ${where}` });
    }
  },
};

function shorten(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
