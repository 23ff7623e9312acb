#!/usr/bin/env node
// `npm run test:e2e`: the whole end-to-end suite, in order:
//   1. test/e2e/setup.sh (idempotent: chromium, neovim, Node 24, code-server, playwright-core)
//   2. build: npm run build, tsc -p test/suite
//   3. package the VSIX (test/e2e/package-vsix.mjs)
//   4. the extension-host suite inside code-server (test/e2e/suite-code-server.mjs)
//   5. the code-server UI steps (test/e2e/code-server.e2e.mjs)
//   6. Neovim's LSP client against the server (test/e2e/neovim.e2e.mjs)
// Later parts run even when an earlier test part fails (setup, build and
// packaging failures stop the run). Screenshots, logs and summaries go to
// test-output/e2e/. Prints a summary with timings; exit 1 if any part failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './lib/env.mjs';

const OUT = path.join(REPO_ROOT, 'test-output/e2e');
const VSIX = path.join(OUT, 'dvr-security-hints.vsix');
const here = (f) => path.join(REPO_ROOT, 'test/e2e', f);
const log = (m) => console.log(`[test:e2e] ${m}`);

const parts = [
  { name: 'setup (test/e2e/setup.sh)', cmd: ['bash', here('setup.sh')], required: true },
  { name: 'build (npm run build, tsc -p test/suite)', cmd: ['bash', '-c', 'npm run build && npx tsc -p test/suite'], required: true },
  { name: 'package the VSIX', cmd: [process.execPath, here('package-vsix.mjs'), '--out', VSIX, '--no-build'], required: true },
  { name: 'extension-host suite in code-server', cmd: [process.execPath, here('suite-code-server.mjs'), '--vsix', VSIX, '--out', OUT] },
  { name: 'code-server UI steps', cmd: [process.execPath, here('code-server.e2e.mjs'), '--vsix', VSIX, '--out', OUT] },
  { name: 'Neovim LSP client', cmd: [process.execPath, here('neovim.e2e.mjs'), '--out', OUT] },
];

fs.mkdirSync(OUT, { recursive: true });
const started = Date.now();
const results = [];
for (const part of parts) {
  log(`==== ${part.name}`);
  const t0 = Date.now();
  const r = spawnSync(part.cmd[0], part.cmd.slice(1), { cwd: REPO_ROOT, stdio: 'inherit' });
  const ok = r.status === 0;
  results.push({ name: part.name, ok, seconds: (Date.now() - t0) / 1000, exit: r.status ?? r.signal });
  if (!ok && part.required) { log(`${part.name} failed: stopping`); break; }
}
const total = (Date.now() - started) / 1000;
log('==== summary');
for (const r of results) log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${r.seconds.toFixed(1)} s${r.ok ? '' : `, exit ${r.exit}`})`);
for (const p of parts.slice(results.length)) log(`SKIP  ${p.name}`);
log(`total ${total.toFixed(1)} s; screenshots, logs and summaries in ${path.relative(REPO_ROOT, OUT)}/`);
fs.writeFileSync(path.join(OUT, 'summary.json'), JSON.stringify({ seconds: total, parts: results }, null, 2));
if (results.length < parts.length || results.some((r) => !r.ok)) process.exitCode = 1;
