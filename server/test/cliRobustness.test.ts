import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from './helpers';
import { LspSession } from './lspHarness';
import { pathToFileURL } from 'url';

/** The CLI (bin/dvr-hints.js) on oversized files and hostile configuration; nothing in a workspace runs. */

const BIN = path.join(REPO_ROOT, 'bin', 'dvr-hints.js');
const FLAGGED = 'import os\n\ndef plug(name):\n    os.system("ip link set " + name)\n';
const tmpDirs: string[] = [];

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-cli-'));
  tmpDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

after(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('CLI: files over max-file-size', () => {
  it('--max-file-size skips a large file with one stderr line and analyses the rest', () => {
    const dir = project({ 'big.py': FLAGGED + '# padding\n'.repeat(100), 'small.py': FLAGGED });
    const r = cli(['scan', '.', '--max-file-size', '500', '--format', 'json'], dir);
    assert.equal(r.status, 1, 'small.py still has a finding');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], /big\.py: skipped: \d+ bytes is over the 500-byte limit \(max-file-size\)/);
    const report = JSON.parse(r.stdout) as { findings: { file: string }[]; files: number; skipped: { file: string }[] };
    assert.equal(report.files, 1);
    assert.deepEqual(report.findings.map((f) => path.basename(f.file)), ['small.py']);
    assert.deepEqual(report.skipped.map((s) => path.basename(s.file)), ['big.py']);
  });

  it('max-file-size in pyproject.toml does the same', () => {
    const dir = project({ 'pyproject.toml': '[tool.dvr-hints]\nmax-file-size = 500\n', 'pkg/big.py': FLAGGED + '# padding\n'.repeat(100) });
    const r = cli(['scan', '.'], dir);
    // Its one file skipped, the scan checked nothing: it says so and fails closed.
    assert.equal(r.status, 2);
    assert.match(r.stderr, /big\.py: skipped: .*max-file-size/);
    assert.match(r.stderr, /no file was analysed/);
    assert.match(r.stdout, /1 skipped/);
  });

  it('a file tree-sitter parses too slowly is skipped with a notice', () => {
    const dir = project({ 'slow.py': `x[${' , '.repeat(100_000)}]\n`, 'small.py': FLAGGED });
    const r = cli(['scan', '.'], dir);
    assert.equal(r.status, 1, 'small.py is still analysed');
    assert.match(r.stderr, /slow\.py: skipped: parsing took longer than \d+ s/);
  });

  it('a malformed --max-file-size is a usage error', () => {
    const dir = project({ 'a.py': FLAGGED });
    for (const value of ['-1', '0', 'lots', '1e3']) {
      const r = cli(['scan', '.', `--max-file-size=${value}`], dir);
      assert.equal(r.status, 2, value);
      assert.match(r.stderr, /--max-file-size must be a positive whole number/);
    }
  });
});

describe('CLI: hostile configuration exits 2 with one clear error', () => {
  const flags: [string, string[], RegExp][] = [
    ['an unknown rule id', ['--select', 'DVR1X'], /not a rule id/],
    ['a brace-bomb exclude', ['--exclude', '{1..10000000}'], /millions of patterns/],
    ['a negated exclude', ['--exclude', '!tests'], /negated patterns/],
    ['an unknown severity threshold', ['--min-severity', 'urgent'], /--min-severity must be low, medium or high/],
  ];
  for (const [name, args, expected] of flags) {
    it(`flag: ${name}`, () => {
      const r = cli(['scan', '.', ...args], project({ 'a.py': FLAGGED }));
      assert.equal(r.status, 2);
      assert.match(r.stderr, expected);
      assert.equal(r.stdout, '');
    });
  }

  const tomls: [string, string, RegExp][] = [
    ['malformed TOML', '[tool.dvr-hints\nselect = [', /pyproject\.toml: not valid TOML/],
    ['an unknown key', '[tool.dvr-hints]\nrun-before = "rm -rf /"\n', /\[tool\.dvr-hints\] run-before: unknown key/],
    ['a bad severity', '[tool.dvr-hints]\nseverity = { DVR101 = "extreme" }\n', /must be one of high, medium, low/],
    ['a bad rule id', '[tool.dvr-hints]\nignore = ["E501"]\n', /not a rule id/],
    ['a brace-bomb exclude', '[tool.dvr-hints]\nexclude = ["{1..100000}"]\n', /expand to 100000 patterns/],
    ['bad taint sources', '[tool.dvr-hints]\ntaint-sources = ["__import__(\'os\').system(\'id\')"]\n', /taint-sources/],
    ['bad taint sinks', '[tool.dvr-hints]\ntaint-sinks = [""]\n', /taint-sinks/],
    ['bad taint sanitisers', '[tool.dvr-hints]\ntaint-sanitizers = ["(a+)+$"]\n', /taint-sanitizers/],
    ['a zero max-file-size', '[tool.dvr-hints]\nmax-file-size = 0\n', /max-file-size/],
    ['too many exclude globs', `[tool.dvr-hints]\nexclude = [${Array.from({ length: 1001 }, (_, i) => `"d${i}"`).join(', ')}]\n`, /\[tool\.dvr-hints\] exclude: must NOT have more than 1000 items/],
    ['a huge pyproject.toml', `[tool.dvr-hints]\nselect = ["DVR1"]\n# ${'x'.repeat(1_100_000)}\n`, /too large for a pyproject\.toml/],
  ];
  for (const [name, toml, expected] of tomls) {
    it(`pyproject.toml: ${name}`, () => {
      const r = cli(['scan', '.'], project({ 'pyproject.toml': toml, 'a.py': FLAGGED }));
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^dvr-hints: invalid configuration: /);
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    });
  }
});

describe('nothing a workspace provides is executed', () => {
  const planted = (marker: string): Record<string, string> => {
    const payload = `open(${JSON.stringify(marker)}, "w").write("ran")\n`;
    return {
      'setup.py': payload,
      'conftest.py': payload,
      'sitecustomize.py': payload,
      'usercustomize.py': payload,
      'pkg/__init__.py': payload,
      'pkg/__main__.py': payload,
      'pyproject.toml': `[build-system]\nrequires = []\nbuild-backend = "backend"\n[tool.dvr-hints]\ntaint-sources = ["pkg.source"]\n`,
      '.pth': payload,
      'pkg/mod.py': `import pkg\n${payload}` + FLAGGED,
    };
  };

  it('by a CLI scan', () => {
    const marker = path.join(os.tmpdir(), `dvr-marker-cli-${process.pid}`);
    const dir = project(planted(marker));
    const r = cli(['scan', '.'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(!fs.existsSync(marker), 'a workspace file was executed');
  });

  it('by the language server', async () => {
    const marker = path.join(os.tmpdir(), `dvr-marker-lsp-${process.pid}`);
    const dir = project(planted(marker));
    const session = await LspSession.start();
    try {
      for (const f of ['setup.py', 'conftest.py', 'pkg/__init__.py', 'pkg/mod.py']) {
        const file = path.join(dir, f);
        const uri = pathToFileURL(file).href;
        await session.open(uri, fs.readFileSync(file, 'utf8'), 1);
        await session.waitForDiagnostics(uri, 1);
      }
    } finally {
      await session.stop();
    }
    assert.ok(!fs.existsSync(marker), 'a workspace file was executed');
  });
});
