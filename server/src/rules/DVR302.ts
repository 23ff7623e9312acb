import { lastSegment } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { EXCEPT_KEYWORD, caughtTypes, handlerBody, hasExplainingComment, headerSpan, stateChangeIn } from './handlers';

/** Exceptions that are routinely and rightly ignored. */
const BENIGN = new Set(['ImportError', 'ModuleNotFoundError', 'StopIteration', 'StopAsyncIteration', 'KeyboardInterrupt', 'GeneratorExit']);

const BROAD_TYPES = new Set(['Exception', 'BaseException']);

/** Exceptions that signal an expected miss rather than a failed operation. */
const LOOKUP_MISSES = new Set([
  'KeyError', 'IndexError', 'LookupError', 'ValueError', 'TypeError', 'UnicodeError', 'UnicodeDecodeError', 'UnicodeEncodeError',
  'FileNotFoundError', 'FileExistsError', 'ProcessLookupError', 'NotADirectoryError', 'IsADirectoryError', 'NotImplementedError', 'ZeroDivisionError', 'OverflowError',
]);

/**
 * Exceptions a program raises to say "nothing here" and catches as control flow: an empty
 * queue, the end of input, a missed lookup, a timeout. Logging them with a traceback
 * would fill the log on every idle turn of a loop, so DVR302 offers no fix for them.
 */
const CONTROL_FLOW = new Set([
  ...LOOKUP_MISSES,
  ...BENIGN,
  'Empty', 'Full', 'EOFError', 'TimeoutError', 'timeout', 'BlockingIOError', 'InterruptedError', 'ChildProcessError', 'AttributeError',
]);

/** True inside a `for` or `while` loop of the same function: a fix there would log on every turn. */
function inLoop(node: SyntaxNode): boolean {
  for (let up = node.parent; up; up = up.parent) {
    if (up.type === 'for_statement' || up.type === 'while_statement') return true;
    if (up.type === 'function_definition' || up.type === 'class_definition' || up.type === 'lambda') return false;
  }
  return false;
}

/** Exceptions that mean "not there" or "nothing yet": the try-and-see idiom, not a failure. */
const EXPECTED_MISS = /(NotFound|NoResultFound|DoesNotExist|AlreadyExists|Exists|Conflict|NoSuchOpt|Empty|EOF|[Tt]imeout)(Error|Exception)?$/;

/** The handler falls through to a `raise` (directly, or under an `if` right after the try): nothing is swallowed. */
function fallsThroughToRaise(clause: SyntaxNode): boolean {
  let next = clause.parent?.nextNamedSibling ?? null;
  while (next && next.type === 'comment') next = next.nextNamedSibling;
  if (!next) return false;
  if (next.type === 'raise_statement') return true;
  if (next.type !== 'if_statement') return false;
  const first = next.childForFieldName('consequence')?.namedChildren.find((c) => c.type !== 'comment');
  return first?.type === 'raise_statement';
}

function isEmptyStatement(stmt: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  switch (stmt.type) {
    case 'pass_statement':
    case 'continue_statement':
      return true;
    case 'expression_statement':
      return stmt.namedChildren.length === 1 && stmt.namedChildren[0].type === 'ellipsis';
    case 'return_statement': {
      const value = stmt.namedChildren.filter((c) => c.type !== 'comment');
      return value.length === 0 || (value.length === 1 && textOf(value[0]) === 'None');
    }
    default:
      return false;
  }
}

/** A feature probe: a short try body whose AttributeError says "not supported here". */
function isFeatureProbe(clause: SyntaxNode, types: string[]): boolean {
  if (!types.every((t) => t === 'AttributeError' || BENIGN.has(t))) return false;
  const tryBody = clause.parent?.childForFieldName('body');
  return !!tryBody && tryBody.namedChildren.filter((c) => c.type !== 'comment').length <= 2;
}


