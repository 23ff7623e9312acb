import { callArguments, calleeName, compactText, enclosingFunction, lastSegment, type TextOf } from '../engine/python';
import type { Fix, Level, RuleCheck, RuleContext, SyntaxNode, TextEdit, Tree } from '../engine/types';
import { eolOf, indentUnit, lineEndAt, lineStartAt } from '../fixes/layout';
import { readsWholeFile } from '../engine/classUnits';

const HANDLE_CALLS = new Set(['open', 'io.open', 'codecs.open', 'builtins.open', 'socket.socket', 'tempfile.NamedTemporaryFile', 'tempfile.TemporaryFile', 'os.fdopen']);
/** The last word of every name in HANDLE_CALLS (the rule's anchor). */
const HANDLE_CALL_WORDS = /\b(?:open|fdopen|socket|NamedTemporaryFile|TemporaryFile)\b/;
/** Calls that take the handle over: it is closed or owned elsewhere from then on. */
const OWNING_CALLS = new Set([
  'closing', 'enter_context', 'push', 'callback', 'register', 'append', 'add', 'extend', 'put', 'put_nowait', 'setdefault', 'insert',
  'addCleanup', 'finalize', 'wrap_socket', 'connect_read_pipe', 'connect_write_pipe', 'create_connection', 'create_server',
  'create_unix_connection', 'create_unix_server', 'create_datagram_endpoint', 'start_server', 'open_connection', 'sock_accept',
  'enterContext', 'enterClassContext', 'enterAsyncContext',
]);
/** Constructors (`_ProxyFile(f)`, `io.TextIOWrapper(f)`) and setters (`set_socket(s)`, `setByteStream(f)`) keep the handle. */
const KEEPING_CALL = /^(_*[A-Z]\w*|_*set[_A-Z]\w*|_*register\w*|_*attach\w*)$/;
/** `os.open(path, os.O_RDONLY)` (also a bare `open` in modules that star-import posix) returns a descriptor, not a handle. */
const OS_OPEN_FLAGS = /\bO_[A-Z]+\b/;
/** Methods that read or write the whole handle: a handle used once this way can move into a `with` block. */
const CONSUMING_METHODS = new Set(['read', 'readlines', 'readline', 'write', 'writelines']);
/** Functions that read (handle first) or write (handle second) a whole handle. */
const LOADERS = new Set(['json.load', 'pickle.load', 'marshal.load', 'yaml.safe_load', 'yaml.load', 'tomllib.load', 'plistlib.load']);
const DUMPERS = new Set(['json.dump', 'pickle.dump', 'marshal.dump', 'yaml.dump', 'yaml.safe_dump', 'plistlib.dump']);

type Outcome =
  | { kind: 'owned' }
  | { kind: 'inline'; consumer: SyntaxNode | undefined }
  | { kind: 'variable'; name: string; at: SyntaxNode }
  /** Passed to a call whose result, which may own the handle, is kept in a variable. */
  | { kind: 'wrapped'; name: string; at: SyntaxNode };

/**
 * `open()` here is not the builtin: the module rebinds it (`def open`, `from gzip import open`,
 * `open = ...`) or star-imports os; `io.open` and `codecs.open` are the builtin's kin.
 */
function shadowsOpen(call: SyntaxNode, context: RuleContext): boolean {
  const name = context.model.callName(call);
  if (name !== 'builtins.open' && name !== 'io.open' && name !== 'codecs.open') return true;
  return ['posix', 'nt', 'os'].some((m) => context.model.starImports.includes(m));
}

function isConsumerCall(call: SyntaxNode, handle: SyntaxNode, text: TextOf): boolean {
  const name = calleeName(call, text);
  const args = callArguments(call, text).positional;
  if (LOADERS.has(name)) return args[0]?.id === handle.id;
  if (DUMPERS.has(name)) return args[1]?.id === handle.id;
  return false;
}

