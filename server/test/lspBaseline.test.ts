import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { DiagnosticSeverity, DidChangeConfigurationNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { cli } from './cliHarness';
import { makeTree, until, uriOf, WorkspaceTestClient } from './workspaceClient';

const OLD = "import os\n\n\ndef flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n";
const NEW = "\n\ndef kill(pid):\n    os.system('kill -9 %s' % pid)\n";

/** `rule@line:severity` of each diagnostic, sorted. */
function shown(p: PublishDiagnosticsParams): string[] {
  return p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.severity === DiagnosticSeverity.Hint ? 'hint' : 'problem'}`).sort();
}

async function withClient(folders: string[], settings: Record<string, unknown>, run: (client: WorkspaceTestClient) => Promise<void>, folderSettings: Record<string, Record<string, unknown>> = {}): Promise<void> {
  const client = new WorkspaceTestClient();
  client.folderSettings = folderSettings;
  await client.start(folders, settings);
  try {
    await run(client);
  } finally {
    await client.stop();
  }
}

/** A folder whose agent.py had one finding when its baseline was written, and has a new one now. */
function baselinedFolder(baselineName = 'dvr-hints-baseline.json'): { folder: string; uri: string } {
  const folder = makeTree({ 'agent.py': OLD });
  assert.equal(cli(['scan', folder, '--write-baseline', path.join(folder, baselineName)]).code, 0);
  fs.writeFileSync(path.join(folder, 'agent.py'), OLD + NEW);
  return { folder, uri: uriOf(path.join(folder, 'agent.py')) };
}

describe('baseline in the editor', () => {
  it('dvrHints.baseline: a new finding is a problem, a baselined one only a hint, and the findings view lists the new one', async () => {
    const { folder, uri } = baselinedFolder();
    await withClient([folder], { baseline: 'dvr-hints-baseline.json' }, async (client) => {
      await client.open(uri, OLD + NEW);
      const published = await until(() => client.published.find((p) => p.uri === uri && p.diagnostics.length === 2), 'two diagnostics');
      assert.deepEqual(shown(published), ['DVR101@5:hint', 'DVR101@9:problem']);
      assert.ok(published.diagnostics.some((d) => String(d.message).endsWith('(in the baseline)')));
      await until(() => client.latestFindings(uri)?.findings.length === 1, 'one finding in the view');
      assert.equal(client.latestFindings(uri)?.findings[0].range.start.line, 8);
    });
  });

  it('baselineMode hide: the baselined finding is not shown at all; baseline in pyproject.toml works the same', async () => {
    const { folder, uri } = baselinedFolder('ci/baseline.json');
    fs.writeFileSync(path.join(folder, 'pyproject.toml'), '[tool.dvr-hints]\nbaseline = "ci/baseline.json"\n');
    await withClient([folder], { baselineMode: 'hide' }, async (client) => {
      await client.open(uri, OLD + NEW);
      const published = await until(() => client.published.find((p) => p.uri === uri && p.diagnostics.length > 0), 'diagnostics');
      assert.deepEqual(shown(published), ['DVR101@9:problem']);
    });
  });

  it('reports an unusable baseline once and shows every finding', async () => {
    const { folder, uri } = baselinedFolder();
    fs.writeFileSync(path.join(folder, 'dvr-hints-baseline.json'), '{"version": 7, "findings": []}');
    await withClient([folder], { baseline: 'dvr-hints-baseline.json' }, async (client) => {
      await client.open(uri, OLD + NEW);
      const published = await until(() => client.published.find((p) => p.uri === uri && p.diagnostics.length === 2), 'two diagnostics');
      assert.deepEqual(shown(published), ['DVR101@5:problem', 'DVR101@9:problem']);
      await until(() => client.messages.find((m) => /version 7 is not supported/.test(m.message)), 'a message about the baseline');
    });
  });
});

describe('multi-root workspaces', () => {
  it('reads the settings of each workspace folder and applies them to its files', async () => {
    const a = makeTree({ 'a.py': OLD }, 'dvr-root-a-');
    const b = makeTree({ 'b.py': OLD }, 'dvr-root-b-');
    const [uriA, uriB] = [uriOf(path.join(a, 'a.py')), uriOf(path.join(b, 'b.py'))];
    await withClient([a, b], {}, async (client) => {
      await client.open(uriA, OLD);
      await client.open(uriB, OLD);
      await until(() => client.published.some((p) => p.uri === uriA) && client.published.some((p) => p.uri === uriB), 'both files published');
      const last = (uri: string): PublishDiagnosticsParams | undefined => client.published.filter((p) => p.uri === uri).at(-1);
      assert.deepEqual(last(uriA)?.diagnostics.map((d) => d.code), []);
      assert.deepEqual(last(uriB)?.diagnostics.map((d) => d.code), ['DVR101']);
      // Folder b turns the rule off too; folder a's setting goes: each file follows its folder.
      client.folderSettings = { [uriOf(b)]: { ignore: ['DVR101'] } };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await until(() => last(uriA)?.diagnostics.length === 1 && last(uriB)?.diagnostics.length === 0, 'the folders swapped');
    }, { [uriOf(a)]: { ignore: ['DVR101'] } });
  });
});
