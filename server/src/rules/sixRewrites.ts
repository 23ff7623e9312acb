import { callArguments, type TextOf } from '../engine/python';
import type { SyntaxNode, TextEdit } from '../engine/types';
import { wholeLineSpan } from '../fixes/imports';

/**
 * DVR801's exact Python 3 rewrites of `six` names. A reference is a chain of attributes
 * rooted at a name bound to six (`six.moves.urllib.parse.quote`, or `moves.input` after
 * `from six import moves`); its path is what it means inside six (`six.moves.input`).
 */

/** What a six name becomes. */
export type SixTarget =
  /** Replace the name with an expression; `imports` are stdlib modules it needs; `builtin` must not be rebound in the file. */
  | { kind: 'expr'; text: string; imports?: string[]; builtin?: string }
  /** `six.string_types`: the type inside isinstance/issubclass, a one-element tuple elsewhere. */
  | { kind: 'types'; type: string }
  /** `six.viewitems(d)` -> `d.items()`; `six.iteritems(d)` (an iterator) -> `iter(d.items())` unless it is only iterated over */
  | { kind: 'dict-method'; method: string; iterator: boolean }
  | { kind: 'b' }
  | { kind: 'u' }
  | { kind: 'reraise' }
  | { kind: 'with_metaclass' }
  | { kind: 'add_metaclass' }
  /** A decorator that does nothing on Python 3 (`@six.python_2_unicode_compatible`). */
  | { kind: 'noop-decorator' };

const builtin = (name: string): SixTarget => ({ kind: 'expr', text: name, builtin: name });
const stdlib = (text: string, module = text): SixTarget => ({ kind: 'expr', text, imports: [module] });

/** Keyed by the path inside six (without the leading `six.`). */
export const SIX_TARGETS: ReadonlyMap<string, SixTarget> = new Map<string, SixTarget>([
  ['iteritems', { kind: 'dict-method', method: 'items', iterator: true }],
  ['itervalues', { kind: 'dict-method', method: 'values', iterator: true }],
  ['iterkeys', { kind: 'dict-method', method: 'keys', iterator: true }],
  ['viewitems', { kind: 'dict-method', method: 'items', iterator: false }],
  ['viewvalues', { kind: 'dict-method', method: 'values', iterator: false }],
  ['viewkeys', { kind: 'dict-method', method: 'keys', iterator: false }],
  ['text_type', builtin('str')],
  ['binary_type', builtin('bytes')],
  ['string_types', { kind: 'types', type: 'str' }],
  ['integer_types', { kind: 'types', type: 'int' }],
  ['class_types', { kind: 'types', type: 'type' }],
  ['PY2', { kind: 'expr', text: 'False' }],
  ['PY3', { kind: 'expr', text: 'True' }],
  ['PY34', { kind: 'expr', text: 'True' }],
  ['MAXSIZE', stdlib('sys.maxsize', 'sys')],
  ['next', builtin('next')],
  ['advance_iterator', builtin('next')],
  ['callable', builtin('callable')],
  ['unichr', builtin('chr')],
  ['print_', builtin('print')],
  ['exec_', builtin('exec')],
  ['b', { kind: 'b' }],
  ['u', { kind: 'u' }],
  ['reraise', { kind: 'reraise' }],
  ['with_metaclass', { kind: 'with_metaclass' }],
  ['add_metaclass', { kind: 'add_metaclass' }],
  ['python_2_unicode_compatible', { kind: 'noop-decorator' }],
  ['StringIO', stdlib('io.StringIO', 'io')],
  ['BytesIO', stdlib('io.BytesIO', 'io')],
  ['wraps', stdlib('functools.wraps', 'functools')],
  ['moves.range', builtin('range')],
  ['moves.xrange', builtin('range')],
  ['moves.map', builtin('map')],
  ['moves.zip', builtin('zip')],
  ['moves.filter', builtin('filter')],
  ['moves.input', builtin('input')],
  ['moves.intern', stdlib('sys.intern', 'sys')],
  ['moves.reduce', stdlib('functools.reduce', 'functools')],
  ['moves.reload_module', stdlib('importlib.reload', 'importlib')],
  ['moves.zip_longest', stdlib('itertools.zip_longest', 'itertools')],
  ['moves.filterfalse', stdlib('itertools.filterfalse', 'itertools')],
  ['moves.getcwd', stdlib('os.getcwd', 'os')],
  ['moves.getcwdb', stdlib('os.getcwdb', 'os')],
  ['moves.shlex_quote', stdlib('shlex.quote', 'shlex')],
  ['moves.UserDict', stdlib('collections.UserDict', 'collections')],
  ['moves.UserList', stdlib('collections.UserList', 'collections')],
  ['moves.UserString', stdlib('collections.UserString', 'collections')],
  ['moves.StringIO', stdlib('io.StringIO', 'io')],
  ['moves.cStringIO', stdlib('io.StringIO', 'io')],
  ['moves.builtins', stdlib('builtins')],
  ['moves.cPickle', stdlib('pickle')],
  ['moves.copyreg', stdlib('copyreg')],
  ['moves.queue', stdlib('queue')],
  ['moves.configparser', stdlib('configparser')],
  ['moves.socketserver', stdlib('socketserver')],
  ['moves.reprlib', stdlib('reprlib')],
  ['moves._thread', stdlib('_thread')],
  ['moves.http_client', stdlib('http.client')],
  ['moves.http_cookies', stdlib('http.cookies')],
  ['moves.http_cookiejar', stdlib('http.cookiejar')],
  ['moves.BaseHTTPServer', stdlib('http.server')],
  ['moves.SimpleHTTPServer', stdlib('http.server')],
  ['moves.html_parser', stdlib('html.parser')],
  ['moves.html_entities', stdlib('html.entities')],
  ['moves.xmlrpc_client', stdlib('xmlrpc.client')],
  ['moves.email_mime_text', stdlib('email.mime.text')],
  ['moves.email_mime_multipart', stdlib('email.mime.multipart')],
  ['moves.email_mime_base', stdlib('email.mime.base')],
  ['moves.urllib_parse', stdlib('urllib.parse')],
  ['moves.urllib_error', stdlib('urllib.error')],
  ['moves.urllib.parse', stdlib('urllib.parse')],
  ['moves.urllib.request', stdlib('urllib.request')],
  ['moves.urllib.error', stdlib('urllib.error')],
  ['moves.urllib.response', stdlib('urllib.response')],
  ['moves.urllib.robotparser', stdlib('urllib.robotparser')],
]);

