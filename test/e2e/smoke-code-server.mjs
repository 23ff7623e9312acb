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
// How code-server is isolated, how a VSIX is installed and how first-run
// dialogs are avoided: see lib/code-server.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, loadE2eEnv } from './lib/env.mjs';
import { CodeServer, launchChromium, openWorkbench } from './lib/code-server.mjs';

const TIMEOUT_MS = Number(process.env.DVR_E2E_TIMEOUT_MS || 180_000);
const PY_NAME = 'smoke_target.py';
const MARKER = 'dvr_smoke_marker';

const args = process.argv.slice(2);
const outDir = path.resolve(argValue(args, '--out', path.join(os.tmpdir(), 'dvr-hints-e2e-results')));
const vsix = argValue(args, '--vsix') && path.resolve(argValue(args, '--vsix'));
const waitText = argValue(args, '--wait-text');
const keep = args.includes('--keep');
const log = (msg) => console.log(`[smoke-code-server] ${msg}`);

let server; // killed on any exit path

async function main() {
  const env = loadE2eEnv();
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-cs-'));
  const ws = path.join(tmp, 'workspace');
  fs.mkdirSync(ws);
  const csLog = path.join(outDir, 'code-server.log');
  let browser, page;

  try {
    fs.writeFileSync(path.join(ws, PY_NAME), `import subprocess\n\n\ndef ${MARKER}(cmd):\n    return subprocess.call(cmd, shell=True)\n`);
    server = await CodeServer.start({ env, tmp, logFile: csLog, vsixes: vsix ? [vsix] : [], log, timeout: TIMEOUT_MS });
    browser = await launchChromium(env, server.childEnv);
    page = await openWorkbench(browser, server.folderUrl(ws), { expectFile: PY_NAME, timeout: TIMEOUT_MS, log });
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
    await server?.stop();
    if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

const timer = setTimeout(() => {
  console.error('[smoke-code-server] FAIL: global timeout');
  server?.killNow();
  process.exit(1);
}, TIMEOUT_MS + 30_000);
timer.unref();
try {
  await main();
} catch (e) { // setup errors before anything was started
  console.error(`[smoke-code-server] FAIL: ${e.message}`);
  process.exitCode = 1;
}
