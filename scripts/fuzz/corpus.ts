import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The Python the fuzzer starts from: the rule fixtures (rules/*.py), examples/, and the
 * standard library of the machine's python3. Paths are listed up front (sorted, so a
 * seed means the same cases on the same machine); files are read on demand.
 */
export class Corpus {
  private readonly cache = new Map<string, Buffer>();

  private constructor(
    readonly files: readonly string[],
    readonly counts: { fixtures: number; examples: number; stdlib: number },
    readonly stdlibDir: string | undefined,
  ) {}

  static load(repoRoot: string): Corpus {
    const fixtures = listPython(path.join(repoRoot, 'rules'), false);
    const examples = listPython(path.join(repoRoot, 'examples'), true);
    const stdlibDir = findStdlib();
    const stdlib = stdlibDir ? listPython(stdlibDir, true).filter((f) => !f.includes(`${path.sep}site-packages${path.sep}`)) : [];
    return new Corpus([...fixtures, ...examples, ...stdlib], { fixtures: fixtures.length, examples: examples.length, stdlib: stdlib.length }, stdlibDir);
  }

  /** File `i` as bytes; unreadable and oversized files read as empty. */
  bytes(i: number): Buffer {
    const file = this.files[i];
    let data = this.cache.get(file);
    if (!data) {
      try {
        data = fs.statSync(file).size > 2_000_000 ? Buffer.alloc(0) : fs.readFileSync(file);
      } catch {
        data = Buffer.alloc(0);
      }
      if (this.cache.size > 500) this.cache.clear();
      this.cache.set(file, data);
    }
    return data;
  }

  text(i: number): string {
    return this.bytes(i).toString('utf8');
  }
}

function listPython(root: string, recursive: boolean): string[] {
  const found: string[] = [];
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && recursive && entry.name !== '__pycache__') visit(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) found.push(full);
    }
  };
  visit(root);
  return found.sort();
}

function findStdlib(): string | undefined {
  try {
    const out = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const dir = out.trim();
    return dir && fs.existsSync(dir) ? dir : undefined;
  } catch {
    return undefined;
  }
}
