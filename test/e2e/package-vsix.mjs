#!/usr/bin/env node
// Produces the extension's VSIX for the e2e tests.
//
//   node test/e2e/package-vsix.mjs [--out FILE] [--no-build]
//   (default out: test-output/e2e/dvr-security-hints.vsix; --no-build: dist/ is fresh, skip
//   `npm run build` in the fallback)
//
// - If package.json has a "package" script (the project's own packaging:
//   vsce + .vscodeignore), runs `npm run package` and takes the .vsix it wrote
//   (the newest one under the repo root, outside node_modules).
// - Otherwise builds (`npm run build`) and runs vsce itself
//   (`npx @vscode/vsce@VSCE_VERSION package`) with a temporary ignore file
//   (--ignoreFile, kept outside the repo) that leaves out sources, tests and
//   examples. vsce adds the production dependencies (tree-sitter,
//   tree-sitter-python with their native binaries) from node_modules.
// Either way the VSIX is checked to hold what the extension needs at run time.
// Prints the VSIX path as the last line of stdout. Importable: packageVsix().
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, argValue } from './lib/env.mjs';

// vsce 3.x runs on Node 20 (4.x needs Node 22).
export const VSCE_VERSION = '3.9.2';

// What the fallback leaves out of the VSIX (vsce also drops .git, .vsix etc.).
const FALLBACK_IGNORE = `
.ci/**
.github/**
.vscode/**
.vscode-test/**
bin/**
client/**
examples/**
out/**
scripts/**
server/**
test/**
test-output/**
dist/cli.js
dist/*.map
rules/*.py
syntaxes/**/*.py
tsconfig.json
package-lock.json
.gitignore
**/*.ts.map
`;

// Files the installed extension loads (paths inside the VSIX's extension/ folder).
const REQUIRED_ENTRIES = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/rules/README.md',
  'extension/rules/DVR101.md',
  'extension/node_modules/tree-sitter/package.json',
  'extension/node_modules/tree-sitter-python/package.json',
];

const log = (m) => console.error(`[package-vsix] ${m}`);

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`);
}

// .vsix files under the repo (depth 2, not node_modules) with their mtimes.
function vsixFiles() {
  const found = new Map();
  const walk = (dir, depth) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name === '.git') continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth > 0) walk(p, depth - 1);
      else if (e.isFile() && e.name.endsWith('.vsix')) found.set(p, fs.statSync(p).mtimeMs);
    }
  };
  walk(REPO_ROOT, 2);
  return found;
}

/** Lists the entries of a zip file (central directory), without extracting. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const nameLen = buf.readUInt16LE(p + 28), extraLen = buf.readUInt16LE(p + 30), commentLen = buf.readUInt16LE(p + 32);
    names.push(buf.toString('utf8', p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

function checkVsix(file) {
  const entries = new Set(zipEntries(file));
  const missing = REQUIRED_ENTRIES.filter((e) => !entries.has(e));
  if (missing.length) throw new Error(`${file} lacks ${missing.join(', ')}`);
  const natives = [...entries].filter((e) => e.endsWith('.node') && e.includes('/tree-sitter'));
  if (!natives.some((e) => e.startsWith('extension/node_modules/tree-sitter/'))) throw new Error(`${file} has no tree-sitter native binding`);
  if (!natives.some((e) => e.startsWith('extension/node_modules/tree-sitter-python/'))) throw new Error(`${file} has no tree-sitter-python native binding`);
  log(`${path.basename(file)}: ${entries.size} entries, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB; has dist/, rules/*.md, tree-sitter native bindings`);
}

/** Builds the VSIX and copies it to `out`; returns `out`. */
export function packageVsix(out = path.join(REPO_ROOT, 'test-output/e2e/dvr-security-hints.vsix'), { build = true } = {}) {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  if (pkg.scripts?.package) {
    const before = vsixFiles();
    const started = Date.now();
    run('npm', ['run', 'package']);
    const made = [...vsixFiles()].filter(([p, mtime]) => p !== out && mtime >= started - 2000 && before.get(p) !== mtime)
      .sort((a, b) => b[1] - a[1]);
    if (!made.length) throw new Error('`npm run package` wrote no .vsix under the repository');
    fs.copyFileSync(made[0][0], out);
    log(`npm run package wrote ${path.relative(REPO_ROOT, made[0][0])}`);
  } else {
    if (build) run('npm', ['run', 'build']);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-vsix-'));
    try {
      const ignoreFile = path.join(tmp, 'vscodeignore');
      fs.writeFileSync(ignoreFile, FALLBACK_IGNORE);
      // --skip-license: no LICENSE file in the repo yet (vsce would prompt).
      run('npx', ['--yes', `@vscode/vsce@${VSCE_VERSION}`, 'package', '--ignoreFile', ignoreFile,
        '--skip-license', '--out', out]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  checkVsix(out);
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const args = process.argv.slice(2);
    const out = argValue(args, '--out');
    console.log(packageVsix(out ? path.resolve(out) : undefined, { build: !args.includes('--no-build') }));
  } catch (e) {
    log(`FAIL: ${e.message}`);
    process.exitCode = 1;
  }
}
