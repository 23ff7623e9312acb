#!/usr/bin/env node
// Runs the extension-host suite (test/suite, compiled to out/test/suite) inside
// code-server: the same mocha suite `npm run test:vscode` runs in VS Code
// desktop through @vscode/test-electron.
//
//   npx tsc -p test/suite && node test/e2e/suite-code-server.mjs --vsix FILE [--out DIR]
//
// How: the VSIX is installed into an isolated code-server, which is started
// with the smoke-test driver enabled (`--vscode-option enable-smoke-test-driver`:
// only then does a built workbench accept the `payload` URL parameter). The
// workbench URL's payload names the installed extension's folder as
// extensionDevelopmentPath and out/test/suite/index.js as extensionTestsPath,
// which is what VS Code's own test runners pass; the extension host then runs
// the suite after start-up. The suite writes its report to $DVR_SUITE_RESULTS
// (set through the payload's extensionEnvironment). Exit 0 only if every test passed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, loadE2eEnv, REPO_ROOT, waitUntil } from './lib/env.mjs';
import { CodeServer, launchChromium, newPage } from './lib/code-server.mjs';

export const EXTENSION_ID = 'dvr-hints.dvr-security-hints';
const SUITE_ENTRY = path.join(REPO_ROOT, 'out/test/suite/index.js');
const FIXTURE_DIR = path.join(REPO_ROOT, 'test/suite/fixture');

/**
 * Runs the suite; returns { report, screenshot } (report null when the suite
 * never reported). Throws on setup failures.
 */
export async function runSuiteInCodeServer({ vsix, outDir, log = console.log, timeout = 240_000 }) {
  if (!fs.existsSync(SUITE_ENTRY)) throw new Error(`${SUITE_ENTRY} missing: run \`npx tsc -p test/suite\` first`);
  const env = loadE2eEnv();
  fs.mkdirSync(outDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-suite-'));
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE_DIR, ws, { recursive: true });
  const resultFile = path.join(tmp, 'suite-results.json');
  const screenshot = path.join(outDir, '00-extension-host-suite.png');
  let server, browser, page;
  try {
    server = await CodeServer.start({
      env, tmp, logFile: path.join(outDir, 'code-server-suite.log'), vsixes: [vsix], log,
      vscodeOptions: ['enable-smoke-test-driver'],
    });
    const extFolder = server.extensionFolder(EXTENSION_ID);
    if (!extFolder) throw new Error(`${EXTENSION_ID} not found in ${server.extensionsDir} after install`);
    browser = await launchChromium(env, server.childEnv);
    // Folder-relative URIs in the payload get the workbench's remote authority.
    page = await newPage(browser, { log });
    await page.goto(server.folderUrl(ws));
    const authority = await waitUntil(() => page.evaluate(() => {
      const el = document.getElementById('vscode-workbench-web-configuration');
      return el && JSON.parse(el.getAttribute('data-settings')).remoteAuthority;
    }), { what: 'the workbench configuration' });
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extFolder)],
      ['extensionTestsPath', remote(SUITE_ENTRY)],
      ['extensionEnvironment', JSON.stringify({ DVR_SUITE_RESULTS: resultFile })],
    ];
    log(`running the suite (${path.relative(REPO_ROOT, SUITE_ENTRY)}) against ${path.basename(extFolder)}`);
    await page.goto(server.folderUrl(ws, payload));
    await page.waitForSelector('.monaco-workbench');
    const report = await waitUntil(() => fs.existsSync(resultFile) && JSON.parse(fs.readFileSync(resultFile, 'utf8')),
      { timeout, interval: 500, what: `the suite's report (${resultFile})` }).catch((e) => { log(e.message); return null; });
    await page.screenshot({ path: screenshot }).catch(() => {});
    return { report, screenshot };
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export function printSuiteReport(report, log = console.log) {
  if (!report) { log('FAIL extension-host suite: no report (the suite did not run or did not finish)'); return false; }
  for (const t of report.tests) {
    log(`${t.state === 'passed' ? 'PASS' : t.state === 'pending' ? 'SKIP' : 'FAIL'} ${t.title}`);
    if (t.error) log(`     ${t.error.split('\n').slice(0, 3).join('\n     ')}`);
  }
  log(`extension-host suite: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending`);
  return report.failed === 0 && report.passed > 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const log = (m) => console.log(`[suite-code-server] ${m}`);
  try {
    const vsix = argValue(args, '--vsix');
    if (!vsix) throw new Error('usage: suite-code-server.mjs --vsix FILE [--out DIR]');
    const outDir = path.resolve(argValue(args, '--out', path.join(REPO_ROOT, 'test-output/e2e')));
    const { report, screenshot } = await runSuiteInCodeServer({ vsix: path.resolve(vsix), outDir, log });
    log(`screenshot: ${screenshot}`);
    if (!printSuiteReport(report, log)) process.exitCode = 1;
  } catch (e) {
    log(`FAIL: ${e.message}`);
    process.exitCode = 1;
  }
}
