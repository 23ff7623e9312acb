import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import { PointIndex } from '../src/engine/points';
import { asPythonReadsIt } from '../src/engine/parser';

/** The lazy line table and the fast line count must agree with the plain definition of lines. */
describe('line and point indexes', () => {
  const texts = ['', 'a', 'a\n', 'a\nb', 'a\r\nb\r\n', 'a\rb\nc\r\n\rd', '\n\n\n', 'é\n😀x\r\ny'];

  it('counts lines as LSP does (\\n, \\r\\n and a lone \\r break a line)', () => {
    for (const text of texts) {
      const expected = text.split(/\r\n|\r|\n/).length;
      assert.equal(new LineIndex(text).lineCount, expected, JSON.stringify(text));
      const index = new LineIndex(text);
      index.positionAt(text.length); // builds the table; the count must not change
      assert.equal(index.lineCount, expected, JSON.stringify(text));
    }
  });

  it('gives tree-sitter points (rows end at \\n and at a lone \\r, as tree-sitter is given them) and keeps them right across edits', () => {
    const naive = (text: string, offset: number) => {
      const before = asPythonReadsIt(text).slice(0, offset);
      return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
    };
    let text = 'def f():\r\n    return 1\n\nx = 2\r';
    let index = new PointIndex(text);
    const edits: [number, number, string][] = [[0, 0, '\n'], [5, 9, 'a\nb\n'], [text.length - 1, text.length, ''], [3, 3, 'xyz']];
    for (const [start, end, inserted] of edits) {
      for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.pointAt(offset), naive(text, offset), `${JSON.stringify(text)} @${offset}`);
      const next = text.slice(0, start) + inserted + text.slice(Math.min(end, text.length));
      index = index.edited(next, start, Math.min(end, text.length), inserted);
      text = next;
    }
    for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.pointAt(offset), naive(text, offset));
  });
});

describe('line index kept across edits (issue 15 point 9: an edit costs no scan of the whole text)', () => {
  it('an edited index gives the positions of an index built afresh', () => {
    let text = 'def f():\n    return 1\n\nx = 2\n';
    let index = new LineIndex(text);
    index.positionAt(0);
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pieces = ['', 'a', '\n', 'b\nc', '\n\n', 'xyz\n', '\r\n'];
    for (let round = 0; round < 300; round++) {
      const start = random(text.length + 1);
      const end = Math.min(text.length, start + random(6));
      const inserted = pieces[random(pieces.length)];
      const next = text.slice(0, start) + inserted + text.slice(end);
      index = index.edited(next, start, end, inserted);
      text = next;
      const fresh = new LineIndex(text);
      for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(index.positionAt(offset), fresh.positionAt(offset), `round ${round} @${offset}`);
      assert.equal(index.lineCount, fresh.lineCount);
    }
  });
});
