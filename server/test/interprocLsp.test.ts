import assert from 'node:assert/strict';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { DidSaveTextDocumentNotification, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { ScanWorkspaceRequest } from '../src/lsp/protocol';
import { LineIndex } from '../src/engine/lineIndex';
import { scan } from '../src/scan/scan';
import { allRules } from './helpers';
import { CALLER_MODULE, HELPER_MODULE } from './interprocProject';
import { makeTree, uriOf, WorkspaceTestClient } from './workspaceClient';

/**
 * Taint across modules in the language server: the workspace index of summaries (from the
 * workspace scan and from open documents) gives the editor the paths the CLI reports, and
 * a saved change of a helper re-checks its open callers.
 */

const PYPROJECT = '[tool.dvr-hints]\ntaint-sources = ["read_untrusted"]\n';

/** A diagnostic's rule, line, message and path, for comparing with the CLI. */
function shape(d: Diagnostic): string {
  const related = (d.relatedInformation ?? []).map((r) => `${path.basename(r.location.uri)}:${r.location.range.start.line}:${r.message}`);
  return `${String(d.code)}@${d.range.start.line}: ${typeof d.message === 'string' ? d.message : d.message.value} [${related.join(' | ')}]`;
}

function throughHelper(p: PublishDiagnosticsParams | undefined): Diagnostic[] {
  return (p?.diagnostics ?? []).filter((d) => typeof d.message === 'string' && d.message.includes('through netns_utils'));
}

describe('taint across modules in the language server', () => {
  const client = new WorkspaceTestClient();
  const folder = makeTree({ 'netns_utils.py': HELPER_MODULE, 'ns_exec.py': CALLER_MODULE, 'pyproject.toml': PYPROJECT }, 'dvr-interproc-');
  const callerUri = uriOf(path.join(folder, 'ns_exec.py'));
  const helperUri = uriOf(path.join(folder, 'netns_utils.py'));
  let afterScan: PublishDiagnosticsParams;

  before(async () => {
    await client.start([folder]);
    await client.open(callerUri, CALLER_MODULE);
    // The scan's first phase indexes the helper module: the open caller is re-checked.
    const next = client.nextDiagnostics(callerUri);
    await client.connection.sendRequest(ScanWorkspaceRequest, {});
    afterScan = await next;
  });
  after(() => client.stop());

  it('reports in the open caller what the CLI reports, with the same path across both files', () => {
    const lsp = throughHelper(afterScan);
    assert.equal(lsp.length, 2);
    const cli = scan({ paths: [folder], overrides: {}, rules: allRules(), jobs: 0 });
    const report = cli.files.find((f) => path.basename(f.file) === 'ns_exec.py');
    assert.ok(report);
    const lines = new LineIndex(report.text);
    const cliShapes = report.findings
      .filter((f) => f.message.includes('through netns_utils'))
      .map((f) => {
        const related = f.related.map((r) => `${path.basename(r.elsewhere?.path ?? report.file)}:${r.elsewhere ? r.elsewhere.start.line : lines.positionAt(r.start).line}:${r.message}`);
        return `${f.ruleId}@${lines.positionAt(f.start).line}: ${f.message} [${related.join(' | ')}]`;
      });
    assert.deepEqual(lsp.map(shape), cliShapes);
    assert.ok(lsp[0].relatedInformation?.some((r) => r.location.uri === helperUri));
  });

  it('re-checks the open caller when a saved change of the helper changes its summary', async () => {
    const fixed = HELPER_MODULE.replace('import subprocess', 'import shlex\nimport subprocess').replace("% (namespace, command))", '% (shlex.quote(namespace), shlex.quote(command)))');
    await client.open(helperUri, HELPER_MODULE);
    await client.change(helperUri, 2, [{ text: fixed }]);
    const next = client.nextDiagnostics(callerUri);
    await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: helperUri } });
    assert.deepEqual(throughHelper(await next), []);
  });
});
