import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { after, describe, it } from 'node:test';
import { MessageType } from 'vscode-languageserver-protocol';
import { LspSession } from './lspHarness';
import { readRepoFile } from './helpers';

/** The real server (dist/server.js) under hostile settings, oversized files, cancellation and crashes. */

const FLAGGED = 'import os\n\ndef plug(name):\n    os.system("ip link set " + name)\n';
const sessions: LspSession[] = [];
const tmpDirs: string[] = [];

async function start(options: Parameters<typeof LspSession.start>[0] = {}): Promise<LspSession> {
  const session = await LspSession.start(options);
  sessions.push(session);
  return session;
}

function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-robust-'));
  tmpDirs.push(dir);
  return dir;
}

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

after(async () => {
  await Promise.all(sessions.map((s) => s.stop()));
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('files over dvrHints.maxFileSize', () => {
  it('are skipped with one notice per document, and the server goes on analysing others', async () => {
    const session = await start({ settings: { maxFileSize: 2000 } });
    const big = 'file:///robust/neutron/agent/big.py';
    const bigText = FLAGGED + '# padding\n'.repeat(300);
    await session.open(big, bigText, 1);
    assert.deepEqual((await session.waitForDiagnostics(big, 1)).diagnostics, []);
    for (const version of [2, 3]) {
      await session.change(big, version, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' }]);
      assert.deepEqual((await session.waitForDiagnostics(big, version)).diagnostics, []);
    }
    const small = 'file:///robust/neutron/agent/small.py';
    await session.open(small, FLAGGED, 1);
    assert.ok((await session.waitForDiagnostics(small, 1)).diagnostics.some((d) => d.code === 'DVR101'));

    const notices = session.shown.filter((m) => m.message.includes('maxFileSize'));
    assert.equal(notices.length, 1, `one notice for big.py, got ${JSON.stringify(notices)}`);
    assert.equal(notices[0].via, 'notification');
    assert.equal(notices[0].type, MessageType.Warning);
    assert.match(notices[0].message, /big\.py.*2000/);

    const other = 'file:///robust/neutron/agent/big2.py';
    await session.open(other, bigText, 1);
    await session.waitForDiagnostics(other, 1);
    assert.equal(session.shown.filter((m) => m.message.includes('maxFileSize')).length, 2, 'a second oversized document gets its own notice');
  });
});

describe('text that tree-sitter parses slowly', () => {
  it('is skipped after the parse time budget with one notice, and the server goes on', async () => {
    // tree-sitter's error recovery is quadratic on a subscript of many empty elements.
    const session = await start();
    const slow = 'file:///robust/neutron/agent/slow.py';
    await session.open(slow, `x[${' , '.repeat(100_000)}]\n`, 1);
    assert.deepEqual((await session.waitForDiagnostics(slow, 1, 120_000)).diagnostics, []);
    const notices = session.shown.filter((m) => m.message.includes('slow.py'));
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /parsing took longer than \d+ s/);
    const small = 'file:///robust/neutron/agent/after_slow.py';
    await session.open(small, FLAGGED, 1);
    assert.ok((await session.waitForDiagnostics(small, 1)).diagnostics.some((d) => d.code === 'DVR101'));
  });
});

describe('hostile editor settings', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['an exclude glob whose braces explode', { exclude: ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}/x'] }, /expand to 128 patterns/],
    ['a negated exclude glob', { exclude: ['!neutron'] }, /negated patterns are not supported/],
    ['an unknown rule id', { select: ['DVR1X'] }, /not a rule id/],
    ['an unknown severity', { severity: { DVR101: 'critical' } }, /must be one of high, medium, low/],
    ['a severity for a malformed rule id', { severity: { 'DVR101; rm -rf': 'high' } }, /severity/],
    ['an unknown minimum severity', { minSeverity: 'urgent' }, /dvrHints\.minSeverity/],
    ['a taint source that is not a dotted name', { taint: { sources: ['os.system; import os'] } }, /dvrHints\.taint\.sources/],
    ['a taint sink that is too long', { taint: { sinks: ['a'.repeat(300)] } }, /dvrHints\.taint\.sinks/],
    ['a taint sanitiser with a regular expression', { taint: { sanitizers: ['(a+)+$'] } }, /dvrHints\.taint\.sanitizers/],
    ['a negative maxFileSize', { maxFileSize: -5 }, /dvrHints\.maxFileSize/],
  ];
  for (const [name, settings, expected] of cases) {
    it(`${name}: one clear error naming the setting, which alone falls back`, async () => {
      const session = await start({ settings });
      const uri = 'file:///robust/neutron/agent/hostile_settings.py';
      await session.open(uri, FLAGGED, 1);
      const published = await session.waitForDiagnostics(uri, 1);
      assert.ok(published.diagnostics.some((d) => d.code === 'DVR101'), 'the defaults apply: DVR101 is reported');
      const errors = session.shown.filter((m) => m.type === MessageType.Error);
      assert.equal(errors.length, 1, `one error notification, got ${JSON.stringify(session.shown)}`);
      assert.match(errors[0].message, /invalid configuration, this setting is ignored/);
      assert.match(errors[0].message, expected);
      assert.ok(session.logs.some((l) => l.type === MessageType.Error && expected.test(l.message)), 'the error is also in the output channel');
    });
  }
});

describe('a mistyped rule id in the editor settings', () => {
  it('is reported by its setting name with a suggestion, once, and only that setting falls back', async () => {
    const session = await start({ settings: { select: ['DVR110'], ignore: ['DVR101'] } });
    const uri = 'file:///robust/neutron/agent/typo_settings.py';
    await session.open(uri, FLAGGED + 'import logging\nLOG = logging.getLogger(__name__)\nLOG.info("plugged %s" % os.name)\n', 1);
    const published = await session.waitForDiagnostics(uri, 1);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(!codes.includes('DVR101'), 'dvrHints.ignore still applies');
    assert.ok(codes.includes('DVR403'), 'dvrHints.select fell back to every default rule');
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edit\n' }]);
    await session.waitForDiagnostics(uri, 2);
    const errors = session.shown.filter((m) => m.type === MessageType.Error);
    assert.equal(errors.length, 1, JSON.stringify(session.shown));
    assert.match(errors[0].message, /dvrHints\.select: 'DVR110' is not a rule; did you mean 'DVR101'/);
    assert.doesNotMatch(errors[0].message, /dvrHints\.ignore/);
    assert.equal(session.logs.filter((l) => l.type === MessageType.Error && /DVR110/.test(l.message)).length, 1, 'one log line');
  });
});

describe('hostile pyproject.toml', () => {
  const cases: [string, string, RegExp][] = [
    ['malformed TOML', '[tool.dvr-hints\nselect = [', /not valid TOML/],
    ['an unknown key', '[tool.dvr-hints]\nrun-before = "rm -rf /"\n', /\[tool\.dvr-hints\] run-before: unknown key/],
    ['a bad severity', '[tool.dvr-hints]\nseverity = { DVR101 = "extreme" }\n', /must be one of high, medium, low/],
    ['a brace-bomb exclude', '[tool.dvr-hints]\nexclude = ["' + '{a,b}'.repeat(40) + '"]\n', /millions of patterns/],
    ['bad taint names', '[tool.dvr-hints]\ntaint-sources = ["__import__(\'os\').system(\'id\')"]\n', /\[tool\.dvr-hints\] taint-sources/],
  ];
  for (const [name, toml, expected] of cases) {
    it(`${name}: one clear error naming the file and key`, async () => {
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), toml);
      fs.mkdirSync(path.join(dir, 'pkg'));
      const files = ['a.py', 'b.py'].map((f) => path.join(dir, 'pkg', f));
      for (const f of files) fs.writeFileSync(f, FLAGGED);
      const session = await start();
      for (const f of files) {
        const uri = pathToFileURL(f).href;
        await session.open(uri, FLAGGED, 1);
        assert.ok((await session.waitForDiagnostics(uri, 1)).diagnostics.some((d) => d.code === 'DVR101'), 'the defaults apply');
      }
      const errors = session.shown.filter((m) => m.type === MessageType.Error);
      assert.equal(errors.length, 1, `one error for two files, got ${JSON.stringify(session.shown)}`);
      assert.match(errors[0].message, expected);
      assert.ok(errors[0].message.includes('pyproject.toml'), 'the error names the file');
    });
  }
});

