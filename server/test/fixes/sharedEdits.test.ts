import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fix } from '../../src/engine/types';
import { applyEdits, compatibleSafeFixes, editsConflict, mergedEdits, OverlappingEditsError } from '../../src/fixes/edits';

const addImport = { start: 0, end: 0, newText: 'import io\n' };
const fix = (title: string, ...edits: Fix['edits']): Fix => ({ title, applicability: 'safe', edits });

describe('identical edits are shared between fixes', () => {
  it('two fixes that add the same import do not conflict', () => {
    const a = fix('a', addImport, { start: 5, end: 8, newText: 'io.StringIO' });
    const b = fix('b', { ...addImport }, { start: 12, end: 15, newText: 'io.BytesIO' });
    assert.equal(editsConflict(a.edits, b.edits), false);
    assert.deepEqual(compatibleSafeFixes([a, b]), [a, b]);
  });

  it('applies a repeated identical edit once', () => {
    const text = 'x = six.StringIO()\n';
    const edits = [addImport, { start: 4, end: 16, newText: 'io.StringIO' }, { ...addImport }];
    assert.equal(applyEdits(text, edits), 'import io\nx = io.StringIO()\n');
    assert.equal(mergedEdits([fix('a', addImport), fix('b', { ...addImport })]).length, 1);
  });

  it('still rejects different edits at the same point or over the same span', () => {
    assert.equal(editsConflict([addImport], [{ start: 0, end: 0, newText: 'import os\n' }]), true);
    assert.equal(editsConflict([{ start: 2, end: 6, newText: 'a' }], [{ start: 4, end: 8, newText: 'a' }]), true);
    assert.throws(() => applyEdits('abcdefgh', [{ start: 2, end: 6, newText: 'a' }, { start: 4, end: 8, newText: 'b' }]), OverlappingEditsError);
  });
});
