import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'url';
import {
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { findRulesDirectory } from '../../server/src/engine/catalogue';
import { RuleDocsRequest } from '../../server/src/lsp/protocol';

/**
 * The packaged extension (`npm run package` builds it just before this test): what the
 * VSIX holds, and that its server and CLI run from the unpacked folder on their own.
 */
const REPO_ROOT = path.dirname(findRulesDirectory());
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const VSIX = path.join(REPO_ROOT, `${manifest.name}-${manifest.version}.vsix`);
const PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64', 'win32-arm64'];
const SHELL_CODE = ['import os', '', 'def flush(ns_name):', "    os.system('ip netns exec %s conntrack -F' % ns_name)", ''].join('\n');

function unzip(archive: string, into: string): void {
  const viaUnzip = spawnSync('unzip', ['-q', archive, '-d', into]);
  if (viaUnzip.status === 0) return;
  // Without the unzip tool: Python's zipfile module does the same.
  execFileSync('python3', ['-m', 'zipfile', '-e', archive, into]);
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}

describe('the VSIX', () => {
  let unpacked: string;
  let extension: string;
  let files: string[];
  let workspace: string;

  before(() => {
    assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run 'npm run package' first (npm run test:vsix does)`);
    unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-vsix-'));
    unzip(VSIX, unpacked);
    extension = path.join(unpacked, 'extension');
    files = listFiles(extension);
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-vsix-ws-'));
    fs.writeFileSync(path.join(workspace, 'flush.py'), SHELL_CODE);
    const sizeMb = fs.statSync(VSIX).size / 1024 / 1024;
    process.stdout.write(`# VSIX ${path.basename(VSIX)}: ${sizeMb.toFixed(2)} MB, ${files.length} files\n`);
  });
  after(() => {
    fs.rmSync(unpacked, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it('holds the bundles, the manifest, README, LICENSE, the rule docs, the grammar and the icon', () => {
    for (const required of ['package.json', 'readme.md', 'LICENSE.txt', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'bin/dvr-hints.js', 'rules/README.md', 'rules/DVR101.md', 'syntaxes/dvr-hints-suppression.tmLanguage.json', 'media/shield.svg']) {
      assert.ok(files.includes(required), `${required} missing from the VSIX`);
    }
    const ruleDocs = fs.readdirSync(findRulesDirectory()).filter((f) => /^DVR\d{3}\.md$/.test(f));
    for (const doc of ruleDocs) assert.ok(files.includes(`rules/${doc}`), `rules/${doc} missing`);
  });

  it('holds tree-sitter and tree-sitter-python with prebuilt binaries for every platform, and node-gyp-build', () => {
    for (const platform of PLATFORMS) {
      assert.ok(files.includes(`node_modules/tree-sitter/prebuilds/${platform}/tree-sitter.node`), `tree-sitter ${platform}`);
      assert.ok(files.includes(`node_modules/tree-sitter-python/prebuilds/${platform}/tree-sitter-python.node`), `tree-sitter-python ${platform}`);
    }
    assert.ok(files.includes('node_modules/node-gyp-build/node-gyp-build.js'));
    const modules = new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]));
    assert.deepEqual([...modules].sort(), ['node-gyp-build', 'tree-sitter', 'tree-sitter-python']);
  });

  it('packages a linux-x64 tree-sitter binary that loads here, and says which libstdc++ it needs', () => {
    const binary = path.join(extension, 'node_modules/tree-sitter/prebuilds/linux-x64/tree-sitter.node');
    const versions = [...fs.readFileSync(binary).toString('latin1').matchAll(/GLIBCXX_3\.4\.(\d+)/g)].map((m) => Number(m[1]));
    process.stdout.write(`# linux-x64 tree-sitter.node needs GLIBCXX_3.4.${Math.max(0, ...versions)}\n`);
    if (process.platform === 'linux' && process.arch === 'x64') {
      const load = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(path.join(extension, 'node_modules', 'tree-sitter'))})`], { encoding: 'utf8' });
      assert.equal(load.status, 0, load.stderr);
    }
  });

  it('leaves out sources, tests, source maps, local builds, fixtures, examples and dev files', () => {
    const unwanted = files.filter(
      (f) =>
        /\.(ts|map|py|cc|c|h|gyp|vsix)$/.test(f) ||
        /^(server|client|test|out|examples|scripts|\.ci|\.github)\//.test(f) ||
        /^node_modules\/[^/]+\/(build|src|vendor|node-addon-api)\//.test(f) ||
        /(^|\/)(tsconfig\.json|package-lock\.json|\.gitignore|\.vscodeignore)$/.test(f),
    );
    assert.deepEqual(unwanted, []);
  });

  it('declares the findings view, its commands and the untrusted-workspace capability in its manifest', () => {
    const packaged = JSON.parse(fs.readFileSync(path.join(extension, 'package.json'), 'utf8')) as {
      contributes: { views: Record<string, { id: string }[]>; commands: { command: string }[] };
      capabilities: { untrustedWorkspaces: { supported: string } };
    };
    assert.deepEqual(
      packaged.contributes.views.dvrHints.map((v) => v.id),
      ['dvrHints.findings'],
    );
    const commands = packaged.contributes.commands.map((c) => c.command);
    for (const id of ['dvrHints.scanWorkspace', 'dvrHints.showRuleDocs', 'dvrHints.setMinSeverity', 'dvrHints.groupBy.file', 'dvrHints.groupBy.severity', 'dvrHints.groupBy.rule', 'dvrHints.groupBy.cwe']) {
      assert.ok(commands.includes(id), id);
    }
    assert.equal(packaged.capabilities.untrustedWorkspaces.supported, 'limited');
  });

  it('runs its language server from the unpacked folder: diagnostics, hover and rule docs over stdio', async () => {
    const child = spawn(process.execPath, [path.join(extension, 'dist', 'server.js'), '--stdio'], { cwd: workspace });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const uri = pathToFileURL(path.join(workspace, 'flush.py')).toString();
    const published = new Promise<PublishDiagnosticsParams>((resolve) => {
      connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri) resolve(p);
      });
    });
    connection.listen();
    try {
      const init = await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(workspace).toString(), capabilities: {} });
      assert.equal(init.serverInfo?.name, 'dvr-hints');
      assert.equal(init.serverInfo?.version, manifest.version);
      await connection.sendNotification(InitializedNotification.type, {});
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text: SHELL_CODE } });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no diagnostics; stderr: ${stderr}`)), 15_000)));
      const diagnostics = await Promise.race([published, timeout]).finally(() => clearTimeout(timer));
      assert.deepEqual(
        diagnostics.diagnostics.map((d) => d.code),
        ['DVR101'],
      );
      const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 6 } });
      assert.match((hover?.contents as MarkupContent).value, /Shell command built from external data/);
      const docs = await connection.sendRequest(RuleDocsRequest, { ruleId: 'DVR101' });
      assert.match(docs.rules[0].markdown, /## Why is this bad\?/);
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } finally {
      connection.dispose();
      child.kill();
    }
    assert.doesNotMatch(stderr, /Error|cannot find/i);
  });

  it('runs its CLI (dist/cli.js and bin/dvr-hints.js) from the unpacked folder', () => {
    const scan = spawnSync(process.execPath, [path.join(extension, 'dist', 'cli.js'), 'scan', 'flush.py', '--no-color'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(scan.status, 1, scan.stderr);
    assert.match(scan.stdout, /flush\.py:4:5: .*DVR101/);
    const explain = spawnSync(process.execPath, [path.join(extension, 'bin', 'dvr-hints.js'), 'explain', 'DVR301'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /Broad exception handler/);
    const version = spawnSync(process.execPath, [path.join(extension, 'bin', 'dvr-hints.js'), '--version'], { cwd: workspace, encoding: 'utf8' });
    assert.equal(version.stdout.trim(), `dvr-hints ${manifest.version}`);
  });

  it("its CLI explains a user's mistakes in one line, counts files as K of M and prints the legend", () => {
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(extension, 'bin', 'dvr-hints.js'), ...args], { cwd: workspace, encoding: 'utf8' });
    const typo = run('scan', '.', '--selct', 'DVR101');
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /unknown option '--selct'; did you mean '--select'\?/);
    assert.ok(typo.stderr.trim().split('\n').length <= 2, `short usage error, not the whole help:\n${typo.stderr}`);
    const unknownRule = run('scan', '.', '--select', 'DVR999');
    assert.equal(unknownRule.status, 2);
    assert.match(unknownRule.stderr, /DVR999/);
    const badOutput = run('scan', 'flush.py', '--output', path.join(workspace, 'missing', 'dir', 'x.json'));
    assert.equal(badOutput.status, 2);
    assert.doesNotMatch(badOutput.stderr, /\n\s+at /, 'no stack trace');
    const text = run('scan', '.', '--no-color');
    assert.match(text.stdout, /\d+ findings? in \d+ of \d+ files?/);
    assert.match(text.stdout, /\[severity\/confidence\]: severity is how much harm/);
  });
});
