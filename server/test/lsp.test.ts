import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as fs from 'fs';
import { fileURLToPath } from 'url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { TestLspClient } from './lspClient';

const SHELL_CODE = [
  'import os',
  '',
  'def flush(ns_name):',
  "    os.system('ip netns exec %s conntrack -F' % ns_name)",
  '',
].join('\n');

function ourDiagnostics(diagnostics: Diagnostic[], code?: string): Diagnostic[] {
  return diagnostics.filter((d) => d.source === 'dvr-hints' && (code === undefined || d.code === code));
}

describe('language server over stdio (UTF-16 client)', () => {
  const client = new TestLspClient();
  before(async () => {
    const result = await client.initialize({}, { settings: { extendSelect: ['DVR301', 'DVR302'] } }); // opt-in rules these tests use
    assert.equal(result.capabilities.positionEncoding, 'utf-16');
    assert.equal(result.capabilities.textDocumentSync && typeof result.capabilities.textDocumentSync === 'object' && result.capabilities.textDocumentSync.change, 2);
  });
  after(() => client.stop());

  it('publishes diagnostics with rule code, CWE link, severity and related taint path', async () => {
    const published = await client.open('file:///tmp/dvr/flush.py', SHELL_CODE);
    const [d] = ourDiagnostics(published.diagnostics, 'DVR101');
    assert.ok(d, 'DVR101 diagnostic');
    assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/rules\/DVR101\.md$/, 'the code links to the bundled rule documentation');
    assert.ok(fs.existsSync(fileURLToPath(d.codeDescription?.href ?? '')), 'the linked page exists');
    assert.match(String(d.message), /ns_name/);
    assert.ok(d.relatedInformation && d.relatedInformation.length >= 2);
    assert.deepEqual(d.relatedInformation[0].location.range.start, { line: 2, character: 10 });
  });

  it('moves findings after incremental edits with astral characters and CRLF', async () => {
    const uri = 'file:///tmp/dvr/edits.py';
    const crlf = SHELL_CODE.replace(/\n/g, '\r\n');
    await client.open(uri, crlf);
    // Insert a comment line with an astral character before the function.
    let published = await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# 😀😀 ünïcode\r\n' }]);
    let [d] = ourDiagnostics(published.diagnostics, 'DVR101');
    assert.deepEqual(d.range.start, { line: 4, character: 4 });
    // Put astral characters before the call on its own line: the column counts UTF-16 units.
    published = await client.change(uri, 3, [{ range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } }, text: 'x = "😀"; ' }]);
    [d] = ourDiagnostics(published.diagnostics, 'DVR101');
    assert.deepEqual(d.range, { start: { line: 4, character: 14 }, end: { line: 4, character: 23 } });
    // Two changes in one notification: delete the inserted statement, then rename the parameter.
    published = await client.change(uri, 4, [
      { range: { start: { line: 4, character: 4 }, end: { line: 4, character: 14 } }, text: '' },
      { range: { start: { line: 3, character: 10 }, end: { line: 3, character: 17 } }, text: 'namespace' },
    ]);
    // ns_name is no longer a parameter: not external, and not constant either, so no finding.
    assert.deepEqual(ourDiagnostics(published.diagnostics, 'DVR101'), []);
    // Make the command constant: the high finding goes, a low one (shell with a constant) remains.
    published = await client.change(uri, 5, [{ range: { start: { line: 4, character: 14 }, end: { line: 4, character: 55 } }, text: "'conntrack -F'" }]);
    const remaining = ourDiagnostics(published.diagnostics, 'DVR101');
    assert.equal(remaining.length, 1);
    assert.equal(remaining[0].severity, DiagnosticSeverity.Warning, 'low confidence lowers Error to Warning');
  });

  it('keeps the other findings of a file with syntax errors', async () => {
    const text = ['import six', '', 'def broken(:', '    pass', '', 'try:', '    pass', 'except:', '    pass', ''].join('\n');
    const published = await client.open('file:///tmp/dvr/broken.py', text);
    const codes = ourDiagnostics(published.diagnostics).map((d) => `${d.code}@${d.range.start.line}`).sort();
    assert.deepEqual(codes, ['DVR301@7', 'DVR302@7', 'DVR801@0']);
  });

  it('drops stale versions: a burst of edits publishes the latest version', async () => {
    const uri = 'file:///tmp/dvr/burst.py';
    await client.open(uri, SHELL_CODE);
    const latest = client.nextDiagnostics(uri, 30);
    for (let v = 2; v <= 30; v++) {
      void client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#\n' }],
      });
    }
    const published = await latest;
    const [d] = ourDiagnostics(published.diagnostics, 'DVR101');
    assert.equal(d.range.start.line, 3 + 29);
  });
});

describe('language server over stdio (UTF-8 client)', () => {
  const client = new TestLspClient();
  after(() => client.stop());

  it('negotiates utf-8 and reports UTF-8 columns', async () => {
    const result = await client.initialize({ general: { positionEncodings: ['utf-8', 'utf-16'] } });
    assert.equal(result.capabilities.positionEncoding, 'utf-8');
    const uri = 'file:///tmp/dvr/utf8.py';
    const text = SHELL_CODE.replace("    os.system(", '    ü = "😀"; os.system(');
    const published = await client.open(uri, text);
    const [d] = ourDiagnostics(published.diagnostics, 'DVR101');
    // 4 spaces + 'ü'(2 bytes) + ' = "'(4) + '😀'(4 bytes) + '"; '(3) = 17 bytes before os.system
    assert.deepEqual(d.range.start, { line: 3, character: 17 });
    // An edit expressed in UTF-8 columns: replace 'ü' (bytes 4..6) with 'u'.
    const next = await client.change(uri, 2, [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 6 } }, text: 'u' }]);
    const [moved] = ourDiagnostics(next.diagnostics, 'DVR101');
    assert.deepEqual(moved.range.start, { line: 3, character: 16 });
  });
});
