import assert from 'node:assert/strict';
import { PassThrough } from 'stream';
import { describe, it } from 'node:test';
import { createConnection } from 'vscode-languageserver/node';
import { toDiagnostic } from '../src/lsp/diagnostics';
import { DvrHintsServer } from '../src/lsp/server';

describe('code actions and document versions', () => {
  it('offer nothing while the analysis is older than the document, and fixes once it catches up', () => {
    const server = new DvrHintsServer(createConnection(new PassThrough(), new PassThrough()));
    // DVR302 is opt-in (docs/quality.md).
    server.initialize({ processId: null, rootUri: null, capabilities: {}, initializationOptions: { settings: { extendSelect: ['DVR302'] } } });
    const uri = 'untitled:Untitled-1';
    const text = 'import logging\nLOG = logging.getLogger(__name__)\ntry:\n    ns.delete()\nexcept RuntimeError:\n    pass\n';
    server.open(uri, 'python', 1, text);
    const analysed = server.analyseNow(uri);
    assert.ok(analysed);
    const diagnostics = analysed.result.findings.map((f) => toDiagnostic(f, server.catalogue.get(f.ruleId)!, uri, analysed.result.lineIndex, server.encoding));
    assert.equal(diagnostics.length, 1);
    const request = { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } };
    assert.ok(server.codeActions.provide(request).some((a) => a.title.startsWith('Log the ignored exception')));

    // An edit after the finding: the finding's range still matches, but the analysis is stale.
    server.documents.get(uri)!.applyChanges([{ text: `${text}# more\n` }], 2, server.encoding);
    assert.deepEqual(server.codeActions.provide(request), []);
    server.analyseNow(uri);
    const fix = server.codeActions.provide(request).find((a) => a.title.startsWith('Log the ignored exception'));
    assert.deepEqual(fix?.edit, { changes: { [uri]: [{ range: { start: { line: 5, character: 4 }, end: { line: 5, character: 8 } }, newText: 'LOG.debug("Ignored exception", exc_info=True)' }] } });
    server.close(uri);
  });
});
