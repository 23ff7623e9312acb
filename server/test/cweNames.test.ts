import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalogue } from '../src/engine/catalogue';
import { cweLabel, CWE_NAMES } from '../src/engine/cweNames';

describe('CWE names', () => {
  it('names every CWE a rule cites, so the findings view and SARIF never show a bare number', () => {
    const cited = new Set([...loadCatalogue().values()].flatMap((rule) => rule.cwe));
    const unnamed = [...cited].filter((cwe) => !CWE_NAMES[cwe]).sort((a, b) => a - b);
    assert.deepEqual(unnamed, [], `CWEs without a name in server/src/engine/cweNames.ts: ${unnamed.join(', ')}`);
  });

  it('labels a CWE with its name, and a CWE not in the list by its id alone', () => {
    assert.equal(cweLabel(78), 'CWE-78 OS Command Injection');
    assert.equal(cweLabel(99999), 'CWE-99999');
  });
});
