import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  FileChangeType,
  HoverRequest,
  WorkDoneProgressCancelNotification,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { AllFindingsRequest, RuleDocsRequest, ScanWorkspaceRequest, type ScanWorkspaceResult } from '../src/lsp/protocol';
import { RULES_DIR } from './helpers';
import { makeTree, until, uriOf, WorkspaceTestClient, type ProgressValue } from './workspaceClient';

const SHELL = ['import os', '', 'def flush(ns_name):', "    os.system('ip netns exec %s conntrack -F' % ns_name)", ''].join('\n');
const BROAD = ['def sync(router):', '    try:', '        router.apply()', '    except Exception as e:', "        LOG.error('failed: %s', e)", ''].join('\n');
const CLEAN = ['def add(a, b):', '    return a + b', ''].join('\n');
const CONFIGURED_SOURCE = ['import os', '', 'def drop():', '    name = my_rpc.get_name()', "    os.system('ip link del %s' % name)", ''].join('\n');

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

function kinds(values: readonly ProgressValue[] | undefined): string[] {
  return (values ?? []).map((v) => v.kind);
}

describe('findings notification, hover and rule docs', () => {
  const client = new WorkspaceTestClient();
  const folder = makeTree({ 'open.py': SHELL });
  const uri = uriOf(path.join(folder, 'open.py'));
  before(() => client.start([folder]));
  after(() => client.stop());

  it('sends dvrHints/findings with rule, name, CWE, severity and range when a file is analysed, and an empty list when it is clean', async () => {
    await client.open(uri, SHELL);
    const file = await until(() => client.latestFindings(uri), 'findings for open.py');
    assert.equal(file.origin, 'editor');
    assert.equal(file.version, 1);
    const [finding] = file.findings;
    assert.equal(finding.ruleId, 'DVR101');
    assert.equal(finding.name, 'shell-command-from-data');
    assert.equal(finding.severity, 'medium', 'a parameter nothing checked: medium under the default threat models');
    assert.deepEqual(finding.cwe, [78]);
    assert.match(finding.message, /ns_name/);
    assert.deepEqual(finding.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });

    const all = await client.connection.sendRequest(AllFindingsRequest, {});
    assert.deepEqual(
      all.map((f) => f.uri),
      [uri],
    );

    await client.change(uri, 2, [{ text: CLEAN }]);
    await until(() => client.latestFindings(uri)?.findings.length === 0, 'empty findings after the fix');
    assert.deepEqual(await client.connection.sendRequest(AllFindingsRequest, {}), []);
    await client.change(uri, 3, [{ text: SHELL }]);
    await until(() => client.latestFindings(uri)?.findings.length === 1, 'findings back');
  });

  it('does not repeat the notification when an edit leaves the findings as they were', async () => {
    const before = client.findingsLog.length;
    await client.change(uri, 4, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '# a comment after the code\n' }]);
    await new Promise((r) => setTimeout(r, 100)); // a notification would follow the diagnostics at once
    assert.equal(client.findingsLog.length, before);
  });

  it('hovers a finding with its rule title, why, fix and CWE links; the rule id links to its bundled documentation', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 7 } });
    const text = markdownOf(hover);
    assert.match(text, /\*\*\[DVR101\]\(file:\/\/\S+\/rules\/DVR101\.md\)\*\* `shell-command-from-data`: Shell command built from external data/);
    assert.match(text, /\[Rule documentation\]\(file:\/\/\S+\/rules\/DVR101\.md\) · \[CWE-78\]/, 'the docs link before the CWE references');
    assert.match(text, /\*\*Why is this bad\?\*\*/);
    assert.match(text, /\*\*Fix\*\*/);
    assert.match(text, /\[CWE-78\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/78\.html\)/);
    assert.deepEqual(hover?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 13 } });
  });

  it('has no hover away from findings', async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.equal(hover, null);
  });

  it('hovers the current text right after an edit, before the scheduled analysis', async () => {
    // Two lines inserted above move the finding to line 5; the hover comes in the same burst.
    const change = client.change(uri, 5, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }]);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 7 } });
    await change;
    assert.match(markdownOf(hover), /DVR101/);
  });

  it('answers dvrHints/ruleDocs for one rule (by id or name) with its full Markdown', async () => {
    const { rules } = await client.connection.sendRequest(RuleDocsRequest, { ruleId: 'dvr301' });
    assert.equal(rules.length, 1);
    const [docs] = rules;
    assert.equal(docs.id, 'DVR301');
    assert.deepEqual(docs.cwe, [396, 755]);
    assert.match(docs.markdown, /^# DVR301: Broad exception handler/);
    assert.match(docs.markdown, /\| Severity \| low \|/);
    assert.match(docs.markdown, /\[CWE-755\]\(https:\/\/cwe\.mitre\.org\/data\/definitions\/755\.html\)/);
    assert.match(docs.markdown, /## Why is this bad\?/);
    assert.match(docs.markdown, /## Fix/);
    const byName = await client.connection.sendRequest(RuleDocsRequest, { ruleId: 'broad-except' });
    assert.deepEqual(
      byName.rules.map((r) => r.id),
      ['DVR301'],
    );
  });

  it('lists every catalogued rule, in id order, when no id is given; an unknown id gives none', async () => {
    const { rules } = await client.connection.sendRequest(RuleDocsRequest, {});
    const onDisk = fs
      .readdirSync(RULES_DIR)
      .filter((f) => /^DVR\d{3}\.md$/.test(f))
      .map((f) => f.slice(0, 6))
      .sort();
    assert.deepEqual(
      rules.map((r) => r.id),
      onDisk,
    );
    const unknown = await client.connection.sendRequest(RuleDocsRequest, { ruleId: 'DVR999' });
    assert.deepEqual(unknown.rules, []);
  });
});

describe('workspace scan', () => {
  const client = new WorkspaceTestClient();
  const first = makeTree({
    'agent/l3/router.py': SHELL,
    'agent/l3/clean.py': CLEAN,
    'agent/notes.txt': SHELL,
    '.venv/lib/site.py': SHELL,
    'generated/gen.py': SHELL,
    'pyproject.toml': '[tool.dvr-hints]\nexclude = ["generated/"]\n',
  });
  // The second root has its own pyproject.toml: its files ignore DVR301.
  const second = makeTree({
    'svc/broad.py': BROAD,
    'svc/both.py': `${SHELL}\n${BROAD}`,
    'pyproject.toml': '[tool.dvr-hints]\nignore = ["DVR301"]\n',
  });
  const router = path.join(first, 'agent/l3/router.py');
  let result: ScanWorkspaceResult;

  before(async () => {
    await client.start([first, second]);
    const routerDiagnostics = client.nextDiagnostics(uriOf(router));
    result = await client.connection.sendRequest(ScanWorkspaceRequest, {});
    const published = await routerDiagnostics;
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['DVR101'],
    );
  });
  after(() => client.stop());

  it('scans every Python file of every folder, leaving out excluded and virtualenv folders', () => {
    assert.equal(result.files, 4, JSON.stringify(result));
    assert.equal(result.analysed, 4);
    assert.equal(result.cancelled, false);
    assert.equal(result.findings, 2); // router.py DVR101, both.py DVR101; DVR301 ignored in the second root
    assert.deepEqual(client.ruleIdsOf(uriOf(router)), ['DVR101']);
    assert.equal(client.latestFindings(uriOf(router))?.origin, 'disk');
    assert.deepEqual(client.ruleIdsOf(uriOf(path.join(second, 'svc/both.py'))), ['DVR101']);
    assert.equal(client.latestFindings(uriOf(path.join(first, 'generated/gen.py'))), undefined);
    assert.equal(client.latestFindings(uriOf(path.join(first, '.venv/lib/site.py'))), undefined);
    assert.equal(client.latestFindings(uriOf(path.join(second, 'svc/broad.py'))), undefined);
  });

  it('reports progress through a server-created token: begin, files done / total, end', () => {
    assert.equal(client.createdTokens.length, 1);
    const values = client.progress.get(client.createdTokens[0]) ?? [];
    assert.equal(values[0].kind, 'begin');
    assert.equal(values.at(-1)?.kind, 'end');
    const reports = values.filter((v): v is Extract<ProgressValue, { kind: 'report' }> => v.kind === 'report');
    assert.deepEqual(
      reports.map((r) => r.message),
      ['1/4 files', '2/4 files', '3/4 files', '4/4 files'],
    );
    assert.deepEqual(
      reports.map((r) => r.percentage),
      [25, 50, 75, 100],
    );
  });

  it('registers a file watcher for Python files', () => {
    const watcher = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method);
    assert.ok(watcher, 'didChangeWatchedFiles registration');
    assert.match(JSON.stringify(watcher.registerOptions), /\*\*\/\*\.\{py,pyi\}/);
  });

  it('re-analyses a file changed on disk, adds a created one, and clears a deleted one', async () => {
    const created = path.join(first, 'agent/new_module.py');
    fs.writeFileSync(router, CLEAN);
    fs.writeFileSync(created, SHELL);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [
        { uri: uriOf(router), type: FileChangeType.Changed },
        { uri: uriOf(created), type: FileChangeType.Created },
        { uri: uriOf(path.join(first, 'agent/notes.txt')), type: FileChangeType.Changed },
      ],
    });
    await until(() => client.latestFindings(uriOf(router))?.findings.length === 0, 'router.py cleared after its change on disk');
    await until(() => client.ruleIdsOf(uriOf(created)).join() === 'DVR101', 'findings for the created file');
    assert.equal(client.latestFindings(uriOf(path.join(first, 'agent/notes.txt'))), undefined);

    fs.rmSync(created);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(created), type: FileChangeType.Deleted }] });
    await until(() => client.latestFindings(uriOf(created))?.findings.length === 0, 'the deleted file cleared');
    fs.writeFileSync(router, SHELL);
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(router), type: FileChangeType.Changed }] });
    await until(() => client.ruleIdsOf(uriOf(router)).join() === 'DVR101', 'router.py flagged again');
  });

  it('shows the editor text while a file is open and reverts to the disk analysis when it closes', async () => {
    const uri = uriOf(router);
    await client.open(uri, CLEAN);
    await until(() => client.latestFindings(uri)?.origin === 'editor' && client.latestFindings(uri)?.findings.length === 0, 'the open clean text');
    // A change on disk while the file is open does not replace the editor's findings.
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: FileChangeType.Changed }] });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(client.latestFindings(uri)?.origin, 'editor');
    // A scan while the file is open counts the editor's findings for it (none) and keeps them.
    const rescan = await client.connection.sendRequest(ScanWorkspaceRequest, {});
    assert.equal(rescan.findings, 1); // both.py only
    assert.equal(client.latestFindings(uri)?.origin, 'editor');
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await until(() => client.latestFindings(uri)?.origin === 'disk' && client.ruleIdsOf(uri).join() === 'DVR101', 'the disk findings after close');
  });

  it('applies changed settings to files that are not open, without a restart', async () => {
    const uri = uriOf(router);
    client.settings = { ignore: ['DVR101'] };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await until(() => client.latestFindings(uri)?.findings.length === 0, 'DVR101 ignored through the settings');
    client.settings = {};
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await until(() => client.ruleIdsOf(uri).join() === 'DVR101', 'DVR101 back');
  });
});

