import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { DidChangeConfigurationNotification } from 'vscode-languageserver-protocol/node';
import { DebugDocumentRequest, ScanWorkspaceRequest } from '../src/lsp/protocol';
import { makeTree, until, uriOf, WorkspaceTestClient } from './workspaceClient';

// A threat-model source (the environment) reaches the shell: DVR101 at high severity.
const SHELL = ['import os', '', 'def flush():', "    os.system('ip netns exec %s conntrack -F' % os.environ['NS'])", ''].join('\n');
const BROAD = ['def sync(router):', '    try:', '        router.apply()', '    except Exception as e:', "        LOG.error('failed: %s', e)", ''].join('\n');
const CLEAN = ['def add(a, b):', '    return a + b', ''].join('\n');
const CONFIGURED_SOURCE = ['import os', '', 'def drop():', '    name = my_rpc.get_name()', "    os.system('ip link del %s' % name)", ''].join('\n');

const storage = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-storage-'));

/** The number in the scan log line "... files (N from the cache) ..." of the last scan. */
function cachedInLastScan(client: WorkspaceTestClient): number | undefined {
  const line = client.logs.filter((l) => l.includes('workspace scan done')).at(-1);
  const match = line && /\((\d+) from the cache\)/.exec(line);
  return match ? Number(match[1]) : undefined;
}

/** DVR301 and DVR302 are opt-in (their precision on real code); these tests use them. */
const OPT_IN = { extendSelect: ['DVR301', 'DVR302'] };

describe('display-only settings re-filter cached findings', () => {
  it('changes what minSeverity and ignore show without analysing again, and analyses again for taint settings', async () => {
    const folder = makeTree({ 'open.py': `${SHELL}\n${BROAD}`, 'disk.py': `${SHELL}\n${BROAD}`, 'source.py': CONFIGURED_SOURCE });
    const client = new WorkspaceTestClient();
    try {
      await client.start([folder], { ...OPT_IN }, { debug: true });
      const open = uriOf(path.join(folder, 'open.py'));
      const disk = uriOf(path.join(folder, 'disk.py'));
      await client.open(open, `${SHELL}\n${BROAD}`);
      await client.connection.sendRequest(ScanWorkspaceRequest, {});
      const all = client.ruleIdsOf(disk);
      assert.ok(all.includes('DVR101') && all.some((id) => id.startsWith('DVR30')), all.join());
      await until(() => client.ruleIdsOf(open).join() === all.join(), 'the open file analysed');
      const started = async (): Promise<number> => (await client.connection.sendRequest(DebugDocumentRequest, { uri: open }))?.startedAnalyses ?? -1;
      const analysesBefore = await started();
      const scansBefore = client.createdTokens.length;

      client.settings = { ...OPT_IN, minSeverity: 'high', ignore: ['DVR3'] };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await until(() => client.ruleIdsOf(open).join() === 'DVR101' && client.ruleIdsOf(disk).join() === 'DVR101', 'only DVR101 shown');
      client.settings = { ...OPT_IN, severity: { DVR101: 'low', DVR301: 'high' }, minSeverity: 'medium' };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await until(() => client.ruleIdsOf(disk).join() === 'DVR301' && client.ruleIdsOf(open).join() === 'DVR301', 'DVR101 lowered below the threshold, DVR301 raised above it');
      assert.equal(client.latestFindings(disk)?.findings[0].severity, 'high');
      assert.equal(await started(), analysesBefore, 'no open document analysed again');
      assert.equal(client.createdTokens.length, scansBefore, 'no workspace scan started again');

      // An analysis setting: the files are analysed again (the counters can move).
      client.settings = { ...OPT_IN, taint: { sources: ['my_rpc.get_name'] } };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await until(() => client.ruleIdsOf(uriOf(path.join(folder, 'source.py'))).join() === 'DVR101', 'the configured source found on disk');
      assert.ok((await started()) > analysesBefore);
      assert.ok(client.createdTokens.length > scansBefore);
    } finally {
      await client.stop();
    }
  });
});

