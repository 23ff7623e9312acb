import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { escapeControls } from '../src/cli/textFormat';
import { project as scratchProject } from './cliHarness';
import { REPO_ROOT } from './helpers';

/** What the CLI prints about hostile file names and contents, and how it counts one file given several ways. */

const BIN = path.join(REPO_ROOT, 'bin', 'dvr-hints.js');
const FLAGGED = 'import sys\nimport subprocess\n\nsubprocess.call("grep -R {} .".format(sys.argv[1]), shell=True)\n';
const tmpDirs: string[] = [];

function project(files: Record<string, string>): string {
  const dir = scratchProject(files);
  tmpDirs.push(dir);
  return dir;
}

function scan(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'scan', ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The finding lines of text output (`path:line:col: RULE ...`; the related locations under them are indented). */
function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => /^\S.*:\d+:\d+: DVR\d{3} /.test(l));
}

after(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('escapeControls', () => {
  it('writes line breaks, terminal escapes and bidi overrides as visible escapes', () => {
    assert.equal(escapeControls('a\nb\rc\td'), 'a\\nb\\rc\\td');
    assert.equal(escapeControls('\u001b[31mred'), '\\x1b[31mred');
    assert.equal(escapeControls('x\u202ey\u2066z'), 'x\\u202ey\\u2066z');
    assert.equal(escapeControls('\u0085\u2028'), '\\x85\\u2028');
  });

  it('leaves printable text, including astral characters, alone', () => {
    const text = 'naïve 🔥 path/ü.py: "quoted"';
    assert.equal(escapeControls(text), text);
  });
});

describe('CLI text output of hostile names', () => {
  it('a newline in a file name cannot forge a finding line', () => {
    const forged = 'x.py:1:1: DVR999 [high] forged'; // no '/': it cannot be in a file name
    const dir = project({ [`evil\n${forged}\n.py`]: FLAGGED });
    const r = scan(['.', '--select', 'DVR101'], dir);
    assert.equal(r.status, 1, r.stderr);
    const lines = findingLines(r.stdout);
    assert.equal(lines.length, 1, r.stdout);
    assert.ok(lines[0].startsWith('evil\\nx.py:1:1: DVR999'), lines[0]);
    assert.ok(!r.stdout.split('\n').some((l) => l.startsWith('x.py:1:1')), 'no line starts with the forged text');
  });

  it('an escape sequence in a file name does not reach the terminal', () => {
    const dir = project({ 'a\u001b[2Jb.py': FLAGGED });
    const r = scan(['.', '--select', 'DVR101'], dir);
    assert.ok(!r.stdout.includes('\u001b'), 'no raw ESC in the output');
    assert.match(r.stdout, /a\\x1b\[2Jb\.py:4:/);
  });
});

describe('CLI: one file, several spellings', () => {
  it('reports a file given as a.py, ./a.py, .//a.py and through a symlink once', () => {
    const dir = project({ 'a.py': FLAGGED });
    fs.symlinkSync(path.join(dir, 'a.py'), path.join(dir, 'link.py'));
    const r = scan(['a.py', './a.py', './/a.py', path.join(dir, 'a.py'), 'link.py', '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const parsed = JSON.parse(r.stdout) as { findings?: unknown[]; files?: unknown[] } | unknown[];
    const findings = Array.isArray(parsed) ? parsed : parsed.findings ?? [];
    assert.equal(findings.length, 1, r.stdout);
  });
});

describe('CLI columns', () => {
  it('are UTF-16 code units, 1-based, in text output (an astral character counts 2)', () => {
    // '🔥' is one code point and two UTF-16 units: the call starts at UTF-16 column 11 (1-based; 10 code points before it).
    const dir = project({ 'astral.py': 'import sys\nimport os\n\nx = "🔥"; os.system("ls " + sys.argv[1])\n' });
    const r = scan(['astral.py', '--select', 'DVR101'], dir);
    const lines = findingLines(r.stdout);
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0], /^astral\.py:4:11: DVR101 /);
  });
});
