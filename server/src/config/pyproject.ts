import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml } from 'smol-toml';
import { readRegularFile } from '../scan/regularFile';
import { ConfigError, validateConfig, type RawConfig } from './schema';

export interface ProjectConfig {
  /** The pyproject.toml that held `[tool.dvr-hints]`, or undefined when none was found. */
  file?: string;
  /** Folder that relative exclude globs are resolved against. */
  root: string;
  config: RawConfig;
}

/** Walks up from `start` (a file or folder) to the first pyproject.toml with a `[tool.dvr-hints]` table. */
export function findProjectConfig(start: string): ProjectConfig {
  let dir = path.resolve(start);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  const startDir = dir;
  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (fs.existsSync(candidate)) {
      const config = readProjectConfig(candidate);
      if (config) return { file: candidate, root: dir, config };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { root: startDir, config: {} };
    dir = parent;
  }
}

/** A workspace's pyproject.toml is read on every configuration lookup; a huge one is refused rather than parsed. */
export const MAX_PYPROJECT_BYTES = 1_000_000;

/** Reads `[tool.dvr-hints]` from one pyproject.toml; undefined when the table is absent. */
export function readProjectConfig(file: string): RawConfig | undefined {
  let document: Record<string, unknown>;
  // Regular files only (a FIFO or /dev/zero named pyproject.toml would hang or grow the reader), size checked before reading.
  const read = readRegularFile(file, MAX_PYPROJECT_BYTES);
  if (!read.ok) throw new ConfigError(file, [read.unreadable ? read.reason : `too large for a pyproject.toml (at most ${MAX_PYPROJECT_BYTES} bytes)`]);
  try {
    document = parseToml(read.bytes.toString('utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(file, [`not valid TOML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const tool = document.tool as Record<string, unknown> | undefined;
  const table = tool?.['dvr-hints'];
  if (table === undefined) return undefined;
  return validateConfig(table, `${file} [tool.dvr-hints]`);
}
