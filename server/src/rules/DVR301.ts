import type { Fix, RuleCheck, SyntaxNode } from '../engine/types';
import { EXCEPT_KEYWORD, caughtTypes, handlerFacts, headerSpan } from './handlers';

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

/** DVR301 broad-except: `except:` always; `except Exception/BaseException` that neither re-raises nor logs a traceback. */
export const DVR301: RuleCheck = {
  id: 'DVR301',
  nodeTypes: ['except_clause'],
  scope: 'definition',
  anchor: EXCEPT_KEYWORD,
  check(clause, context) {
    const types = caughtTypes(clause, context.text);
    if (types.length === 0) {
      context.report({ span: headerSpan(clause), value: 'except:', confidence: 'high', severity: 'high', message: "Bare 'except:' catches everything, including SystemExit and KeyboardInterrupt", fixes: catchExceptionFix(clause) });
      return;
    }
    const broad = types.find((t) => BROAD.has(t));
    if (!broad) return;
    const facts = handlerFacts(clause, context.text);
    if (facts.reraises || facts.logsTraceback) return;
    context.report({ span: headerSpan(clause), value: broad });
  },
};
