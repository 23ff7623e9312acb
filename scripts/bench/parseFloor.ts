import * as fs from 'fs';
import { parsePython } from '../../server/src/engine/parser';
import { readPythonSource } from '../../server/src/scan/files';

/**
 * Child process of the benchmark: the bare tree-sitter parse of the files listed in argv[2]
 * (one path a line), the floor of any scan. Prints JSON: the CPU time of the parse calls
 * alone, and with the trees freed again (run with --expose-gc).
 */
const gc = (globalThis as { gc?: () => void }).gc;
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function main(): Promise<void> {
  const files = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  const texts = files.map((f) => readPythonSource(f, Number.MAX_SAFE_INTEGER)).flatMap((r) => (r.ok ? [r.text] : []));
  const before = process.cpuUsage();
  let parseMicros = 0;
  for (let i = 0; i < texts.length; i++) {
    const t0 = process.cpuUsage();
    parsePython(texts[i]);
    const spent = process.cpuUsage(t0);
    parseMicros += spent.user + spent.system;
    // Trees are freed by finalizers, which run only when the event loop turns.
    if (i % 64 === 63) {
      gc?.();
      await tick();
    }
  }
  gc?.();
  await tick();
  await tick();
  const all = process.cpuUsage(before);
  process.stdout.write(JSON.stringify({ files: texts.length, parseCpuMs: parseMicros / 1000, parseAndFreeCpuMs: (all.user + all.system) / 1000 }) + '\n');
}

void main();
