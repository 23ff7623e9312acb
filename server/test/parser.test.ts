import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indentationDepth, IndentationTooDeep, parseBudgetMs, parsePython, ParseTimeout } from '../src/engine/parser';

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

describe('indentation guard', () => {
  it('refuses text deeper than Python allows instead of letting tree-sitter abort the process', () => {
    const deep = (levels: number): string => {
      let text = 'def f(x):\n';
      for (let i = 0; i < levels; i++) text += ' '.repeat(4 + i) + 'if x:\n';
      return text + ' '.repeat(4 + levels) + "os.system('ls ' + x)\n";
    };
    assert.equal(indentationDepth(deep(50)), 51);
    assert.doesNotThrow(() => parsePython(deep(90)));
    assert.throws(() => parsePython(deep(600)), IndentationTooDeep);
    assert.equal(indentationDepth('a\n\tb\n        c\n  # comment\nd\n'), 1);
  });
});
