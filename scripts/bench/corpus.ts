import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ExcludeMatcher } from '../../server/src/config/exclude';
import { findPythonFiles } from '../../server/src/scan/files';

/** The benchmark's corpus: the Python standard library of this machine, without site-packages. */

export const EXCLUDE = ['site-packages'];

/** Ruff's rules closest to ours: flake8-bandit (S), blind except (BLE), bare except (E722). */
export const RUFF_SECURITY_SELECTION = { lint: { select: ['S', 'BLE', 'E722'] } };

export function stdlibPath(): string {
  const fromEnv = process.env.DVR_BENCH_STDLIB;
  if (fromEnv) return fromEnv;
  return execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

/** Exactly the files `dvr-hints scan <stdlib> --exclude site-packages` scans. */
export function stdlibFiles(root: string): string[] {
  return findPythonFiles([root], new ExcludeMatcher(EXCLUDE, root));
}

/** Modules concatenated into the large edit-latency file, in order, until it has `minLines` lines. */
const BIG_FILE_MODULES = ['subprocess.py', 'argparse.py', 'tarfile.py', 'shutil.py', 'configparser.py', 'zipfile.py', 'logging/__init__.py', 'ssl.py', 'inspect.py', 'typing.py'];

export function bigFile(root: string, minLines: number): string {
  const parts: string[] = [];
  let lines = 0;
  const candidates = [...BIG_FILE_MODULES.map((m) => path.join(root, m)), ...stdlibFiles(root)];
  for (const file of candidates) {
    if (lines >= minLines) break;
    if (!fs.existsSync(file) || parts.some((p) => p.startsWith(`# --- ${file}\n`))) continue;
    const text = fs.readFileSync(file, 'utf8');
    parts.push(`# --- ${file}\n${text.endsWith('\n') ? text : `${text}\n`}`);
    lines += text.split('\n').length;
  }
  return parts.join('\n');
}
