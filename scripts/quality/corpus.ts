import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findRulesDirectory } from '../../server/src/engine/catalogue';

/** One pinned Debian package of the real-code corpus. */
export interface CorpusPackage {
  name: string;
  version: string;
}

export const REPO_ROOT = path.dirname(findRulesDirectory());
export const FETCH_SCRIPT = path.join(REPO_ROOT, 'scripts', 'corpus', 'fetch.sh');
/** The package whose findings per 1,000 lines the targets bound. */
export const REFERENCE_PACKAGE = 'python3-neutron';

/** The pins, read from fetch.sh's PINS list (the one place they are written). */
export function parsePins(script: string): CorpusPackage[] {
  const block = /^PINS=\(([\s\S]*?)^\)/m.exec(script);
  if (!block) return [];
  return [...block[1].matchAll(/^\s*"([a-z0-9][a-z0-9.+-]*)=([^"\s]+)"/gm)].map((m) => ({ name: m[1], version: m[2] }));
}

export function corpusPackages(): CorpusPackage[] {
  const pins = parsePins(fs.readFileSync(FETCH_SCRIPT, 'utf8'));
  if (pins.length === 0) throw new Error(`no PINS found in ${FETCH_SCRIPT}`);
  return pins;
}

export function corpusCache(): string {
  return process.env.DVR_HINTS_CORPUS || path.join(os.homedir(), '.cache', 'dvr-hints-corpus');
}

/** The folder whose Python code is scanned, relative to the cache. */
export function scanRoot(pkg: CorpusPackage): string {
  return path.join(pkg.name, 'usr', 'lib', 'python3', 'dist-packages');
}

/** What is missing from the cache: empty when every pinned package is unpacked at its version. */
export function missingPackages(cache: string, packages: readonly CorpusPackage[]): string[] {
  const problems: string[] = [];
  for (const pkg of packages) {
    const marker = path.join(cache, pkg.name, '.version');
    const version = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : undefined;
    if (version === undefined) problems.push(`${pkg.name} ${pkg.version}: not unpacked in ${path.join(cache, pkg.name)}`);
    else if (version !== pkg.version) problems.push(`${pkg.name}: ${version} unpacked, ${pkg.version} pinned`);
    else if (!fs.existsSync(path.join(cache, scanRoot(pkg)))) problems.push(`${pkg.name}: no ${scanRoot(pkg)}`);
  }
  return problems;
}
