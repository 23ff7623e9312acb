#!/usr/bin/env node
// Runs the extension-host suite (out/test/suite) in VS Code desktop through
// @vscode/test-electron: `npm run test:vscode`.
//
// VS Code comes from $VSCODE_EXECUTABLE (path to an installed `code` binary)
// or is downloaded by test-electron (version $VSCODE_VERSION, default stable)
// into .vscode-test/. When neither works (no display, no download), this fails
// with a non-zero exit: it never passes without having run the suite. Where VS
// Code desktop is unavailable, `npm run test:e2e` runs the same suite inside
// code-server (test/e2e/suite-code-server.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const log = (m) => console.log(`[test:vscode] ${m}`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-vscode-suite-'));
try {
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(path.join(repo, 'test/suite/fixture'), ws, { recursive: true });
  const resultFile = path.join(tmp, 'suite-results.json');
  const executable = process.env.VSCODE_EXECUTABLE;
  if (executable && !fs.existsSync(executable)) throw new Error(`VSCODE_EXECUTABLE=${executable} does not exist`);
  log(executable ? `VS Code: ${executable}` : `VS Code: downloading ${process.env.VSCODE_VERSION ?? 'stable'} (set VSCODE_EXECUTABLE to use an installed one)`);
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : { version: process.env.VSCODE_VERSION ?? 'stable' }),
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out/test/suite/index.js'),
    extensionTestsEnv: { DVR_SUITE_RESULTS: resultFile },
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes',
      '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions')],
  });
  const report = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  log(`${report.passed} passed, ${report.failed} failed`);
  if (report.failed > 0 || report.passed === 0) process.exitCode = 1;
} catch (e) {
  console.error(`[test:vscode] FAIL: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