/** Where the handle a call creates ends up. */
function outcomeOf(call: SyntaxNode, text: TextOf): Outcome {
  let node = call;
  for (;;) {
    const parent = node.parent;
    if (!parent) return { kind: 'owned' };
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'conditional_expression':
        node = parent;
        continue;
      case 'with_item':
      case 'as_pattern':
      case 'return_statement':
      case 'yield':
      case 'lambda':
        return { kind: 'owned' };
      case 'attribute': {
        const method = text(parent.childForFieldName('attribute') ?? parent);
        const called = parent.parent?.type === 'call' ? parent.parent : undefined;
        if (method === 'close' || method === 'detach' || method === '__enter__') return { kind: 'owned' };
        return { kind: 'inline', consumer: called && CONSUMING_METHODS.has(method) ? called : undefined };
      }
      case 'argument_list': {
        const outer = parent.parent;
        if (!outer || outer.type !== 'call') return { kind: 'owned' };
        const callee = lastSegment(calleeName(outer, text));
        if (OWNING_CALLS.has(callee) || KEEPING_CALL.test(callee)) return { kind: 'owned' };
        if (isConsumerCall(outer, node, text)) return { kind: 'inline', consumer: outer };
        // An unknown call may wrap the handle (addinfourl(open(p), ...), wrap(socket.socket())): kept if its result is.
        if (resultIsKept(outer)) return { kind: 'owned' };
        const holder = resultVariable(outer, text);
        return holder ? { kind: 'wrapped', name: holder.name, at: holder.at } : { kind: 'inline', consumer: undefined };
      }
      case 'keyword_argument': {
        const outer = parent.parent?.parent;
        const callee = outer?.type === 'call' ? lastSegment(calleeName(outer, text)) : '';
        return KEEPING_CALL.test(callee) || OWNING_CALLS.has(callee) || (outer && resultIsKept(outer)) ? { kind: 'owned' } : { kind: 'inline', consumer: undefined };
      }
      case 'assignment': {
        const left = parent.childForFieldName('left');
        if (parent.childForFieldName('right')?.id !== node.id || !left) return { kind: 'owned' };
        // `a = b = open(p)`: two names for one handle; too loose to follow.
        if (parent.parent?.type === 'assignment') return { kind: 'owned' };
        return left.type === 'identifier' ? { kind: 'variable', name: text(left), at: parent } : { kind: 'owned' };
      }
      case 'named_expression': {
        const name = parent.childForFieldName('name');
        return name ? { kind: 'variable', name: text(name), at: parent } : { kind: 'owned' };
      }
      case 'expression_statement':
        // `try: open(p) except OSError:` probes whether the file opens; the handle is garbage at once.
        return isProbe(parent) ? { kind: 'owned' } : { kind: 'inline', consumer: undefined };
      default:
        return { kind: 'owned' };
    }
  }
}

/** `with self.assertRaises(...)`, `pytest.raises(...)`: the call is expected to fail, so no handle exists. */
const EXPECTS_FAILURE = /(^|\.)(assertRaises\w*|raises|assertWarns\w*|warns)$/;
/** `with patch('...open', ...)`, `@mock.patch(...)`: `open` is a mock in there. */
const PATCHES = /(^|\.)patch(\.\w+)?$/;

/** Inside a `with` block or under a decorator that makes the call not a real open. */
function isExpectedFailureOrPatched(call: SyntaxNode, text: TextOf): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'with_statement') {
      for (const item of p.descendantsOfType('with_item')) {
        const value = item.childForFieldName('value');
        const expr = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
        if (expr?.type !== 'call' || item.startIndex > call.startIndex) continue;
        const callee = calleeName(expr, text);
        if (EXPECTS_FAILURE.test(callee) || PATCHES.test(callee)) return true;
      }
    }
    if (p.type === 'decorated_definition') {
      for (const decorator of p.namedChildren.filter((c) => c.type === 'decorator')) if (/(^|\.)patch\b/.test(text(decorator).replace(/^@\s*/, ''))) return true;
    }
  }
  return false;
}

