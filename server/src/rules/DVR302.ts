import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { EXCEPT_KEYWORD, caughtTypes, handlerBody, headerSpan } from './handlers';
import { loggerInScope } from './moduleLogger';

/** Exceptions that are routinely and rightly ignored. */
const BENIGN = new Set(['ImportError', 'ModuleNotFoundError', 'StopIteration', 'StopAsyncIteration', 'KeyboardInterrupt', 'GeneratorExit']);

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

const DIRECTIVE_ONLY = /^#\s*(dvr-hints:|nosec\b|(TODO|FIXME|XXX)\b)/;

/**
 * The documented opt-out: a comment inside the handler (on its own line or after its
 * last statement) that explains why. The except line's own comment does not count, and
 * suppression directives and TODO notes are not explanations.
 */
function hasExplainingComment(clause: SyntaxNode, last: SyntaxNode, text: string, textOf: (n: SyntaxNode) => string): boolean {
  const headerEnd = headerSpan(clause).end;
  const headerLineEnd = text.indexOf('\n', headerEnd);
  const inside = clause.descendantsOfType('comment').filter((c) => headerLineEnd >= 0 && c.startIndex > headerLineEnd);
  if (inside.some((c) => !DIRECTIVE_ONLY.test(textOf(c)))) return true;
  const lineEnd = text.indexOf('\n', last.endIndex);
  const tail = text.slice(last.endIndex, lineEnd < 0 ? undefined : lineEnd);
  const hash = tail.indexOf('#');
  return hash >= 0 && last.startIndex > headerLineEnd && !DIRECTIVE_ONLY.test(tail.slice(hash));
}

/**
 * Logs the swallowed exception with the module's logger, at debug level with the traceback
 * (`exc_info=True`, so no `as e` binding is needed), and keeps swallowing it: `pass` and
 * `...` are replaced, `continue`/`return` stay after the new call. Without a module logger
 * in scope there is no fix: adding imports and a logger is a reviewer's call.
 */
function logIgnoredFix(clause: SyntaxNode, statements: SyntaxNode[], context: RuleContext): Fix[] {
  const logger = loggerInScope(clause, context);
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
    const body = handlerBody(clause);
    if (!body) return;
    const statements = body.namedChildren.filter((c) => c.type !== 'comment');
    if (statements.length === 0 || !statements.every((s) => isEmptyStatement(s, context.text))) return;
    if (hasExplainingComment(clause, statements[statements.length - 1], context.file.text, context.text)) return;
    const types = caughtTypes(clause, context.text);
    if (types.length > 0 && types.every((t) => BENIGN.has(t))) return;
    if (types.includes('AttributeError') && isFeatureProbe(clause, types)) return;
    const caught = types.length === 0 ? 'everything' : types.join(', ');
    context.report({ span: headerSpan(clause), value: caught, fixes: logIgnoredFix(clause, statements, context) });
  },
};