/** The longest known six path at the start of `path` (segments after `six`), and how many segments it used. */
export function lookupTarget(path: readonly string[]): { target: SixTarget; used: number } | undefined {
  for (let used = path.length; used > 0; used--) {
    const target = SIX_TARGETS.get(path.slice(0, used).join('.'));
    if (target) return { target, used };
  }
  return undefined;
}

/** What the rewriter needs to know about the file. */
export interface RewriteScope {
  text: string;
  textOf: TextOf;
  /** False when the name is bound in the file by anything but six imports (so `str` may not mean the builtin). */
  isFree(name: string): boolean;
  /** True when a node contains a reference to six (its text would be copied or deleted by a rewrite). */
  containsSixReference(node: SyntaxNode): boolean;
}

export interface Rewrite {
  edits: TextEdit[];
  /** True when the rewrite can change behaviour in some case (the fix is then unsafe). */
  unsafe?: boolean;
  /** Stdlib modules the rewritten code needs imported. */
  imports: string[];
  /** For the fix title: the code replaced and what it becomes. */
  replaces: string;
  becomes: string;
}

/** Code shown in a fix title: one line, at most 40 characters. */
function short(code: string): string {
  const one = code.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

/** Expressions that can take `.attr` or `(...)` after them without parentheses. */
const PRIMARY = new Set([
  'identifier', 'attribute', 'subscript', 'call', 'parenthesized_expression', 'list', 'dictionary', 'set', 'tuple',
  'list_comprehension', 'dictionary_comprehension', 'set_comprehension', 'generator_expression',
  'string', 'concatenated_string', 'integer', 'float', 'true', 'false', 'none',
]);

function needsParens(node: SyntaxNode): boolean {
  return !PRIMARY.has(node.type);
}

function isIsinstanceTypeArgument(node: SyntaxNode, textOf: TextOf): boolean {
  let n = node;
  while (n.parent && (n.parent.type === 'tuple' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  const args = n.parent;
  if (!args || args.type !== 'argument_list') return false;
  const call = args.parent;
  const fn = call?.childForFieldName('function');
  if (!call || call.type !== 'call' || !fn || !['isinstance', 'issubclass'].includes(textOf(fn))) return false;
  const positional = args.namedChildren.filter((c) => c.type !== 'comment');
  return positional.length === 2 && positional[1].id === n.id;
}

/** Builtins that only iterate over their argument once, from the start: a view serves them as well as an iterator. */
const ITERATING_BUILTINS = new Set(['list', 'tuple', 'set', 'frozenset', 'sorted', 'dict', 'sum', 'any', 'all', 'min', 'max', 'enumerate']);

/**
 * Whether `call` is only iterated over, once, from the start: the iterable of a `for`
 * loop or a comprehension, or the one argument of list(), sorted()... There a view
 * (`d.items()`) behaves as six's iterator; anywhere else (`next(...)`, stored in a
 * variable and consumed in steps) only `iter(d.items())` does.
 */
function onlyIterated(call: SyntaxNode, scope: RewriteScope): boolean {
  const parent = call.parent;
  if (!parent) return false;
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && parent.childForFieldName('right')?.id === call.id) return true;
  if (parent.type === 'argument_list') {
    const outer = parent.parent;
    const fn = outer?.type === 'call' ? outer.childForFieldName('function') : undefined;
    const args = parent.namedChildren.filter((c) => c.type !== 'comment');
    return !!fn && fn.type === 'identifier' && ITERATING_BUILTINS.has(scope.textOf(fn)) && scope.isFree(scope.textOf(fn)) && args.length === 1 && args[0].id === call.id;
  }
  return false;
}

/** Whether `value` is the name an enclosing `except ... as name:` bound (never None). */
function isCaughtException(value: SyntaxNode, scope: RewriteScope): boolean {
  if (value.type !== 'identifier') return false;
  const name = scope.textOf(value);
  for (let up = value.parent; up; up = up.parent) {
    if (up.type === 'function_definition' || up.type === 'class_definition' || up.type === 'lambda') return false;
    if (up.type !== 'except_clause') continue;
    const body = up.namedChildren.find((c) => c.type === 'block');
    const header = scope.text.slice(up.startIndex, body ? body.startIndex : up.endIndex);
    if (new RegExp(`\\bas\\s+${name}\\s*:`).test(header)) return true;
  }
  return false;
}

/** The call whose callee is exactly `node`, if any. */
function calledBy(node: SyntaxNode): SyntaxNode | undefined {
  const parent = node.parent;
  if (parent && parent.type === 'call' && parent.childForFieldName('function')?.id === node.id) return parent;
  return undefined;
}

/** A call's single plain positional argument (no keywords, splats or generator), if it has exactly one. */
function singleArgument(call: SyntaxNode, textOf: TextOf): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const parsed = callArguments(call, textOf);
  if (parsed.hasSplat || parsed.keywords.size > 0 || parsed.positional.length !== 1) return undefined;
  return parsed.positional[0];
}

function plainPositionals(call: SyntaxNode, textOf: TextOf): SyntaxNode[] | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const parsed = callArguments(call, textOf);
  if (parsed.hasSplat || parsed.keywords.size > 0) return undefined;
  return parsed.positional;
}