/**
 * What the rule asks of a function (or of the module, outside functions) for every handle in
 * it, gathered once: asking again per `open()` call made a function with many calls cost
 * quadratic time (800 calls: over 20 s).
 */
interface ScopeFacts {
  /** Identifiers by name, in document order. */
  identifiers: Map<string, SyntaxNode[]>;
  /** Names declared `global` or `nonlocal`. */
  nonLocal: Set<string>;
  /** Calls that can raise on the normal path (not in an `except` handler, not infallible), in document order. */
  fallible: { start: number; id: number }[];
  /** The function mentions ResourceWarning: a test that leaks a handle on purpose. */
  testsResourceWarning: boolean;
}

/** Per tree (a tree never changes once parsed; an edited document gets a new one), per scope node id. */
const scopeFactsByTree = new WeakMap<Tree, Map<number, ScopeFacts>>();

/** `scope` is a function definition or the module. */
function scopeFacts(scope: SyntaxNode, text: TextOf): ScopeFacts {
  let byScope = scopeFactsByTree.get(scope.tree);
  if (!byScope) {
    byScope = new Map();
    scopeFactsByTree.set(scope.tree, byScope);
  }
  let facts = byScope.get(scope.id);
  if (facts) return facts;
  const identifiers = new Map<string, SyntaxNode[]>();
  for (const node of scope.descendantsOfType('identifier')) {
    const name = text(node);
    const list = identifiers.get(name);
    if (list) list.push(node);
    else identifiers.set(name, [node]);
  }
  const nonLocal = new Set<string>();
  for (const statement of scope.descendantsOfType(['global_statement', 'nonlocal_statement'])) for (const n of statement.namedChildren) nonLocal.add(text(n));
  const fallible: { start: number; id: number }[] = [];
  // A call is in a handler when it starts inside one of the scope's except clauses (nodes nest,
  // so that is being its descendant). Walking up from every call instead cost calls x depth
  // parent steps, each one costing the depth again in tree-sitter: 77 s for 1,000 nested calls.
  const handlers = outermostSpans(scope.descendantsOfType('except_clause'));
  for (const call of scope.descendantsOfType('call')) {
    if (INFALLIBLE.has(lastSegment(calleeName(call, text)))) continue;
    if (!insideSpan(handlers, call.startIndex)) fallible.push({ start: call.startIndex, id: call.id });
  }
  facts = { identifiers, nonLocal, fallible, testsResourceWarning: scope.type === 'function_definition' && /ResourceWarning|resource_warning/.test(text(scope)) };
  byScope.set(scope.id, facts);
  return facts;
}

/** The spans of nodes in document order that no other of them contains (nested ones are inside these). */
function outermostSpans(nodes: readonly SyntaxNode[]): [number, number][] {
  const spans: [number, number][] = [];
  for (const node of nodes) {
    const last = spans[spans.length - 1];
    if (last && node.startIndex < last[1]) continue;
    spans.push([node.startIndex, node.endIndex]);
  }
  return spans;
}