describe('workspace scan cancellation', () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 400; i++) files[`pkg/m${String(i).padStart(3, '0')}.py`] = i % 10 === 0 ? SHELL : BROAD;
  const folder = makeTree(files);
  const client = new WorkspaceTestClient();
  // DVR301 is opt-in (its precision on real code); every BROAD file has one DVR301 finding.
  before(() => client.start([folder], { extendSelect: ['DVR301'] }));
  after(() => client.stop());

  it('stops when the user cancels the server-created progress (window/workDoneProgress/cancel)', async () => {
    client.onProgressValue = (token, value) => {
      if (value.kind === 'report') {
        client.onProgressValue = () => undefined;
        void client.connection.sendNotification(WorkDoneProgressCancelNotification.type, { token });
      }
    };
    const result = await client.connection.sendRequest(ScanWorkspaceRequest, {});
    assert.equal(result.cancelled, true);
    assert.equal(result.files, 400);
    assert.ok(result.analysed < 400, `analysed ${result.analysed} of 400`);
    assert.equal(kinds(client.progress.get(client.createdTokens.at(-1) as string)).at(-1), 'end');
  });

  it('stops on $/cancelRequest, reporting to the client-provided workDoneToken', async () => {
    const workDoneToken = 'client-token-1';
    client.watchProgress(workDoneToken);
    const source = new CancellationTokenSource();
    const createdBefore = client.createdTokens.length;
    client.onProgressValue = (token, value) => {
      if (token === workDoneToken && value.kind === 'report') {
        client.onProgressValue = () => undefined;
        source.cancel();
      }
    };
    const result = await client.connection.sendRequest(ScanWorkspaceRequest, { workDoneToken }, source.token);
    assert.equal(result.cancelled, true);
    assert.ok(result.analysed < 400, `analysed ${result.analysed} of 400`);
    assert.equal(client.createdTokens.length, createdBefore, 'no server-created progress when the client gave a token');
    const values = kinds(client.progress.get(workDoneToken));
    assert.equal(values[0], 'begin');
    assert.equal(values.at(-1), 'end');
  });

  it('a new scan supersedes a running one, and a full scan publishes every file', async () => {
    const firstScan = client.connection.sendRequest(ScanWorkspaceRequest, {});
    const tokensBefore = client.createdTokens.length;
    await until(() => client.createdTokens.length > tokensBefore, 'the first scan under way');
    const secondScan = client.connection.sendRequest(ScanWorkspaceRequest, {});
    const [superseded, complete] = await Promise.all([firstScan, secondScan]);
    assert.equal(superseded.cancelled, true);
    assert.equal(complete.cancelled, false);
    assert.equal(complete.analysed, 400);
    assert.equal(complete.findings, 400); // every file has one finding: DVR101 or DVR301
    const all = await client.connection.sendRequest(AllFindingsRequest, {});
    assert.equal(all.length, 400);
  });
});

