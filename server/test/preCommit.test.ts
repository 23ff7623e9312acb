import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from './helpers';

/**
 * The published pre-commit hook (.pre-commit-hooks.yaml), and the same hook run by Debian's
 * `pre-commit` in a scratch git repository. The published hook is `language: node`, which
 * pre-commit installs by cloning the repository and running npm in it: that needs this
 * repository at a git URL and the npm registry, so the run here declares the same hook as a
 * `repo: local` hook with `language: system` and this checkout's CLI as its entry (id, types
 * and arguments as published). Without pre-commit the run is skipped, loudly.
 */

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  types: string[];
}

const hooks = parseYaml(fs.readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'dvr-hints') as Hook;
const SHELL = "import os\n\n\ndef flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n";

function preCommitAvailable(): boolean {
  return spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string } {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('pre-commit hook', () => {
  it('is published as id dvr-hints: node, `dvr-hints scan`, Python files only', () => {
    assert.equal(hooks.length, 1);
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'dvr-hints scan');
    assert.deepEqual(hook.types, ['python']);
    // The entry's command is the package's bin, which pre-commit's npm install puts on PATH.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    assert.equal(pkg.bin[hook.entry.split(' ')[0]], 'bin/dvr-hints.js');
    // npm pack (how pre-commit installs a node hook) must build and keep dist/, which .gitignore leaves out.
    assert.match(pkg.scripts.prepack, /scripts\/build\.mjs/);
    const npmignore = fs.readFileSync(path.join(REPO_ROOT, '.npmignore'), 'utf8').split('\n');
    assert.ok(!npmignore.includes('dist/') && npmignore.includes('node_modules/'));
  });

  it('runs on the staged Python files in a scratch repository and fails on a finding', (t) => {
    if (!preCommitAvailable()) {
      process.stderr.write('SKIPPED: pre-commit not installed (apt-get install pre-commit); the pre-commit hook was not run\n');
      t.skip('SKIPPED: pre-commit not installed');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-pre-commit-'));
    const env = { ...process.env, PRE_COMMIT_HOME: path.join(dir, '.cache'), GIT_CONFIG_NOSYSTEM: '1', HOME: dir };
    const cli = path.join(REPO_ROOT, 'bin', 'dvr-hints.js');
    const config = [
      'repos:',
      '  - repo: local',
      '    hooks:',
      `      - id: ${hook.id}`,
      `        name: ${hook.name}`,
      `        entry: ${JSON.stringify(`${process.execPath} ${cli} ${hook.entry.split(' ').slice(1).join(' ')}`)}`,
      '        language: system',
      `        types: [${hook.types.join(', ')}]`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, '.pre-commit-config.yaml'), config);
    fs.mkdirSync(path.join(dir, 'agent'));
    fs.writeFileSync(path.join(dir, 'agent', 'flush.py'), SHELL);
    fs.writeFileSync(path.join(dir, 'agent', 'clean.py'), 'x = 1\n');
    // Not Python: never handed to the hook, though it would be a finding if it were.
    fs.writeFileSync(path.join(dir, 'notes.txt'), SHELL);
    assert.equal(run('git', ['init', '-q', '.'], dir, env).status, 0);

    assert.equal(run('git', ['add', '.pre-commit-config.yaml', 'agent/clean.py', 'notes.txt'], dir, env).status, 0);
    const clean = run('pre-commit', ['run'], dir, env);
    assert.equal(clean.status, 0, clean.output);
    assert.match(clean.output, /dvr-hints\.+Passed/);

    assert.equal(run('git', ['add', 'agent/flush.py'], dir, env).status, 0);
    const dirty = run('pre-commit', ['run'], dir, env);
    assert.equal(dirty.status, 1, dirty.output);
    assert.match(dirty.output, /dvr-hints\.+Failed/);
    assert.match(dirty.output, /agent\/flush\.py:5:5: DVR101/);
    assert.doesNotMatch(dirty.output, /notes\.txt/);
  });
});
