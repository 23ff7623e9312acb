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
// The editor side is test/e2e/nvim-lsp-smoke.lua; nvim is $DVR_E2E_NVIM (from
// the setup cache's env.sh) or `nvim` on PATH.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (m) => console.log(`[smoke-neovim] ${m}`);
const die = (m) => { console.error(`[smoke-neovim] FAIL: ${m}`); process.exit(1); };

// ---------------------------------------------------------------- args
const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0 || sep === argv.length - 1) die('usage: smoke-neovim.mjs [--out DIR] [--file PY] [--min N] [--timeout MS] -- SERVER_CMD...');
const opts = argv.slice(0, sep), serverCmd = argv.slice(sep + 1);
const opt = (name, dflt) => { const i = opts.indexOf(name); return i >= 0 ? opts[i + 1] : dflt; };
const outDir = path.resolve(opt('--out', path.join(os.tmpdir(), 'dvr-hints-e2e-results')));
const minDiags = Number(opt('--min', '1'));
const timeoutMs = Number(opt('--timeout', '20000'));

function nvimPath() {
  if (process.env.DVR_E2E_NVIM) return process.env.DVR_E2E_NVIM;
  const envFile = path.join(process.env.DVR_HINTS_E2E_CACHE || path.join(os.homedir(), '.cache/dvr-hints-e2e'), 'env.sh');
  const m = fs.existsSync(envFile) && /^export DVR_E2E_NVIM='([^']*)'$/m.exec(fs.readFileSync(envFile, 'utf8'));
  return m ? m[1] : 'nvim';
}

// ---------------------------------------------------------------- run
fs.mkdirSync(outDir, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-nvim-'));
const ws = path.join(tmp, 'workspace');
fs.mkdirSync(ws);
let pyFile = opt('--file');
if (pyFile) pyFile = path.resolve(pyFile);
else {
  pyFile = path.join(ws, 'smoke_target.py');
  fs.writeFileSync(pyFile, 'import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n');
}
const resultFile = path.join(outDir, 'neovim-diagnostics.json');
fs.rmSync(resultFile, { force: true });

const env = {
  ...process.env,
  DVR_NVIM_LSP_CMD: JSON.stringify(serverCmd),
  DVR_NVIM_OUT: resultFile,
  DVR_NVIM_ROOT: opt('--file') ? path.dirname(pyFile) : ws,
  DVR_NVIM_TIMEOUT_MS: String(timeoutMs),
  DVR_NVIM_MIN_DIAGS: String(minDiags),
  // Keep nvim's state (shada, lsp.log, swap) out of $HOME.
  XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'),
  XDG_CACHE_HOME: path.join(tmp, 'cache'), XDG_STATE_HOME: path.join(tmp, 'state'),
};
const nvim = nvimPath();
log(`${nvim} --headless on ${pyFile}; server: ${serverCmd.join(' ')}`);
const child = spawn(nvim, ['--headless', '--noplugin', '-n', '-i', 'NONE', '-u', path.join(here, 'nvim-lsp-smoke.lua'), pyFile],
  { env, cwd: ws, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let output = '';
child.stdout.on('data', (d) => { output += d; });
child.stderr.on('data', (d) => { output += d; });
const killer = setTimeout(() => {
  log('nvim did not quit in time; killing it');
  try { process.kill(-child.pid, 'SIGKILL'); } catch {}
}, timeoutMs + 15000);
const [code, signal] = await new Promise((r) => child.on('exit', (c, s) => r([c, s])));
clearTimeout(killer);

// nvim's LSP log (server stderr goes there) is kept next to the result.
const lspLog = path.join(tmp, 'cache/nvim/lsp.log');
if (fs.existsSync(lspLog)) fs.copyFileSync(lspLog, path.join(outDir, 'neovim-lsp.log'));
fs.rmSync(tmp, { recursive: true, force: true });

if (!fs.existsSync(resultFile)) {
  die(`nvim exited (code ${code}, signal ${signal}) without writing ${resultFile}\n${output.trim()}`);
}
const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
log(`nvim ${result.nvim}, server ${JSON.stringify(result.server_info ?? null)}, server exit ${JSON.stringify(result.server_exit ?? null)}`);
log(`${result.diagnostics.length} diagnostic(s):`);
for (const d of result.diagnostics) {
  const code = d.code ?? d.user_data?.lsp?.code ?? '';
  console.log(`  ${path.basename(result.file)}:${d.lnum + 1}:${d.col + 1} [${d.source ?? ''} ${code}] severity=${d.severity} ${d.message}`);
}
log(`result JSON: ${resultFile}`);
if (!result.ok || code !== 0) die(result.error || `nvim exit code ${code}`);
log('PASS');
