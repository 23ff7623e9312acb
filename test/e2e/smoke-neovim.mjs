#!/usr/bin/env node
// Smoke test: headless Neovim (0.7, Debian) runs its built-in LSP client on a
// Python file against a stdio LSP server command and prints the diagnostics
// the server published.
//
//   node test/e2e/smoke-neovim.mjs [--out DIR] [--file PY] [--min N] [--timeout MS] -- SERVER_CMD...
//   e.g. node test/e2e/smoke-neovim.mjs -- node dist/server.js --stdio
//
// --out: result dir (default $TMPDIR/dvr-hints-e2e-results).
// --file: the Python file to open (default: a small sample with shell=True).
// --min:  wait until at least N diagnostics (default 1; 0 accepts an empty publish).
// Exit 0 when the diagnostics arrived; non-zero with the reason otherwise.
// The editor side is test/e2e/nvim-lsp-smoke.lua (run by lib/neovim.mjs); nvim
// is $DVR_E2E_NVIM (from the setup cache's env.sh) or `nvim` on PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue } from './lib/env.mjs';
import { diagnosticCode, runNeovimLsp } from './lib/neovim.mjs';

const log = (m) => console.log(`[smoke-neovim] ${m}`);
const die = (m) => { console.error(`[smoke-neovim] FAIL: ${m}`); process.exit(1); };

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || sep === argv.length - 1) die('usage: smoke-neovim.mjs [--out DIR] [--file PY] [--min N] [--timeout MS] -- SERVER_CMD...');
const opts = argv.slice(0, sep);
// nvim runs the server from the workspace folder: make relative paths (dist/server.js) absolute.
const serverCmd = argv.slice(sep + 1).map((a) => (!a.startsWith('-') && fs.existsSync(a) ? path.resolve(a) : a));
const outDir = path.resolve(argValue(opts, '--out', path.join(os.tmpdir(), 'dvr-hints-e2e-results')));

let tmp;
let file = argValue(opts, '--file');
if (file) file = path.resolve(file);
else {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-nvim-ws-'));
  file = path.join(tmp, 'smoke_target.py');
  fs.writeFileSync(file, 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n');
}
log(`nvim --headless on ${file}; server: ${serverCmd.join(' ')}`);
const result = await runNeovimLsp({
  file, root: path.dirname(file), serverCmd, outDir,
  minDiags: Number(argValue(opts, '--min', '1')), timeoutMs: Number(argValue(opts, '--timeout', '20000')),
});
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });

log(`nvim ${result.nvim}, server ${JSON.stringify(result.server_info ?? null)}, server exit ${JSON.stringify(result.server_exit ?? null)}`);
log(`${result.diagnostics.length} diagnostic(s):`);
for (const d of result.diagnostics) {
  console.log(`  ${path.basename(result.file ?? file)}:${d.lnum + 1}:${d.col + 1} [${d.source ?? ''} ${diagnosticCode(d)}] severity=${d.severity} ${d.message}`);
}
log(`result JSON: ${path.join(outDir, 'neovim-diagnostics.json')}`);
if (!result.ok || result.exitCode !== 0) die(`${result.error || `nvim exit code ${result.exitCode}`}${result.output ? `\n${result.output}` : ''}`);
log('PASS');
