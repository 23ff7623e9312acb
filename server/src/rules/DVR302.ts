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
 * `...` are replaced, `continue`/`return` stay after the new call. Without a module logger
 * in scope there is no fix: adding imports and a logger is a reviewer's call.
 */
function logIgnoredFix(clause: SyntaxNode, statements: SyntaxNode[], context: RuleContext): Fix[] {
  const logger = context.model.loggerInScope(clause);
  if (!logger) return [];
  const call = `${logger}.debug("Ignored exception", exc_info=True)`;
  const title = `Log the ignored exception with ${logger}.debug(..., exc_info=True)`;
  const text = context.file.text;
  const placeholder = statements.find((s) => s.type === 'pass_statement' || s.type === 'expression_statement');
  if (placeholder) return [{ title, applicability: 'safe', edits: [{ start: placeholder.startIndex, end: placeholder.endIndex, newText: call }] }];
  const first = statements[0];
  const lineStart = Math.max(text.lastIndexOf('\n', first.startIndex - 1), text.lastIndexOf('\r', first.startIndex - 1)) + 1;
  const indent = text.slice(lineStart, first.startIndex);
  // A body on the `except` line stays on one line.
  const newText = /^[ \t]*$/.test(indent) ? `${call}\n${indent}` : `${call}; `;
  return [{ title, applicability: 'safe', edits: [{ start: first.startIndex, end: first.startIndex, newText }] }];
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
    // A missed lookup (`except KeyError: pass`) is usually control flow: still reported, at low confidence.
    // Confidence follows what was hidden: anything at all (high), a failed system change (medium),
    // or a specific error around code that changes nothing, often a deliberate fallback (low).
    const lookupOnly = types.length > 0 && types.every((t) => LOOKUP_MISSES.has(lastSegment(t)));
    const broad = types.length === 0 || types.some((t) => BROAD_TYPES.has(lastSegment(t)));
    const tryBody = clause.parent?.childForFieldName('body');
    const confidence = lookupOnly ? 'low' : broad ? undefined : tryBody && stateChangeIn(tryBody, context.text) ? 'medium' : 'low';
    context.report({ span: headerSpan(clause), value: caught, confidence, fixes: logIgnoredFix(clause, statements, context) });
  },
};
