#!/usr/bin/env node
// Smoke test: a real VS Code (code-server) in headless Chromium opens a Python
// file from a workspace folder and shows its text; a screenshot is saved.
//
//   bash test/e2e/setup.sh && . ~/.cache/dvr-hints-e2e/env.sh
//   node test/e2e/smoke-code-server.mjs [--out DIR] [--vsix FILE] [--wait-text TEXT] [--keep]
// --out: screenshot + code-server.log dir (default $TMPDIR/dvr-hints-e2e-results).
// --vsix: install this extension first. --keep: keep the temp dir.
// --wait-text: also wait until TEXT shows anywhere in the workbench (e.g. a
// notification from the installed extension) before the screenshot.
// Exit 0 on success, 1 with "FAIL: reason" (+ failure screenshot, log tail).
//
// Runs with Node 20; code-server itself runs with Node 24 ($DVR_E2E_NODE24).
// Paths come from the DVR_E2E_* variables, or from env.sh in the setup cache.
//
// Installing a VSIX into this isolated code-server (what --vsix does):
//   "$DVR_E2E_NODE24" "$DVR_E2E_CODE_SERVER" --user-data-dir UD --extensions-dir EXT \
//       --install-extension file.vsix        # then: --list-extensions --show-versions
// Use the same --user-data-dir/--extensions-dir (and XDG_* dirs) as the server.
//
// First-run dialogs: nothing is clicked. A settings.json pre-written into
// UD/User/ turns off workspace trust (else the "Do you trust the authors"
// dialog blocks the editor), the welcome page, telemetry, recommendations,
// update checks and AI/chat features; `--disable-update-check` and
// `--disable-telemetry` cover code-server's own notices; EXTENSIONS_GALLERY='{}'
// turns off the (unreachable) open-vsx gallery. XDG_* dirs and
// --config point into the temp dir so nothing is written under $HOME.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const TIMEOUT_MS = Number(process.env.DVR_E2E_TIMEOUT_MS || 180_000);
const PY_NAME = 'smoke_target.py';
const MARKER = 'dvr_smoke_marker';

// ---------------------------------------------------------------- args + env
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const outDir = path.resolve(opt('--out') || path.join(os.tmpdir(), 'dvr-hints-e2e-results'));
const vsix = opt('--vsix') && path.resolve(opt('--vsix'));
const waitText = opt('--wait-text');
const keep = args.includes('--keep');

function loadEnv() {
  const envFile = path.join(process.env.DVR_HINTS_E2E_CACHE || path.join(os.homedir(), '.cache/dvr-hints-e2e'), 'env.sh');
  if (fs.existsSync(envFile)) {
    for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (DVR_E2E_\w+)='([^']*)'$/gm)) {
      process.env[m[1]] ??= m[2];
    }
  }
  for (const k of ['DVR_E2E_NODE24', 'DVR_E2E_CODE_SERVER', 'DVR_E2E_CHROMIUM', 'DVR_E2E_PLAYWRIGHT']) {
    if (!process.env[k] || !fs.existsSync(process.env[k])) fail(`${k} not set or missing (${process.env[k]}); run test/e2e/setup.sh first`);
  }
  return process.env;
}

function fail(msg) { throw new Error(msg); }
const log = (msg) => console.log(`[smoke-code-server] ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`code-server exited early with code ${child.exitCode}`);
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer ${url} in time`);
}

// Kills the whole process group (code-server forks its extension host etc.).
async function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5000);
  await exited;
  clearTimeout(t);
}

// ---------------------------------------------------------------- main
let child; // code-server, killed on any exit path