describe('scan cache on disk', () => {
  it('brings the workspace findings back after a restart, analysing only the files that changed', async () => {
    const folder = makeTree({ 'a.py': SHELL, 'b.py': BROAD, 'c.py': CLEAN, 'pkg/d.py': SHELL });
    const storagePath = storage();
    const first = new WorkspaceTestClient();
    try {
      await first.start([folder], { ...OPT_IN }, { storagePath });
      const result = await first.connection.sendRequest(ScanWorkspaceRequest, {});
      assert.equal(result.cached, 0);
      assert.equal(result.analysed, 4);
    } finally {
      await first.stop();
    }
    assert.ok(fs.existsSync(path.join(storagePath, 'scan-cache.json')), 'the cache written on shutdown');
    // Changed while no server ran: a different size, so it is analysed again.
    fs.writeFileSync(path.join(folder, 'c.py'), `${CLEAN}\n${SHELL}`);

    const second = new WorkspaceTestClient();
    try {
      await second.start([folder], { ...OPT_IN }, { storagePath });
      // No scan asked for: the last complete scan of these folders comes back by itself.
      await until(() => cachedInLastScan(second) !== undefined, 'the resumed scan', 20_000);
      assert.equal(cachedInLastScan(second), 3);
      assert.deepEqual(second.ruleIdsOf(uriOf(path.join(folder, 'a.py'))), ['DVR101']);
      assert.deepEqual(second.ruleIdsOf(uriOf(path.join(folder, 'pkg/d.py'))), ['DVR101']);
      assert.ok(second.ruleIdsOf(uriOf(path.join(folder, 'b.py'))).length > 0);
      assert.deepEqual(second.ruleIdsOf(uriOf(path.join(folder, 'c.py'))), ['DVR101']);
      // Positions come from the file's text (read again), not from nowhere.
      assert.deepEqual(second.latestFindings(uriOf(path.join(folder, 'a.py')))?.findings[0].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });
    } finally {
      await second.stop();
    }
  });

  it('ignores a cache it cannot read, of another engine, or with malformed entries', async () => {
    const folder = makeTree({ 'a.py': SHELL, 'b.py': CLEAN });
    const storagePath = storage();
    const cacheFile = path.join(storagePath, 'scan-cache.json');
    const first = new WorkspaceTestClient();
    try {
      await first.start([folder], { ...OPT_IN }, { storagePath });
      await first.connection.sendRequest(ScanWorkspaceRequest, {});
    } finally {
      await first.stop();
    }
    const good = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as { engine: string; files: Record<string, { findings: { ruleId: string; start: unknown }[] }> };
    const aPath = path.join(folder, 'a.py');
    const broken = structuredClone(good);
    broken.files[aPath].findings[0].start = 'x';
    const variants: [string, string][] = [
      ['not JSON', '{"format": 1, "engine": '],
      ['another engine', JSON.stringify({ ...good, engine: 'other' })],
      ['an unknown rule', JSON.stringify({ ...good, files: { ...good.files, [aPath]: { ...good.files[aPath], findings: [{ ...good.files[aPath].findings[0], ruleId: 'DVR999' }] } } })],
      ['a malformed finding', JSON.stringify(broken)],
      ['a list', '[]'],
    ];
    for (const [what, content] of variants) {
      fs.writeFileSync(cacheFile, content);
      const client = new WorkspaceTestClient();
      try {
        await client.start([folder], { ...OPT_IN }, { storagePath });
        const result = await client.connection.sendRequest(ScanWorkspaceRequest, {});
        assert.equal(result.cancelled, false, what);
        assert.ok((result.cached ?? 0) <= 1, `${what}: ${JSON.stringify(result)}`);
        assert.deepEqual(client.ruleIdsOf(uriOf(aPath)), ['DVR101'], what);
        assert.equal(client.stderr.includes('uncaught'), false, `${what}: ${client.stderr}`);
      } finally {
        await client.stop();
      }
    }
  });
});