/** `f(arg)` -> `<before>arg<after>`, as two edits around the argument so rewrites inside it stay separate. */
function aroundArgument(call: SyntaxNode, arg: SyntaxNode, before: string, after: string): TextEdit[] {
  const parens = needsParens(arg);
  return [
    { start: call.startIndex, end: arg.startIndex, newText: parens ? `${before}(` : before },
    { start: arg.endIndex, end: call.endIndex, newText: parens ? `)${after}` : after },
  ];
}

/** `six.b('abc')` -> `b'abc'` when the literal means the same as bytes; otherwise `.encode('latin-1')`. */
function bytesRewrite(call: SyntaxNode, arg: SyntaxNode, scope: RewriteScope): Rewrite {
  const replaces = short(scope.textOf(call));
  if (arg.type === 'string' && !arg.namedChildren.some((c) => c.type === 'interpolation')) {
    const opener = arg.firstChild;
    const prefix = opener ? scope.textOf(opener).replace(/['"]+$/, '') : '';
    const body = scope.text.slice(arg.startIndex + prefix.length, arg.endIndex);
    // Bytes literals hold ASCII only and have no \u, \U or \N{} escapes.
    const asciiOnly = /^[\x20-\x7e\t]*$/.test(body.replace(/\r?\n/g, '')) && !/\\[uUN]/.test(body.replace(/\\\\/g, ''));
    if (/^[uU]?$/.test(prefix) && asciiOnly) {
      return {
        edits: [
          { start: call.startIndex, end: arg.startIndex + prefix.length, newText: 'b' },
          { start: arg.endIndex, end: call.endIndex, newText: '' },
        ],
        imports: [],
        replaces,
        becomes: short(`b${body}`),
      };
    }
  }
  const encoded = needsParens(arg) ? `(${scope.textOf(arg)})` : scope.textOf(arg);
  return { edits: aroundArgument(call, arg, '', ".encode('latin-1')"), imports: [], replaces, becomes: short(`${encoded}.encode('latin-1')`) };
}

function classOfDecorator(decorator: SyntaxNode): SyntaxNode | undefined {
  const decorated = decorator.parent;
  if (!decorated || decorated.type !== 'decorated_definition') return undefined;
  const definition = decorated.childForFieldName('definition');
  if (!definition || definition.type !== 'class_definition') return undefined;
  // Only the decorator nearest the class: with others below it, metaclass= would change their order.
  const decorators = decorated.namedChildren.filter((c) => c.type === 'decorator');
  return decorators[decorators.length - 1]?.id === decorator.id ? definition : undefined;
}

function deleteLine(scope: RewriteScope, node: SyntaxNode): TextEdit | undefined {
  const span = wholeLineSpan(scope.text, node);
  return span ? { ...span, newText: '' } : undefined;
}

/** Adds `metaclass=M` to a class's bases, or undefined when the class already has keywords or splats. */
function addMetaclassKeyword(cls: SyntaxNode, metaclass: string, scope: RewriteScope): TextEdit | undefined {
  const bases = cls.childForFieldName('superclasses');
  if (!bases) {
    const name = cls.childForFieldName('name');
    return name ? { start: name.endIndex, end: name.endIndex, newText: `(metaclass=${metaclass})` } : undefined;
  }
  if (bases.type !== 'argument_list') return undefined;
  const items = bases.namedChildren.filter((c) => c.type !== 'comment');
  if (items.some((c) => c.type !== 'identifier' && c.type !== 'attribute' && c.type !== 'call' && c.type !== 'subscript')) return undefined;
  const close = bases.lastChild;
  if (!close || close.type !== ')') return undefined;
  const before = scope.text.slice(bases.startIndex + 1, close.startIndex).trimEnd();
  const separator = items.length === 0 ? '' : before.endsWith(',') ? ' ' : ', ';
  const at = bases.startIndex + 1 + before.length;
  return { start: at, end: at, newText: `${separator}metaclass=${metaclass}` };
}

/**
 * The exact Python 3 rewrite of one reference, or undefined when there is none.
 * `chain` lists the reference's nodes from the root name outwards (`six`, `six.moves`,
 * `six.moves.range`); `path` gives each node's meaning inside six (`moves.range` for the last).
 */
export function rewriteReference(chain: readonly SyntaxNode[], path: readonly string[], scope: RewriteScope): Rewrite | undefined {
  const found = lookupTarget(path);
  if (!found) return undefined;
  const { target, used } = found;
  // The root name may already stand for a deeper path (`moves` after `from six import moves`):
  // chain[k] means the first (rootDepth + k) segments of the path.
  const rootDepth = path.length - (chain.length - 1);
  const index = used - rootDepth;
  if (index < 0 || index >= chain.length) return undefined;
  const node = chain[index];
  const whole = index === chain.length - 1;
  const parent = node.parent;
  if (parent && (parent.type === 'assignment' || parent.type === 'augmented_assignment') && parent.childForFieldName('left')?.id === node.id) return undefined;
  if (parent && parent.type === 'delete_statement') return undefined;

  switch (target.kind) {
    case 'expr': {
      if (target.builtin && !scope.isFree(target.builtin)) return undefined;
      for (const module of target.imports ?? []) if (!scope.isFree(module.split('.')[0])) return undefined;
      const edits = scope.textOf(node) === target.text ? [] : [{ start: node.startIndex, end: node.endIndex, newText: target.text }];
      return { edits, imports: target.imports ?? [], replaces: short(scope.textOf(node)), becomes: target.text };
    }
    case 'types': {
      if (!scope.isFree(target.type)) return undefined;
      if (!whole) return undefined;
      const text = isIsinstanceTypeArgument(node, scope.textOf) ? target.type : `(${target.type},)`;
      return { edits: [{ start: node.startIndex, end: node.endIndex, newText: text }], imports: [], replaces: short(scope.textOf(node)), becomes: text };
    }
    case 'dict-method': {
      const call = whole ? calledBy(node) : undefined;
      const arg = call && singleArgument(call, scope.textOf);
      if (!call || !arg || arg.type === 'generator_expression') return undefined;
      const receiver = needsParens(arg) ? `(${scope.textOf(arg)})` : scope.textOf(arg);
      // six.iteritems() returns an iterator, six.viewitems() a view: `next(six.itervalues(d))` must become `next(iter(d.values()))`.
      const iterator = target.iterator && !onlyIterated(call, scope);
      if (iterator && !scope.isFree('iter')) return undefined;
      const [before, after] = iterator ? ['iter(', `.${target.method}())`] : ['', `.${target.method}()`];
      return { edits: aroundArgument(call, arg, before, after), imports: [], replaces: short(scope.textOf(call)), becomes: short(`${before}${receiver}${after}`) };
    }
    case 'b': {
      const call = whole ? calledBy(node) : undefined;
      const arg = call && singleArgument(call, scope.textOf);
      if (!call || !arg || arg.type === 'generator_expression') return undefined;
      return bytesRewrite(call, arg, scope);
    }
    case 'u': {
      const call = whole ? calledBy(node) : undefined;
      const arg = call && singleArgument(call, scope.textOf);
      if (!call || !arg || arg.type === 'generator_expression') return undefined;
      return { edits: aroundArgument(call, arg, '', ''), imports: [], replaces: short(scope.textOf(call)), becomes: short(scope.textOf(arg)) };
    }
    case 'reraise': {
      const call = whole ? calledBy(node) : undefined;
      const args = call && plainPositionals(call, scope.textOf);
      if (!call || !args || args.length !== 3 || call.parent?.type !== 'expression_statement') return undefined;
      if (call.parent.namedChildren.length !== 1) return undefined;
      const [kind, value, tb] = args;
      if (scope.containsSixReference(kind)) return undefined;
      const parens = needsParens(value);
      return {
        // six.reraise(tp, None, tb) raises tp(); `raise None.with_traceback(tb)` raises AttributeError.
        unsafe: !isCaughtException(value, scope),
        edits: [
          { start: call.startIndex, end: value.startIndex, newText: parens ? 'raise (' : 'raise ' },
          { start: value.endIndex, end: tb.startIndex, newText: parens ? ').with_traceback(' : '.with_traceback(' },
          { start: tb.endIndex, end: call.endIndex, newText: ')' },
        ],
        imports: [],
        replaces: short(scope.textOf(call)),
        becomes: short(`raise ${scope.textOf(value)}.with_traceback(${scope.textOf(tb)})`),
      };
    }
    case 'with_metaclass': {
      const call = whole ? calledBy(node) : undefined;
      const args = call && plainPositionals(call, scope.textOf);
      const bases = call?.parent;
      if (!call || !args || args.length === 0 || !bases || bases.type !== 'argument_list' || bases.parent?.type !== 'class_definition') return undefined;
      const items = bases.namedChildren.filter((c) => c.type !== 'comment');
      if (items[items.length - 1]?.id !== call.id || items.some((c) => c.type === 'keyword_argument' || c.type.endsWith('splat'))) return undefined;
      if (args.some((a) => scope.containsSixReference(a))) return undefined;
      const [meta, ...rest] = args.map((a) => scope.textOf(a));
      const text = [...rest, `metaclass=${meta}`].join(', ');
      return { edits: [{ start: call.startIndex, end: call.endIndex, newText: text }], imports: [], replaces: short(scope.textOf(call)), becomes: short(text) };
    }
    case 'add_metaclass': {
      const call = whole ? calledBy(node) : undefined;
      const arg = call && singleArgument(call, scope.textOf);
      const decorator = call?.parent;
      if (!call || !arg || !decorator || decorator.type !== 'decorator' || scope.containsSixReference(arg)) return undefined;
      const cls = classOfDecorator(decorator);
      const removal = deleteLine(scope, decorator);
      if (!cls || !removal) return undefined;
      const keyword = addMetaclassKeyword(cls, scope.textOf(arg), scope);
      if (!keyword) return undefined;
      return { edits: [removal, keyword], imports: [], replaces: short(`@${scope.textOf(call)}`), becomes: short(`metaclass=${scope.textOf(arg)}`) };
    }
    case 'noop-decorator': {
      const decorator = whole ? node.parent : undefined;
      if (!decorator || decorator.type !== 'decorator' || !classOfDecorator(decorator)) return undefined;
      const removal = deleteLine(scope, decorator);
      return removal ? { edits: [removal], imports: [], replaces: short(scope.textOf(decorator)), becomes: 'nothing (it does nothing on Python 3)' } : undefined;
    }
  }
}
