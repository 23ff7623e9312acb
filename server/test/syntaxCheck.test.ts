import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePython } from '../src/engine/parser';
import { syntaxProblems as problemsIn } from '../src/fixes/syntaxCheck';

const syntaxProblems = (text: string): number => problemsIn(parsePython(text), text);

describe('syntaxProblems', () => {
  it('is zero for valid code, including one-line bodies, semicolons and brackets', () => {
    assert.equal(syntaxProblems('import os\n\n\nclass A:\n    def f(self):\n        if x: y()\n        a = 1; b = 2\n        c = f(1,\n              2)\n        return c\n'), 0);
    assert.equal(syntaxProblems('x = 1\r\nif x:\r\n    y = 2\r\n'), 0);
  });

  it('counts ERROR and MISSING nodes', () => {
    assert.ok(syntaxProblems('x = (1,\n') > 0);
    assert.ok(syntaxProblems('def f(:\n    pass\n') > 0);
  });

  it('counts statements indented off their block, which tree-sitter does not flag', () => {
    assert.equal(syntaxProblems('def f():\n    a()\n        b()\n'), 1);
    assert.equal(syntaxProblems('class A:\n    def f(self):\n        pass\n    pass\n            continue\n'), 1);
    assert.equal(syntaxProblems('  x = 1\n'), 1);
  });
});