/** Whether `offset` lies in one of the disjoint spans (sorted by start). */
function insideSpan(spans: readonly [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid][0]) hi = mid - 1;
    else if (offset >= spans[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The function that holds `node`, or the module. */
function scopeOf(node: SyntaxNode): SyntaxNode {
  return enclosingFunction(node) ?? node.tree.rootNode;
}

/** A test that leaks the handle on purpose to check the `ResourceWarning` it causes. */
function testsResourceWarning(call: SyntaxNode, text: TextOf): boolean {
  return scopeFacts(scopeOf(call), text).testsResourceWarning;
}

/** The value of a call is returned, used in `with`, yielded, or stored on an object or in a container. */
function resultIsKept(call: SyntaxNode): boolean {
  let node = call;
  while (node.parent && (node.parent.type === 'parenthesized_expression' || node.parent.type === 'conditional_expression')) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (['with_item', 'as_pattern', 'return_statement', 'yield', 'lambda', 'list', 'tuple', 'dictionary', 'pair'].includes(parent.type)) return true;
  if (parent.type === 'assignment' && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    return !!left && left.type !== 'identifier';
  }
  return false;
}

function isProbe(statement: SyntaxNode): boolean {
  const block = statement.parent;
  const tryStmt = block?.parent;
  return block?.type === 'block' && tryStmt?.type === 'try_statement' && tryStmt.childForFieldName('body')?.id === block.id && tryStmt.namedChildren.some((c) => c.type === 'except_clause');
}

/** `s = wrap(...)`: the variable a call's result is assigned to. */
function resultVariable(call: SyntaxNode, text: TextOf): { name: string; at: SyntaxNode } | undefined {
  let node = call;
  while (node.parent?.type === 'parenthesized_expression') node = node.parent;
  const parent = node.parent;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== node.id) return undefined;
  const left = parent.childForFieldName('left');
  return left?.type === 'identifier' ? { name: text(left), at: parent } : undefined;
}

function insideFinally(node: SyntaxNode, scope: SyntaxNode): boolean {
  for (let p = node.parent; p && p.id !== scope.id; p = p.parent) if (p.type === 'finally_clause') return true;
  return false;
}

/** Calls that do not raise on a live handle. */
const INFALLIBLE = new Set(['fileno', 'len', 'str', 'repr', 'isinstance', 'id', 'type']);

/** Whether a call between two offsets (other than `except`) can raise on the normal path (calls in `except` handlers only run once something failed). */
function fallibleCallsBetween(facts: ScopeFacts, from: number, to: number, except: SyntaxNode): boolean {
  const calls = facts.fallible;
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (calls[mid].start <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < calls.length && calls[i].start < to; i++) if (calls[i].id !== except.id) return true;
  return false;
}

interface Fate {
  owned: boolean;
  closedOutsideFinally: boolean;
}

/**
 * Follows a handle variable through the rest of its function: owned when closed in a
 * `finally` (or right away, with nothing fallible in between), used in `with`,
 * returned, stored, or handed to something that keeps it.
 */
function variableFate(name: string, at: SyntaxNode, text: TextOf): Fate {
  const fn = enclosingFunction(at);
  const scope = fn ?? at.tree.rootNode;
  const facts = scopeFacts(scope, text);
  const owned: Fate = { owned: true, closedOutsideFinally: false };
  if (facts.nonLocal.has(name)) return owned;
  let firstClose: SyntaxNode | undefined;
  const close = (call: SyntaxNode): boolean => {
    if (insideFinally(call, scope)) return true;
    firstClose ??= call;
    return false;
  };
  for (const node of facts.identifiers.get(name) ?? []) {
    if (node.startIndex < at.endIndex) continue;
    // Used inside a nested function or lambda: the closure may close it later.
    if (enclosingFunction(node)?.id !== fn?.id) return owned;
    for (let p = node.parent; p && p.id !== scope.id; p = p.parent) if (p.type === 'lambda') return owned;
    let use = node;
    while (use.parent && ['parenthesized_expression', 'tuple', 'list', 'expression_list', 'conditional_expression'].includes(use.parent.type)) use = use.parent;
    const parent = use.parent;
    if (!parent) continue;
    switch (parent.type) {
      case 'attribute': {
        if (parent.childForFieldName('object')?.id !== use.id) break;
        const method = text(parent.childForFieldName('attribute') ?? parent);
        if (method === 'close') {
          // `x.close` passed on (`addCleanup(x.close)`) closes it later.
          if (parent.parent?.type !== 'call' || close(parent.parent)) return owned;
        } else if (method === 'detach' || method === '__exit__') {
          return owned;
        }
        break;
      }
      case 'with_item':
      case 'as_pattern':
      case 'return_statement':
      case 'yield':
      case 'dictionary':
      case 'pair':
      case 'set':
        return owned;
      case 'assignment':
        if (parent.childForFieldName('right')?.id === use.id) return owned;
        break;
      case 'keyword_argument':
      case 'argument_list': {
        const call = parent.type === 'argument_list' ? parent.parent : parent.parent?.parent;
        if (!call || call.type !== 'call') break;
        const callee = calleeName(call, text);
        const method = lastSegment(callee);
        if (/close/i.test(method)) {
          if (close(call)) return owned;
          break;
        }
        const keyword = parent.type === 'keyword_argument' ? text(parent.childForFieldName('name') ?? parent) : '';
        if (OWNING_CALLS.has(method) || KEEPING_CALL.test(method) || callee.startsWith('self.') || keyword === 'sock' || resultIsKept(call)) return owned;
        break;
      }
      default:
        break;
    }
  }
  if (!firstClose) return { owned: false, closedOutsideFinally: false };
  // `f = open(p); f.close()` with nothing that can fail between: closed on every path.
  if (!fallibleCallsBetween(facts, at.endIndex, firstClose.startIndex, firstClose)) return owned;
  return { owned: false, closedOutsideFinally: true };
}

/** A name for the `with` target that the function does not use yet. */
function freshHandleName(scope: SyntaxNode, text: TextOf): string {
  const used = scopeFacts(scope, text).identifiers;
  for (const candidate of ['f', 'fh', 'handle', 'stream']) if (!used.has(candidate)) return candidate;
  let i = 1;
  while (used.has(`handle_${i}`)) i++;
  return `handle_${i}`;
}

const PLAIN_VALUES = new Set(['identifier', 'attribute', 'string', 'integer', 'float', 'true', 'false', 'none', 'keyword_argument']);

/**
 * `x = open(p).read()`, `json.load(open(p))`, `open(p, 'w').write(s)` as a simple
 * statement on its own lines becomes `with open(p) as f:` plus the statement on `f`.
 */
function withBlockFix(call: SyntaxNode, consumer: SyntaxNode, context: RuleContext): Fix[] {
  const text = context.text;
  const source = context.file.text;
  if (!['open', 'io.open', 'codecs.open', 'builtins.open', 'os.fdopen'].includes(calleeName(call, text))) return [];
  // From the consumer up to the statement: method chains on the result, an assignment, a return.
  let node = consumer;
  for (;;) {
    const parent = node.parent;
    if (!parent) return [];
    if (parent.type === 'attribute' && parent.parent?.type === 'call' && parent.childForFieldName('object')?.id === node.id) node = parent.parent;
    else if (parent.type === 'parenthesized_expression') node = parent;
    else break;
  }
  let statement = node.parent;
  if (statement?.type === 'assignment' && statement.childForFieldName('right')?.id === node.id) statement = statement.parent;
  else if (statement?.type !== 'return_statement' && statement?.type !== 'expression_statement') return [];
  if (!statement || !['expression_statement', 'return_statement'].includes(statement.type)) return [];
  if (!statement.parent || !['block', 'module'].includes(statement.parent.type)) return [];
  // Other arguments of a dumper are evaluated before the handle opens today; keep that harmless.
  if (consumer.id !== call.id && DUMPERS.has(calleeName(consumer, text))) {
    const args = consumer.childForFieldName('arguments')?.namedChildren ?? [];
    if (args.some((a) => a.id !== call.id && !PLAIN_VALUES.has(a.type))) return [];
  }
  const lineStart = lineStartAt(source, statement.startIndex);
  const lineEnd = lineEndAt(source, statement.endIndex);
  if (source.slice(lineStart, statement.startIndex).trim() !== '') return [];
  const tail = source.slice(statement.endIndex, lineEnd).trim();
  if (tail !== '' && !tail.startsWith('#')) return [];
  if (statement.descendantsOfType(['string']).some((s) => /[\r\n]/.test(text(s)))) return [];
  const indent = source.slice(lineStart, statement.startIndex);
  // The file's indentation step is read once per file: per finding, it made the rule quadratic.
  // It and the file's line ending may change with an edit anywhere.
  readsWholeFile(context);
  const unit = indent.includes('\t') ? '\t' : context.memo('DVR501:indent-unit', () => indentUnit(source, ''));
  const eol = eolOf(source);
  const handle = freshHandleName(scopeOf(call), text);
  const edits: TextEdit[] = [
    { start: statement.startIndex, end: statement.startIndex, newText: `with ${text(call)} as ${handle}:${eol}${indent}${unit}` },
    { start: call.startIndex, end: call.endIndex, newText: handle },
  ];
  // Continuation lines of the statement move one level in, except those inside the moved call.
  for (let i = statement.startIndex; i < statement.endIndex; i++) {
    const c = source[i];
    if (c !== '\n' && c !== '\r') continue;
    if (c === '\r' && source[i + 1] === '\n') i++;
    const next = i + 1;
    if (next >= call.startIndex && next < call.endIndex) continue;
    if (next < statement.endIndex) edits.push({ start: next, end: next, newText: unit });
  }
  return [{ title: `Open the handle in a with block`, applicability: 'safe', edits }];
}

const ONE_SHOT_COMMAND = /(^|\/)cmd\/[^/]+\.py$/;

/** DVR501 unclosed-handle: a file, socket or temporary file that nothing closes on every path. */
export const DVR501: RuleCheck = {
  id: 'DVR501',
  nodeTypes: ['call'],
  // Every name in HANDLE_CALLS ends in one of these words, so a call it reports spells one:
  // the engine visits only the calls around them, not every call of the file after each edit.
  anchor: HANDLE_CALL_WORDS,
  // A call in a function is judged on that function; outside functions, and for the fix's
  // indentation step, the rule says it reads the whole file (readsWholeFile).
  scope: 'definition',
  check(call, context) {
    // A leak matters in a long-running service: not in a test run, nor in a one-shot command
    // (`*/cmd/*.py`, the process exits right after), as measured on real OpenStack code.
    if (context.file.isTestCode || ONE_SHOT_COMMAND.test(context.file.path)) return;
    const name = calleeName(call, context.text);
    if (!HANDLE_CALLS.has(name)) return;
    if (name === 'open' && shadowsOpen(call, context)) return;
    // Outside functions the rule reads the module's code (scopeFacts of the root).
    if (!enclosingFunction(call)) readsWholeFile(context);
    const mode = callArguments(call, context.text).positional[1];
    if (mode && OS_OPEN_FLAGS.test(context.text(mode))) return;
    const outcome = outcomeOf(call, context.text);
    if (outcome.kind === 'owned' || isExpectedFailureOrPatched(call, context.text) || testsResourceWarning(call, context.text)) return;
    if (outcome.kind === 'wrapped') {
      // Whoever holds the wrapper holds the handle: judge the wrapper's variable instead.
      if (variableFate(outcome.name, outcome.at, context.text).owned) return;
      context.report({ node: call, value: shortText(call, context.text) });
      return;
    }
    let confidence: Level | undefined;
    let message: string | undefined;
    let fixes: Fix[] = [];
    if (outcome.kind === 'variable') {
      const fate = variableFate(outcome.name, outcome.at, context.text);
      if (fate.owned) return;
      message = `Handle '${outcome.name}' from '${shortText(call, context.text)}' is never closed, returned or stored; use a with block`;
      if (fate.closedOutsideFinally) {
        confidence = 'low';
        message = `Handle '${outcome.name}' from '${shortText(call, context.text)}' is closed, but not in a finally block: an exception before close() leaks it; use a with block`;
      }
    } else if (outcome.consumer) {
      fixes = withBlockFix(call, outcome.consumer, context);
    }
    context.report({ node: call, value: shortText(call, context.text), confidence, message, fixes });
  },
};

function shortText(call: SyntaxNode, text: TextOf): string {
  const shown = compactText(call, text);
  return shown.length <= 60 ? shown : `${calleeName(call, text)}(...)`;
}
