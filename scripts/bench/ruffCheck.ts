import * as fs from 'fs';
import { PositionEncoding, Workspace, type Diagnostic } from '@astral-sh/ruff-wasm-nodejs';
import { readPythonSource } from '../../server/src/scan/files';
import { RUFF_SECURITY_SELECTION } from './corpus';

/**
 * Child process of the benchmark: Ruff's security rules (S, BLE, E722) through its
 * WebAssembly build over the files listed in argv[2]. Prints JSON: diagnostics by code,
 * and the process's CPU time and peak memory.
 */
function main(): void {
  const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const workspace = new Workspace(RUFF_SECURITY_SELECTION, PositionEncoding.Utf16);
  let diagnostics = 0;
  let syntaxErrors = 0;
  for (const file of files) {
    const read = readPythonSource(file, Number.MAX_SAFE_INTEGER);
    if (!read.ok) continue;
    const found = workspace.check(read.text) as Diagnostic[];
    for (const d of found) {
      if (d.code === null || d.code === 'invalid-syntax') syntaxErrors++;
      else diagnostics++;
    }
  }
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ version: Workspace.version(), files: files.length, diagnostics, syntaxErrors, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }) + '\n');
}

main();
