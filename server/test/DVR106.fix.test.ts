import { describe, it } from 'node:test';
import { checkFix } from './fixTester';

describe('DVR106 fix: ast.literal_eval', () => {
  it('swaps eval for ast.literal_eval and imports ast, marked unsafe', () => {
    checkFix({
      ruleId: 'DVR106',
      applicability: 'unsafe',
      code: `import json


def limit(rule):
    return eval(rule['max_kbps'])
`,
      output: `import ast
import json


def limit(rule):
    return ast.literal_eval(rule['max_kbps'])
`,
    });
  });

  it('keeps an existing import ast', () => {
    checkFix({
      ruleId: 'DVR106',
      code: `import ast


def limit(text):
    return eval(text)
`,
      output: `import ast


def limit(text):
    return ast.literal_eval(text)
`,
    });
  });

  it('offers nothing for eval with namespaces, exec or compile', () => {
    checkFix({ ruleId: 'DVR106', code: `def f(text, ns):\n    return eval(text, ns)\n`, output: null });
    checkFix({ ruleId: 'DVR106', code: `def f(text):\n    exec(text)\n`, output: null });
  });
});
