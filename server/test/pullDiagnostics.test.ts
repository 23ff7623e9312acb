import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import {
  CancellationTokenSource,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  FileChangeType,
  PublishDiagnosticsNotification,
  WorkspaceDiagnosticRequest,
  type ClientCapabilities,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver-protocol/node';
import { ScanWorkspaceRequest } from '../src/lsp/protocol';
import { EDITOR_CAPABILITIES, makeTree, until, uriOf, WorkspaceTestClient } from './workspaceClient';

const SHELL = ['import os', '', 'def flush(ns_name):', "    os.system('ip netns exec %s conntrack -F' % ns_name)", ''].join('\n');
const CLEAN = ['def add(a, b):', '    return a + b', ''].join('\n');

const PULL_CAPABILITIES: ClientCapabilities = {
  ...EDITOR_CAPABILITIES,
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
  workspace: { ...EDITOR_CAPABILITIES.workspace, diagnostics: { refreshSupport: true } },
};

function codes(report: DocumentDiagnosticReport | WorkspaceDiagnosticReport['items'][number]): string[] {
  assert.equal(report.kind, 'full');
  return report.items.map((d) => String(d.code)).sort();
}

describe('pull diagnostics', () => {
  it('answers textDocument/diagnostic for the current version, unchanged when the result id is current, and never pushes', async () => {
    const folder = makeTree({ 'a.py': SHELL });
    const client = new WorkspaceTestClient();
    let pushed = 0;
    client.connection.onNotification(PublishDiagnosticsNotification.type, () => {
      pushed++;
    });
    try {
      const init = await client.start([folder], {}, {}, PULL_CAPABILITIES);
      assert.deepEqual(init.capabilities.diagnosticProvider, { identifier: 'dvr-hints', interFileDependencies: false, workspaceDiagnostics: true });
      const uri = uriOf(path.join(folder, 'a.py'));
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: SHELL } });
      // Asked at once: the answer waits for the analysis of version 1.
      const first = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.deepEqual(codes(first), ['DVR101']);
      assert.equal(first.kind, 'full');
      const again = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: first.resultId });
      assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });

      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: CLEAN }] });
      const cleaned = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: first.resultId });
      assert.deepEqual(codes(cleaned), []);
      assert.notEqual(cleaned.kind === 'full' && cleaned.resultId, first.resultId);

      // A document that is not open and was never scanned has nothing.
      const unknown = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: uriOf(path.join(folder, 'none.py')) } });
      assert.deepEqual(codes(unknown), []);
      assert.equal(pushed, 0);
    } finally {
      await client.stop();
    }
  });

  it('reports scanned files in workspace/diagnostic, then waits until one changes', async () => {
    const folder = makeTree({ 'a.py': SHELL, 'b.py': CLEAN, 'c.py': SHELL });
    const client = new WorkspaceTestClient();
    try {
      await client.start([folder], {}, {}, PULL_CAPABILITIES);
      await client.connection.sendRequest(ScanWorkspaceRequest, {});
      const report = await client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [] });
      const byUri = new Map(report.items.map((item) => [item.uri, item]));
      // Clean files never reported have nothing to say.
      assert.deepEqual([...byUri.keys()].sort(), [uriOf(path.join(folder, 'a.py')), uriOf(path.join(folder, 'c.py'))]);
      for (const item of report.items) assert.deepEqual(codes(item), ['DVR101']);

      const known = report.items.map((item) => ({ uri: item.uri, value: item.kind === 'full' ? (item.resultId as string) : '' }));
      const waiting = client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: known });
      let answered = false;
      void waiting.then(() => (answered = true));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(answered, false, 'nothing changed: the request waits');
      fs.writeFileSync(path.join(folder, 'a.py'), CLEAN);
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(path.join(folder, 'a.py')), type: FileChangeType.Changed }] });
      const changed = await waiting;
      assert.deepEqual(
        changed.items.map((item) => [item.uri, codes(item).join()]),
        [[uriOf(path.join(folder, 'a.py')), '']],
      );

      // A cancelled long poll answers with what it has (nothing).
      const source = new CancellationTokenSource();
      const cancelled = client.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds: [...known.slice(1), { uri: changed.items[0].uri, value: (changed.items[0] as { resultId: string }).resultId }] }, source.token);
      source.cancel();
      const answer = await cancelled.catch(() => ({ items: [] }));
      assert.deepEqual(answer.items, []);
    } finally {
      await client.stop();
    }
  });

  it('asks the client to pull again after a display-only settings change', async () => {
    const folder = makeTree({ 'a.py': SHELL });
    const client = new WorkspaceTestClient();
    try {
      await client.start([folder], {}, {}, PULL_CAPABILITIES);
      const uri = uriOf(path.join(folder, 'a.py'));
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: SHELL } });
      const before = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.deepEqual(codes(before), ['DVR101']);
      const refreshes = client.refreshRequests;
      client.settings = { ignore: ['DVR101'] };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await until(() => client.refreshRequests > refreshes, 'workspace/diagnostic/refresh');
      const after = await client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, previousResultId: before.kind === 'full' ? before.resultId : undefined });
      assert.deepEqual(codes(after), []);
    } finally {
      await client.stop();
    }
  });

  it('keeps pushing for a client without pull support, and for one that asks for push', async () => {
    for (const [capabilities, options] of [
      [EDITOR_CAPABILITIES, {}],
      [PULL_CAPABILITIES, { diagnostics: 'push' }],
    ] as const) {
      const folder = makeTree({ 'a.py': SHELL });
      const client = new WorkspaceTestClient();
      try {
        const init = await client.start([folder], {}, options, capabilities);
        assert.equal(init.capabilities.diagnosticProvider, undefined);
        const published = await client.open(uriOf(path.join(folder, 'a.py')), SHELL);
        assert.deepEqual(
          published.diagnostics.map((d) => d.code),
          ['DVR101'],
        );
      } finally {
        await client.stop();
      }
    }
  });
});
