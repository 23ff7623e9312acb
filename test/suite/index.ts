// Entry point of the extension-host suite: VS Code loads this file in the
// extension host (test-electron's extensionTestsPath, or code-server's
// `extensionTestsPath` payload) and awaits run().
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export interface TestOutcome {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export interface SuiteReport {
  passed: number;
  failed: number;
  pending: number;
  tests: TestOutcome[];
}

/** Runs every *.test.js next to this file; writes a JSON report to $DVR_SUITE_RESULTS when set. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 90_000, color: false });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const tests: TestOutcome[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration, error: err.stack ?? err.message }));
  });
  const report: SuiteReport = {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: failures,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  };
  const resultFile = process.env.DVR_SUITE_RESULTS;
  if (resultFile) fs.writeFileSync(resultFile, JSON.stringify(report, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