/**
 * Logs the swallowed exception with the module's logger, at debug level with the traceback
 * (`exc_info=True`, so no `as e` binding is needed), and keeps swallowing it: `pass` and
 * `...` are replaced, `return` stays after the new call. Without a module logger in scope
 * there is no fix: adding imports and a logger is a reviewer's call. The fix is unsafe:
 * a new log record is a change of behaviour. It is not offered inside a loop (it would log
 * on every turn) nor for exceptions that are control flow (queue.Empty, EOFError, KeyError...).
 */
function logIgnoredFix(clause: SyntaxNode, statements: SyntaxNode[], types: readonly string[], context: RuleContext): Fix[] {
  if (inLoop(clause) || (types.length > 0 && types.every((t) => CONTROL_FLOW.has(lastSegment(t))))) return [];
  const logger = context.model.loggerInScope(clause);
  if (!logger) return [];
  const call = `${logger}.debug("Ignored exception", exc_info=True)`;
  const title = `Log the ignored exception with ${logger}.debug(..., exc_info=True)`;
  const text = context.file.text;
  const placeholder = statements.find((s) => s.type === 'pass_statement' || s.type === 'expression_statement');
  if (placeholder) return [{ title, applicability: 'unsafe', edits: [{ start: placeholder.startIndex, end: placeholder.endIndex, newText: call }] }];
  const first = statements[0];
  const lineStart = Math.max(text.lastIndexOf('\n', first.startIndex - 1), text.lastIndexOf('\r', first.startIndex - 1)) + 1;
  const indent = text.slice(lineStart, first.startIndex);
  // A body on the `except` line stays on one line.
  const newText = /^[ \t]*$/.test(indent) ? `${call}\n${indent}` : `${call}; `;
  return [{ title, applicability: 'unsafe', edits: [{ start: first.startIndex, end: first.startIndex, newText }] }];
}

/** DVR302 swallowed-exception: a handler that does nothing, with no word on why. */
export const DVR302: RuleCheck = {
  id: 'DVR302',
  nodeTypes: ['except_clause'],
  scope: 'definition',
  anchor: EXCEPT_KEYWORD,
  check(clause, context) {
    // Tests swallow exceptions on purpose (`try: f(); self.fail() / except E: pass` asserts a raise).
    if (context.file.isTestCode) return;
    const body = handlerBody(clause);
    if (!body) return;
    const statements = body.namedChildren.filter((c) => c.type !== 'comment');
    if (statements.length === 0 || !statements.every((s) => isEmptyStatement(s, context.text))) return;
    if (hasExplainingComment(clause, statements[statements.length - 1], context.file.text, context.text)) return;
    const types = caughtTypes(clause, context.text);
    if (types.length > 0 && types.every((t) => BENIGN.has(t))) return;
    if (types.includes('AttributeError') && isFeatureProbe(clause, types)) return;
    const caught = types.length === 0 ? 'everything' : types.join(', ');
    // Measured on real OpenStack code (docs/quality.md): a narrow exception that passes is the
    // try-and-see idiom unless it hides a failed system change, and even then not when it means
    // "not there" or "already there". A broad handler hides anything: high when the try body
    // changes system state, low otherwise; nothing when the code right after raises anyway.
    const lookupOnly = types.length > 0 && types.every((t) => LOOKUP_MISSES.has(lastSegment(t)) || EXPECTED_MISS.test(lastSegment(t)));
    if (lookupOnly) return;
    const broad = types.length === 0 || types.some((t) => BROAD_TYPES.has(lastSegment(t)));
    const tryBody = clause.parent?.childForFieldName('body');
    const changesState = !!tryBody && !!stateChangeIn(tryBody, context.text);
    if (!broad && !changesState) return;
    if (fallsThroughToRaise(clause)) return;
    const confidence = broad ? (changesState ? 'high' : 'low') : 'medium';
    context.report({ span: headerSpan(clause), value: caught, confidence, fixes: logIgnoredFix(clause, statements, types, context) });
  },
};
