import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse } from '../src/engine/engine';
import { IncrementalAnalysis } from '../src/engine/incremental';
import { parsePython } from '../src/engine/parser';
import { OpenDocument } from '../src/lsp/document';
import { ALL_SELECTED, allRules } from './helpers';

/**
 * A keystroke that breaks the syntax makes the editor re-parse the document from scratch
 * (tree-sitter's incremental error recovery can differ from a fresh parse). The statements
 * whose structure did not change keep their findings: only those around the error are
 * re-checked, and the result is still a full analysis of the fresh tree.
 */
const FUNCTIONS = 40;

function moduleText(): string {
  const parts = ['import os', 'import subprocess', ''];
  for (let i = 0; i < FUNCTIONS; i++) {
    parts.push(`def handler_${i}(cmd):`, `    data = b""`, `    os.system(cmd + "${i}")`, `    subprocess.call(cmd, shell=True)`, `    return data`, '', '');
  }
  return parts.join('\n');
}

describe('editing a document into a syntax error', () => {
  it('re-checks only the statements around the error, with the findings of a full analysis', () => {
    const text = moduleText();
    const document = new OpenDocument('file:///broken.py', 1, text, 'python');
    const analysis = new IncrementalAnalysis();
    const analyseNow = () => analysis.analyse({ path: 'broken.py', text: document.text, tree: document.currentTree(), lineIndex: document.lineIndex }, document.takeChanges(), allRules(), ALL_SELECTED);
    analyseNow();
    // `data = bx""`: an identifier followed by a string, a syntax error inside the 21st function.
    const at = document.lineIndex.positionAt(text.indexOf('b""', text.indexOf('def handler_20(')) + 1);
    document.applyChanges([{ range: { start: at, end: at }, text: 'x' }], 2, 'utf-16');
    const got = analyseNow();
    assert.ok(document.currentTree().rootNode.hasError, 'the edit should break the syntax');
    assert.equal(analysis.stats.mode, 'incremental', analysis.stats.reason);
    assert.ok(analysis.stats.checkedUnits <= 3, `${analysis.stats.checkedUnits} of ${analysis.stats.totalUnits} statements re-checked`);
    const expected = analyse({ path: 'broken.py', text: document.text, tree: parsePython(document.text) }, allRules(), ALL_SELECTED);
    assert.deepEqual(got.findings, expected.findings);
    assert.ok(got.findings.length >= FUNCTIONS, `only ${got.findings.length} findings`);

    // Typing it away again is just as local.
    document.applyChanges([{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }], 3, 'utf-16');
    const back = analyseNow();
    assert.equal(document.text, text);
    assert.equal(analysis.stats.mode, 'incremental', analysis.stats.reason);
    assert.ok(analysis.stats.checkedUnits <= 3, `${analysis.stats.checkedUnits} of ${analysis.stats.totalUnits} statements re-checked`);
    assert.deepEqual(back.findings, analyse({ path: 'broken.py', text, tree: parsePython(text) }, allRules(), ALL_SELECTED).findings);
  });
});
