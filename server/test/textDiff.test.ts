import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../src/fixes/edits';
import { detectLineEnding, withLineEnding } from '../src/fixes/lineEndings';
import { lineEditsBetween } from '../src/fixes/textDiff';

describe('lineEditsBetween', () => {
  const cases: [string, string][] = [
    ['a\nb\nc\n', 'a\nB\nc\n'],
    ['a\nb\nc\n', 'a\nb\nx\ny\nc\n'],
    ['a\nb\nc', 'a\nc'],
    ['', 'x\n'],
    ['x\n', ''],
    ['a\r\nb\r\nc\r\n', 'a\r\nb2\r\nnew\r\nc\r\n'],
    ['same\n', 'same\n'],
    ['one line no newline', 'one line, changed'],
    ['p\nq\nr\ns\nt\n', 'P\nq\nr\ns\nT\n'],
    ['a\rb\rc', 'a\rB\rc'],
  ];
  for (const [before, after] of cases) {
    it(`turns ${JSON.stringify(before)} into ${JSON.stringify(after)} with whole-line edits`, () => {
      const edits = lineEditsBetween(before, after);
      assert.equal(applyEdits(before, edits), after);
      if (before === after) assert.deepEqual(edits, []);
      for (const e of edits) {
        assert.ok(e.start === 0 || /[\r\n]/.test(before[e.start - 1]), `edit at ${e.start} starts mid-line`);
      }
    });
  }

  it('keeps separate changes separate', () => {
    const edits = lineEditsBetween('p\nq\nr\ns\nt\n', 'P\nq\nr\ns\nT\n');
    assert.deepEqual(edits, [
      { start: 0, end: 2, newText: 'P\n' },
      { start: 8, end: 10, newText: 'T\n' },
    ]);
  });
});

describe('line endings', () => {
  it('reads the file line ending from its first line break', () => {
    assert.equal(detectLineEnding('a\r\nb\n'), '\r\n');
    assert.equal(detectLineEnding('a\nb\r\n'), '\n');
    assert.equal(detectLineEnding('a\rb'), '\r');
    assert.equal(detectLineEnding('no break'), '\n');
  });

  it('rewrites every break of inserted text', () => {
    assert.equal(withLineEnding('x\ny\r\nz\n', '\r\n'), 'x\r\ny\r\nz\r\n');
    assert.equal(withLineEnding('x\r\ny', '\n'), 'x\ny');
  });
});
