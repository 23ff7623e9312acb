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

/** A `[tool.dvr-hints]` table as written, not yet validated. */
export interface ProjectTable {
  file?: string;
  root: string;
  table?: unknown;
}

/**
 * Walks up from `start` (a file or folder) to the first pyproject.toml with a
 * `[tool.dvr-hints]` table. Throws a ConfigError (origin: the file) when a pyproject.toml
 * on the way cannot be read as TOML.
 */
export function findProjectTable(start: string): ProjectTable {
  let dir = path.resolve(start);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  const startDir = dir;
  for (;;) {
    const candidate = path.join(dir, 'pyproject.toml');
    if (fs.existsSync(candidate)) {
      const table = readProjectTable(candidate);
      if (table !== undefined) return { file: candidate, root: dir, table };
    }
    const parent = path.dirname(dir);
    if (parent === dir) return { root: startDir };
    dir = parent;
  }
}

/** Like findProjectTable, with the table validated as a whole (any problem throws). */
export function findProjectConfig(start: string): ProjectConfig {
  const found = findProjectTable(start);
  if (!found.file) return { root: found.root, config: {} };
  return { file: found.file, root: found.root, config: validateConfig(found.table, `${found.file} [tool.dvr-hints]`) };
}

/** A workspace's pyproject.toml is read on every configuration lookup; a huge one is refused rather than parsed. */
export const MAX_PYPROJECT_BYTES = 1_000_000;

/** Reads `[tool.dvr-hints]` from one pyproject.toml, unvalidated; undefined when the table is absent. */
export function readProjectTable(file: string): unknown {
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
  return tool && typeof tool === 'object' ? tool['dvr-hints'] : undefined;
}

/** Reads and validates `[tool.dvr-hints]` from one pyproject.toml; undefined when the table is absent. */
export function readProjectConfig(file: string): RawConfig | undefined {
  const table = readProjectTable(file);
  return table === undefined ? undefined : validateConfig(table, `${file} [tool.dvr-hints]`);
}
