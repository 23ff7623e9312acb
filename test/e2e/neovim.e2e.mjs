#!/usr/bin/env node
// End-to-end test in Neovim: headless Neovim's built-in LSP client, attached to
// our server (`node dist/server.js --stdio`), receives our diagnostics for
// files of a workspace copied from examples/, with the rule ids and positions
// the CLI reports for the same files (same engine, same pyproject.toml).
// Then the baseline: a file's findings are recorded with `--write-baseline`, a new
// finding is added, and Neovim must show the new one as a problem and the old ones
// only as hints (`baseline` in pyproject.toml, the default baselineMode "hint").
//
//   npm run build && node test/e2e/neovim.e2e.mjs [--out DIR]      (default out: test-output/e2e)
// Exit 0 if every file's diagnostics match; 1 otherwise.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argValue, REPO_ROOT } from './lib/env.mjs';
import { diagnosticCode, runNeovimLsp } from './lib/neovim.mjs';

const FILES = ['neutron_agent/l3/dvr_edge_router.py', 'neutron_agent/common/utils.py'];
const SERVER = path.join(REPO_ROOT, 'dist/server.js');
const log = (m) => console.log(`[neovim-e2e] ${m}`);
const HINT = 4; // vim.diagnostic.severity.HINT
const NEW_FINDING = "\n\ndef kill_stale_keepalived(pid):\n    os.system('kill -9 %s' % pid)\n";

/** Baseline in the editor: a new finding appears, the baselined ones do not (they are hints). */
async function baselineCase(ws, outDir) {
  const rel = 'neutron_agent/common/utils.py';
  const file = path.join(ws, rel);
  const cliJs = path.join(REPO_ROOT, 'bin/dvr-hints.js');
  execFileSync(process.execPath, [cliJs, 'scan', file, '--write-baseline', path.join(ws, 'dvr-hints-baseline.json')], { cwd: ws });
  const pyproject = fs.readFileSync(path.join(ws, 'pyproject.toml'), 'utf8').replace('[tool.dvr-hints]\n', '[tool.dvr-hints]\nbaseline = "dvr-hints-baseline.json"\n');
  fs.writeFileSync(path.join(ws, 'pyproject.toml'), pyproject);
  fs.appendFileSync(file, NEW_FINDING);
  const cli = JSON.parse(execFileSync(process.execPath, [cliJs, 'scan', file, '--format', 'json', '--exit-zero'], { cwd: ws }).toString());
  const lines = fs.readFileSync(file, 'utf8').split('\n').length;
  const want = cli.findings.map((f) => `${f.ruleId}@${f.start.line}`).sort();
  const result = await runNeovimLsp({
    file, root: ws, serverCmd: [process.execPath, SERVER, '--stdio'], outDir,
    minDiags: want.length + cli.baselined, timeoutMs: 30_000, resultName: 'neovim-baseline.json',
  });
  const ours = result.diagnostics.filter((d) => d.source === 'dvr-hints');
  const problems = ours.filter((d) => d.severity !== HINT).map((d) => `${diagnosticCode(d)}@${d.lnum + 1}`).sort();
  const hints = ours.filter((d) => d.severity === HINT);
  const ok = result.ok && want.length === 1 && Number(want[0].split('@')[1]) >= lines - 2 && problems.join(' ') === want.join(' ') && hints.length === cli.baselined && cli.baselined > 0;
  log(`${ok ? 'PASS' : 'FAIL'} baseline: ${problems.length} problem(s) ${problems.join(' ')}, ${hints.length} baselined hint(s); CLI --baseline: ${want.join(' ')} new, ${cli.baselined} baselined`);
  if (!ok && result.error) log(`  ${result.error}`);
  return ok;
}

async function main() {
  const outDir = path.resolve(argValue(process.argv.slice(2), '--out', path.join(REPO_ROOT, 'test-output/e2e')));
  if (!fs.existsSync(SERVER)) throw new Error(`${SERVER} missing: run npm run build first`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-e2e-nvim-ws-'));
  let failures = 0;
  try {
    const ws = path.join(tmp, 'workspace');
    fs.cpSync(path.join(REPO_ROOT, 'examples'), ws, { recursive: true });
    for (const rel of FILES) {
      const file = path.join(ws, rel);
      const cli = JSON.parse(execFileSync(process.execPath, [path.join(REPO_ROOT, 'bin/dvr-hints.js'), 'scan', file, '--format', 'json', '--exit-zero'], { cwd: ws }).toString());
      const want = cli.findings.map((f) => `${f.ruleId}@${f.start.line}:${f.start.column}`).sort();
      const result = await runNeovimLsp({
        file, root: ws, serverCmd: [process.execPath, SERVER, '--stdio'], outDir,
        minDiags: want.length, timeoutMs: 30_000, resultName: `neovim-${path.basename(rel, '.py')}.json`,
      });
      // Neovim columns are 0-based bytes; these files are ASCII, so bytes = UTF-16 units.
      const got = result.diagnostics.filter((d) => d.source === 'dvr-hints')
        .map((d) => `${diagnosticCode(d)}@${d.lnum + 1}:${d.col + 1}`).sort();
      const ok = result.ok && result.exitCode === 0 && want.length > 0 && got.join(' ') === want.join(' ');
      log(`${ok ? 'PASS' : 'FAIL'} ${rel}: nvim ${result.nvim ?? '?'}, ${got.length} diagnostics ${got.join(' ')}`);
      if (!ok) {
        failures++;
        log(`  expected (CLI): ${want.join(' ')}`);
        if (result.error) log(`  ${result.error}`);
        if (result.output) log(`  nvim output: ${result.output}`);
      }
    }
    if (!(await baselineCase(ws, outDir))) failures++;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  log(failures ? `${failures} of ${FILES.length + 1} cases failed` : `all ${FILES.length} files: diagnostics match the CLI; baseline: the new finding is a problem, the baselined ones hints`);
  if (failures) process.exitCode = 1;
}

try {
  await main();
} catch (e) {
  log(`FAIL: ${e.message}`);
  process.exitCode = 1;
}
