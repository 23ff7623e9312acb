import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
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

export interface Corpus {
  root: string;
  files: string[];
}

/** The OpenStack packages the benchmark reads from the corpus cache (scripts/corpus/fetch.sh), when present. */
const OPENSTACK_PACKAGES = ['python3-neutron', 'python3-neutron-lib', 'python3-os-vif', 'python3-oslo.concurrency', 'python3-oslo.privsep'];
const DIST_PACKAGES = path.join('usr', 'lib', 'python3', 'dist-packages');

/**
 * Real OpenStack code: the Debian packages' Python files in ~/.cache/dvr-hints-corpus (or
 * DVR_BENCH_OPENSTACK), with the largest module outside tests (the edit-latency file).
 */
export function openstackCorpus(): (Corpus & { name: string; largestModule: string }) | undefined {
  const cache = process.env.DVR_BENCH_OPENSTACK ?? path.join(os.homedir(), '.cache', 'dvr-hints-corpus');
  const roots = OPENSTACK_PACKAGES.map((p) => path.join(cache, p, DIST_PACKAGES)).filter((r) => fs.existsSync(r));
  if (roots.length === 0) return undefined;
  const files = roots.flatMap((r) => findPythonFiles([r], new ExcludeMatcher([], r)));
  let largestModule = '';
  let largest = -1;
  for (const file of files) {
    if (/[\\/]tests?[\\/]/.test(file)) continue;
    const size = fs.statSync(file).size;
    if (size > largest) {
      largest = size;
      largestModule = file;
    }
  }
  const name = roots.map((r) => path.basename(path.dirname(path.dirname(path.dirname(path.dirname(r)))))).join(', ');
  return { root: path.join(cache), files, name, largestModule };
}
