import type { RuleCheck } from '../engine/types';
import { EXCEPT_KEYWORD, caughtTypes, handlerFacts, headerSpan } from './handlers';

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/** DVR301 broad-except: `except:` always; `except Exception/BaseException` that neither re-raises nor logs a traceback. */
export const DVR301: RuleCheck = {
  id: 'DVR301',
  nodeTypes: ['except_clause'],
  scope: 'definition',
  anchor: EXCEPT_KEYWORD,
  check(clause, context) {
    const types = caughtTypes(clause, context.text);
    if (types.length === 0) {
      context.report({ span: headerSpan(clause), value: 'except:', confidence: 'high', severity: 'high', message: "Bare 'except:' catches everything, including SystemExit and KeyboardInterrupt" });
      return;
    }
    const broad = types.find((t) => BROAD.has(t));
    if (!broad) return;
    const facts = handlerFacts(clause, context.text);
    if (facts.reraises || facts.logsTraceback) return;
    context.report({ span: headerSpan(clause), value: broad });
  },
};