describe('settings', () => {
  it('reports invalid settings once (message + log) and analyses with the defaults', async () => {
    const client = new WorkspaceTestClient();
    const folder = makeTree({ 'a.py': SHELL });
    try {
      await client.start([folder], { minSeverity: 'extreme', select: ['XYZ'] });
      const uri = uriOf(path.join(folder, 'a.py'));
      await client.open(uri, SHELL);
      await until(() => client.ruleIdsOf(uri).join() === 'DVR101', 'findings with the default settings');
      // The settings are read after `initialized`, concurrently with the first analysis.
      const errors = await until(() => {
        const found = client.messages.filter((m) => m.type === 1);
        return found.length > 0 && found;
      }, 'the configuration error');
      assert.equal(errors.length, 1, JSON.stringify(client.messages));
      assert.match(errors[0].message, /invalid configuration, these settings are ignored/);
      assert.match(errors[0].message, /dvrHints\.minSeverity/);
      assert.match(errors[0].message, /not a rule id or prefix/);
      // The same invalid settings again: no second notification.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await client.change(uri, 2, [{ text: SHELL + '\n' }]);
      assert.equal(client.messages.filter((m) => m.type === 1).length, 1);
    } finally {
      await client.stop();
    }
  });

  it('scans at start-up when dvrHints.scanOnStartup is on', async () => {
    const client = new WorkspaceTestClient();
    const folder = makeTree({ 'a.py': SHELL, 'b/c.py': SHELL });
    try {
      await client.start([folder], { scanOnStartup: true });
      await until(() => client.ruleIdsOf(uriOf(path.join(folder, 'b/c.py'))).join() === 'DVR101', 'start-up scan findings');
      await until(() => kinds(client.progress.get(client.createdTokens[0])).at(-1) === 'end', 'start-up scan progress to end');
    } finally {
      await client.stop();
    }
  });

  for (const trusted of [true, false]) {
    it(`${trusted ? 'honours' : 'ignores'} workspace taint sources from settings and pyproject.toml in ${trusted ? 'a trusted' : 'an untrusted'} workspace`, async () => {
      const client = new WorkspaceTestClient();
      const folder = makeTree({
        'proj/pyproject.toml': '[tool.dvr-hints]\ntaint-sources = ["my_rpc.get_name"]\n',
        'proj/a.py': CONFIGURED_SOURCE,
        'other/b.py': CONFIGURED_SOURCE,
      });
      try {
        await client.start([folder], { taint: { sources: ['my_rpc.get_name'] } }, { trusted });
        const fromPyproject = uriOf(path.join(folder, 'proj/a.py'));
        const fromSettings = uriOf(path.join(folder, 'other/b.py'));
        await client.open(fromPyproject, CONFIGURED_SOURCE);
        await client.open(fromSettings, CONFIGURED_SOURCE);
        // Open with a clean file as a marker that analysis has run.
        const marker = uriOf(path.join(folder, 'marker.py'));
        await client.open(marker, SHELL);
        await until(() => client.latestFindings(marker), 'the marker analysed');
        const expected = trusted ? 'DVR101' : '';
        assert.equal(client.ruleIdsOf(fromPyproject).join(), expected);
        assert.equal(client.ruleIdsOf(fromSettings).join(), expected);
      } finally {
        await client.stop();
      }
    });
  }
});
