import { calleeName, compactText, unparenthesize, type TextOf } from '../engine/python';
import type { RuleCheck, SyntaxNode } from '../engine/types';
import { logCallLevel, logsTraceback } from '../engine/vocabulary';
import { EXCEPT_KEYWORD, caughtTypes, handlerBody, headerSpan, stateChangeIn } from './handlers';

/** Exceptions that say nothing about a failed system change (end of input, interrupts, imports). */
const UNRELATED = new Set(['EOFError', 'KeyboardInterrupt', 'StopIteration', 'StopAsyncIteration', 'GeneratorExit', 'ImportError', 'ModuleNotFoundError', 'SystemExit']);

const LOW_LEVELS = new Set(['debug', 'info', 'warning', 'warn', 'trace', 'audit']);

interface HandlerReading {
  /** Logged below error level somewhere in the handler. */
  logsLow: boolean;
  /** Did something other than log and carry on: raise, return a value, record state, call anything else. */
  acts: boolean;
}

function isBareReturn(stmt: SyntaxNode, text: TextOf): boolean {
  const value = stmt.namedChildren.filter((c) => c.type !== 'comment');
  return value.length === 0 || (value.length === 1 && text(value[0]) === 'None');
}

/** Reads a handler statement by statement: only logging, `pass`, `continue`, `break` and a bare return count as carrying on. */
function readHandler(block: SyntaxNode, text: TextOf, reading: HandlerReading): void {
  for (const stmt of block.namedChildren) {
    switch (stmt.type) {
      case 'comment':
      case 'pass_statement':
      case 'continue_statement':
      case 'break_statement':
        break;
      case 'return_statement':
        if (!isBareReturn(stmt, text)) reading.acts = true;
        break;
      case 'expression_statement': {
        const expr = unparenthesize(stmt.namedChildren[0] ?? stmt);
        const level = expr.type === 'call' ? logCallLevel(expr, text) : undefined;
        if (!level || !LOW_LEVELS.has(level) || logsTraceback(expr, text)) reading.acts = true;
        else reading.logsLow = true;
        break;
      }
      case 'if_statement':
        for (const part of stmt.namedChildren) {
          if (part.type === 'block') readHandler(part, text, reading);
          else if (part.type === 'elif_clause' || part.type === 'else_clause') {
            const body = part.namedChildren.find((c) => c.type === 'block');
            if (body) readHandler(body, text, reading);
          }
        }
        break;
      default:
        reading.acts = true;
    }
    if (reading.acts) return;
  }
}

const LOOPS = new Set(['for_statement', 'while_statement']);

/** A `try` inside a loop that retries: a `while` loop, a `for ... in range(...)`, or a loop the success path leaves with `break`. */
function isRetryLoop(tryStmt: SyntaxNode, text: TextOf): boolean {
  let loop: SyntaxNode | null = tryStmt.parent;
  while (loop && !LOOPS.has(loop.type)) {
    if (loop.type === 'function_definition' || loop.type === 'class_definition') return false;
    loop = loop.parent;
  }
  if (!loop) return false;
  if (loop.type === 'while_statement') return true;
  const iterable = loop.childForFieldName('right');
  if (iterable && iterable.type === 'call' && calleeName(iterable, text) === 'range') return true;
  const body = loop.childForFieldName('body');
  const stack: SyntaxNode[] = body ? [body] : [];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'break_statement') return true;
    if (LOOPS.has(node.type) || node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'except_clause') continue;
    for (const child of node.namedChildren) stack.push(child);
  }
  return false;
}

/** DVR303 failure-downgraded: a failed system change is logged below error level and the code carries on. */
export const DVR303: RuleCheck = {
  id: 'DVR303',
  nodeTypes: ['except_clause'],
  // It reads only the handler's own try statement and the loops around it.
  scope: 'definition',
  anchor: EXCEPT_KEYWORD,
  check(clause, context) {
    const tryStmt = clause.parent;
    const tryBody = tryStmt?.type === 'try_statement' ? tryStmt.childForFieldName('body') : null;
    const body = handlerBody(clause);
    if (!tryStmt || !tryBody || !body) return;
    const types = caughtTypes(clause, context.text);
    if (types.length > 0 && types.every((t) => UNRELATED.has(t))) return;
    const reading: HandlerReading = { logsLow: false, acts: false };
    readHandler(body, context.text, reading);
    if (reading.acts || !reading.logsLow) return;
    const change = stateChangeIn(tryBody, context.text);
    if (!change || isRetryLoop(tryStmt, context.text)) return;
    const shown = compactText(change, context.text);
    context.report({ span: headerSpan(clause), value: shown.length <= 60 ? shown : `${calleeName(change, context.text)}(...)` });
  },
};
