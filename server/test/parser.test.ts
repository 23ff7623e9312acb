import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBudgetMs, parsePython, ParseTimeout } from '../src/engine/parser';

describe('parser limits', () => {
  it('gives up after its time budget, and the next parse starts afresh', () => {
    const big = 'def f(x):\n    return [x, (x + 1), {"k": x}]\n'.repeat(50_000);
    assert.throws(() => parsePython(big, undefined, 1), ParseTimeout);
    const tree = parsePython('x = 1\n');
    assert.equal(tree.rootNode.toString(), '(module (expression_statement (assignment left: (identifier) right: (integer))))');
  });

  it('the budget grows with the text', () => {
    assert.ok(parseBudgetMs(10_000_000) > parseBudgetMs(1_000));
  });

  it('NUL characters parse as spaces of the same length', () => {
    const text = 'x = 1  # a\u0000b\ny = "\u0000"\n';
    const tree = parsePython(text);
    assert.equal(tree.rootNode.endIndex, text.length);
    assert.equal(tree.rootNode.hasError, false);
  });
});
