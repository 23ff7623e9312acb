import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { logCallLevel } from '../engine/vocabulary';
import { EXCEPT_KEYWORD, boundName, caughtTypes, handlerBody, handlerFacts, handlerNodes, hasExplainingComment, headerSpan } from './handlers';

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/**
 * `except:` to `except Exception:`. Unsafe: SystemExit, KeyboardInterrupt and eventlet's
 * GreenletExit stop being caught, which is the point, but it changes what the code does.
 */
function catchExceptionFix(clause: SyntaxNode): Fix[] {
  const keyword = clause.children[0];
  if (!keyword || keyword.type !== 'except') return [];
  const at = keyword.endIndex;
  return [{ title: "Catch 'Exception' instead of everything", applicability: 'unsafe', edits: [{ start: at, end: at, newText: ' Exception' }] }];
}

function passesExceptionOn(clause: SyntaxNode, context: RuleContext): boolean {
  const bound = boundName(clause, context.text);
  if (!bound) return false;
  for (const node of handlerNodes(clause)) {
    if (node.type !== 'call' || logCallLevel(node, context.text)) continue;
    const args = node.childForFieldName('arguments');
    if (args && args.namedChildren.some((a) => a.type === 'identifier' && context.text(a) === bound)) return true;
  }
  return false;
}

function hasExplainingCommentIn(clause: SyntaxNode, context: RuleContext): boolean {
  const body = handlerBody(clause);
  const statements = body ? body.namedChildren.filter((c) => c.type !== 'comment') : [];
  return statements.length > 0 && hasExplainingComment(clause, statements[statements.length - 1], context.file.text, context.text);
}

/** DVR301 broad-except: `except:` always; `except Exception/BaseException` that neither re-raises nor logs a traceback. */
export const DVR301: RuleCheck = {
  id: 'DVR301',
  nodeTypes: ['except_clause'],
  scope: 'definition',
  anchor: EXCEPT_KEYWORD,
  check(clause, context) {
    // Tests catch broadly on purpose (asserting that something raised, collecting exc_info).
    if (context.file.isTestCode) return;
    const types = caughtTypes(clause, context.text);
    if (types.length === 0) {
      // Clean-up-and-re-raise (`except: sock.close(); raise`) hides nothing: still reported, as the style issue it is.
      const reraises = handlerFacts(clause, context.text).reraises;
      context.report({
        span: headerSpan(clause),
        value: 'except:',
        confidence: reraises ? 'low' : 'high',
        severity: 'high',
        message: reraises
          ? "Bare 'except:' catches everything, including SystemExit and KeyboardInterrupt (it re-raises: prefer 'except BaseException:')"
          : "Bare 'except:' catches everything, including SystemExit and KeyboardInterrupt",
        fixes: catchExceptionFix(clause),
      });
      return;
    }
    const broad = types.find((t) => BROAD.has(t));
    if (!broad) return;
    const facts = handlerFacts(clause, context.text);
    if (facts.reraises || facts.logsTraceback) return;
    // Handed on, not hidden: the bound exception goes to a non-logging call (`self._fatal_error(exc)`,
    // `future.set_exception(e)`), or a comment in the handler says why it is broad.
    if (passesExceptionOn(clause, context) || hasExplainingCommentIn(clause, context)) return;
    context.report({ span: headerSpan(clause), value: broad });
  },
};