async function main() {
  const env = loadEnv();
  const { chromium } = createRequire(import.meta.url)(env.DVR_E2E_PLAYWRIGHT);
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-cs-'));
  const dir = (p) => { const d = path.join(tmp, p); fs.mkdirSync(d, { recursive: true }); return d; };
  const userData = dir('user-data'), extDir = dir('extensions'), ws = dir('workspace');
  const csEnv = {
    ...process.env,
    XDG_CONFIG_HOME: dir('xdg-config'), XDG_DATA_HOME: dir('xdg-data'), XDG_CACHE_HOME: dir('xdg-cache'),
    // No extension gallery (default open-vsx.org is unreachable; offline tests).
    EXTENSIONS_GALLERY: '{}',
  };
  const csLog = path.join(outDir, 'code-server.log');
  let browser, page;

  try {
    // Workspace with one small Python file.
    fs.writeFileSync(path.join(ws, PY_NAME), `import subprocess\n\n\ndef ${MARKER}(cmd):\n    return subprocess.call(cmd, shell=True)\n`);

    // Pre-written user settings: no trust dialog, welcome page, telemetry, nags.
    fs.writeFileSync(path.join(dir('user-data/User'), 'settings.json'), JSON.stringify({
      'security.workspace.trust.enabled': false,
      'workbench.startupEditor': 'none',
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'workbench.tips.enabled': false,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'telemetry.telemetryLevel': 'off',
      'extensions.ignoreRecommendations': true,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'chat.disableAIFeatures': true,
      'git.enabled': false,
      'window.restoreWindows': 'none',
    }, null, 2));

    const cs = (...a) => [env.DVR_E2E_CODE_SERVER, '--user-data-dir', userData, '--extensions-dir', extDir, ...a];
    if (vsix) {
      log(`installing ${vsix}`);
      execFileSync(env.DVR_E2E_NODE24, cs('--install-extension', vsix), { env: csEnv, stdio: 'inherit' });
      log(`extensions: ${execFileSync(env.DVR_E2E_NODE24, cs('--list-extensions', '--show-versions'), { env: csEnv }).toString().trim()}`);
    }

    const port = await freePort();
    const config = path.join(tmp, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    log(`starting code-server on 127.0.0.1:${port} (log: ${csLog})`);
    const logFd = fs.openSync(csLog, 'w');
    child = spawn(env.DVR_E2E_NODE24, cs(
      '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened',
    ), { env: csEnv, detached: true, stdio: ['ignore', logFd, logFd] });
    fs.closeSync(logFd);

    const deadline = Date.now() + TIMEOUT_MS;
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, child, deadline);

    browser = await chromium.launch({
      executablePath: env.DVR_E2E_CHROMIUM,
      headless: true,
      env: csEnv, // XDG dirs: keeps chromium's ~/.config/chromium in the temp dir too
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(Math.max(1000, deadline - Date.now()));
    page.on('pageerror', (e) => log(`page error: ${e.message}`));

    const url = `http://127.0.0.1:${port}/?folder=${ws}`;
    log(`opening ${url}`);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench');
    // The explorer shows the file once the workspace is loaded.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: PY_NAME }).waitFor();
    log('workbench loaded');

    // Quick Open (Ctrl+P), type the name, Enter.
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget input');
    await quickInput.waitFor({ state: 'visible' });
    await quickInput.fill(PY_NAME);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: PY_NAME }).first().waitFor();
    await page.keyboard.press('Enter');

    // The editor shows the file's text.
    await page.locator('.editor-group-container .tab.active', { hasText: PY_NAME }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: MARKER }).waitFor();
    log('editor shows the python file');
    if (waitText) {
      await page.locator('.monaco-workbench').getByText(waitText).first().waitFor();
      log(`workbench shows "${waitText}"`);
    }

    const shot = path.join(outDir, 'code-server-smoke.png');
    await page.screenshot({ path: shot });
    log(`screenshot: ${shot}`);
    log('PASS');
  } catch (e) {
    process.exitCode = 1;
    console.error(`[smoke-code-server] FAIL: ${e.message}`);
    if (page) await page.screenshot({ path: path.join(outDir, 'code-server-smoke-failure.png') }).catch(() => {});
    if (fs.existsSync(csLog)) console.error(`--- tail of ${csLog} ---\n${fs.readFileSync(csLog, 'utf8').split('\n').slice(-30).join('\n')}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    await killGroup(child);
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

const timer = setTimeout(() => {
  console.error('[smoke-code-server] FAIL: global timeout');
  try { process.kill(-child.pid, 'SIGKILL'); } catch {}
  process.exit(1);
}, TIMEOUT_MS + 30_000);
timer.unref();
try {
  await main();
} catch (e) { // setup errors before anything was started
  console.error(`[smoke-code-server] FAIL: ${e.message}`);
  process.exitCode = 1;
}
