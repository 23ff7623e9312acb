// Headless Neovim (>= 0.7) with its built-in LSP client on one Python file
// against a stdio LSP server command; the editor side is nvim-lsp-smoke.lua.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_CACHE } from './env.mjs';

const LUA_INIT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'nvim-lsp-smoke.lua');

export function nvimPath() {
  if (process.env.DVR_E2E_NVIM) return process.env.DVR_E2E_NVIM;
  const envFile = path.join(E2E_CACHE, 'env.sh');
  const m = fs.existsSync(envFile) && /^export DVR_E2E_NVIM='([^']*)'$/m.exec(fs.readFileSync(envFile, 'utf8'));
  return m ? m[1] : 'nvim';
}

/**
 * Runs nvim on `file` (workspace root `root`) with `serverCmd` as the LSP
 * server; waits for at least `minDiags` diagnostics. Returns the harness's
 * result ({ ok, error, nvim, server_info, server_exit, published, diagnostics, file })
 * plus { exitCode, signal, output }; result.json and the LSP log go to outDir.
 */
export async function runNeovimLsp({ file, root, serverCmd, outDir, minDiags = 1, timeoutMs = 20_000, resultName = 'neovim-diagnostics.json' }) {
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-nvim-'));
  const resultFile = path.join(outDir, resultName);
  fs.rmSync(resultFile, { force: true });
  const env = {
    ...process.env,
    DVR_NVIM_LSP_CMD: JSON.stringify(serverCmd),
    DVR_NVIM_OUT: resultFile,
    DVR_NVIM_ROOT: root,
    DVR_NVIM_TIMEOUT_MS: String(timeoutMs),
    DVR_NVIM_MIN_DIAGS: String(minDiags),
    // Keep nvim's state (shada, lsp.log, swap) out of $HOME.
    XDG_CONFIG_HOME: path.join(tmp, 'config'), XDG_DATA_HOME: path.join(tmp, 'data'),
    XDG_CACHE_HOME: path.join(tmp, 'cache'), XDG_STATE_HOME: path.join(tmp, 'state'),
  };
  const child = spawn(nvimPath(), ['--headless', '--noplugin', '-n', '-i', 'NONE', '-u', LUA_INIT, file],
    { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const killer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, timeoutMs + 15_000);
  const [exitCode, signal] = await new Promise((r) => child.on('exit', (c, s) => r([c, s])));
  clearTimeout(killer);
  // nvim's LSP log (server stderr goes there) is kept next to the result.
  const lspLog = path.join(tmp, 'cache/nvim/lsp.log');
  if (fs.existsSync(lspLog)) fs.copyFileSync(lspLog, path.join(outDir, resultName.replace(/\.json$/, '-lsp.log')));
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = fs.existsSync(resultFile)
    ? JSON.parse(fs.readFileSync(resultFile, 'utf8'))
    : { ok: false, error: `nvim exited (code ${exitCode}, signal ${signal}) without writing ${resultFile}`, diagnostics: [] };
  return { ...result, exitCode, signal, output: output.trim() };
}

/** A diagnostic's rule id: top-level `code` or the LSP original in user_data (Neovim 0.7). */
export function diagnosticCode(d) {
  return d.code ?? d.user_data?.lsp?.code ?? '';
}