describe('cancellation', () => {
  it('a newer version cancels a running analysis, which publishes nothing', async () => {
    const session = await start({ debug: true });
    const uri = 'file:///robust/neutron/agent/long.py';
    // Long enough that its analysis is still running when the edit arrives.
    const long = (readRepoFile('rules/DVR101.py') + '\n').repeat(150);
    await session.open(uri, long, 1);
    await settle(300);
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# newer\n' }]);
    const latest = await session.waitForDiagnostics(uri, 2, 120_000);
    assert.ok(latest.diagnostics.length > 0);
    await settle(300);
    const versions = (session.diagnostics.get(uri) ?? []).map((p) => p.version);
    assert.deepEqual(versions, [2], 'only the latest version was published');
    const copy = await session.debugDocument(uri);
    assert.ok(copy && copy.cancelledAnalyses >= 1, `the first analysis was cancelled (${copy?.cancelledAnalyses})`);
  });

  it('the debug request is refused unless the server runs with debug: true', async () => {
    const session = await start();
    await assert.rejects(session.debugDocument('file:///robust/x.py'), /debug: true/);
  });
});

describe('crash recovery', () => {
  it('a new server given the open documents again publishes their diagnostics again', async () => {
    const documents = [
      { uri: 'file:///robust/neutron/agent/one.py', text: FLAGGED, version: 7 },
      { uri: 'file:///robust/neutron/agent/two.py', text: readRepoFile('rules/DVR403.py'), version: 3 },
    ];
    const first = await start();
    const before: unknown[] = [];
    for (const d of documents) {
      await first.open(d.uri, d.text, d.version);
      before.push((await first.waitForDiagnostics(d.uri, d.version)).diagnostics);
    }
    assert.ok((before[0] as unknown[]).length > 0 && (before[1] as unknown[]).length > 0);

    await first.kill('SIGKILL');
    assert.equal(first.process.signalCode, 'SIGKILL');

    // What vscode-languageclient does after a crash: start the server again and re-open every document.
    const second = await start();
    for (const [i, d] of documents.entries()) {
      await second.open(d.uri, d.text, d.version);
      assert.deepEqual((await second.waitForDiagnostics(d.uri, d.version)).diagnostics, before[i]);
    }
  });
});
