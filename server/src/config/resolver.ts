import * as fs from 'fs';
import * as path from 'path';
import type { LintOptions } from '../engine/options';
import { ExcludeMatcher } from './exclude';
import { findProjectTable } from './pyproject';
import { mergeConfig, toLintOptions } from './resolve';
import type { RuleIds } from './ruleIds';
import { checkConfig, CONFIG_KEYS, ConfigError, type ConfigKey, type RawConfig } from './schema';

/**
 * The one configuration resolver: pyproject.toml under the editor settings or the command
 * line, validated key by key, with the project root every path rules see is relative to.
 * The language server (open files, workspace scan, fix-all) and the CLI (scan, --fix) use it.
 */

/** Files larger than this many bytes are skipped with a notice (`max-file-size`, `dvrHints.maxFileSize`, `--max-file-size`). */
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

/** One unusable setting, named as the user wrote it (`dvrHints.select`, `--select`, `select in .../pyproject.toml`). */
export interface SettingProblem {
  /** The setting's real name where the user set it. */
  setting: string;
  message: string;
}

/** Settings that cannot be used where any problem is fatal (the CLI: exit 2). */
export class InvalidSettings extends Error {
  constructor(readonly problems: readonly SettingProblem[]) {
    super(problems.map(formatProblem).join('; '));
  }
}

export function formatProblem(problem: SettingProblem): string {
  return `${problem.setting}: ${problem.message}`;
}

/** A validated layer of configuration: what applies, and what was refused (and falls back). */
export interface ConfigLayer {
  config: RawConfig;
  problems: SettingProblem[];
}

export const EMPTY_LAYER: ConfigLayer = { config: {}, problems: [] };

/** Names of the keys in the editor's settings. */
export const EDITOR_SETTING_NAMES: Record<ConfigKey, string> = {
  select: 'dvrHints.select',
  'extend-select': 'dvrHints.extendSelect',
  ignore: 'dvrHints.ignore',
  exclude: 'dvrHints.exclude',
  severity: 'dvrHints.severity',
  'min-severity': 'dvrHints.minSeverity',
  'min-confidence': 'dvrHints.minConfidence',
  'taint-sources': 'dvrHints.taint.sources',
  'taint-sinks': 'dvrHints.taint.sinks',
  'taint-sanitizers': 'dvrHints.taint.sanitizers',
  'max-file-size': 'dvrHints.maxFileSize',
  'threat-models': 'dvrHints.threatModels',
  baseline: 'dvrHints.baseline',
};

/** Names of the keys on the command line (keys without a flag are named as in pyproject.toml). */
export const CLI_FLAG_NAMES: Partial<Record<ConfigKey, string>> = {
  select: '--select',
  'extend-select': '--extend-select',
  ignore: '--ignore',
  exclude: '--exclude',
  severity: '--severity',
  'min-severity': '--min-severity',
  'min-confidence': '--min-confidence',
  'max-file-size': '--max-file-size',
  'threat-models': '--threat-models',
  baseline: '--baseline',
};

/** Validates one layer key by key; `nameOf` gives each key's real name for messages. */
export function readLayer(value: unknown, nameOf: (key: string) => string, rules?: RuleIds): ConfigLayer {
  const { config, problems } = checkConfig(value, rules);
  return { config, problems: problems.map((p) => ({ setting: nameOf(p.key), message: p.message })) };
}

export function pyprojectKeyName(file: string): (key: string) => string {
  return (key) => (key ? `${file} [tool.dvr-hints] ${key}` : `${file} [tool.dvr-hints]`);
}

/** The project a file belongs to: its pyproject.toml layer and root. */
export interface Project {
  /** Folder of the pyproject.toml with `[tool.dvr-hints]` (else the nearest pyproject.toml, else the fallback root). */
  root: string;
  /** The pyproject.toml that configures the project, if any. */
  file?: string;
  layer: ConfigLayer;
}

function nearestPyproject(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pyproject.toml'))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Finds the project of a folder: the first pyproject.toml with `[tool.dvr-hints]` walking
 * up. The root is that file's folder; without one, the nearest pyproject.toml's folder; else
 * `fallbackRoot` (the workspace folder, or the working folder of the CLI).
 */
export function findProject(folder: string, fallbackRoot: string, rules?: RuleIds): Project {
  const dir = path.resolve(folder);
  try {
    const found = findProjectTable(dir);
    if (found.file) return { root: found.root, file: found.file, layer: readLayer(found.table, pyprojectKeyName(found.file), rules) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // The file cannot be read as TOML at all: everything it sets falls back.
    return { root: path.dirname(error.origin), file: error.origin, layer: { config: {}, problems: [{ setting: error.origin, message: error.problems.join('; ') }] } };
  }
  return { root: nearestPyproject(dir) ?? fallbackRoot, layer: EMPTY_LAYER };
}

/** True when `file` is `folder` or lies under it. */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The path rules see: relative to the project root with forward slashes; a file outside it is seen by its name alone. */
export function rulePath(file: string, root: string): string {
  const absolute = path.resolve(file);
  if (!isInside(absolute, root) || absolute === path.resolve(root)) return path.basename(absolute);
  return path.relative(root, absolute).split(path.sep).join('/');
}

/** Everything analysis needs for the files of one project. */
export interface ResolvedConfig {
  root: string;
  pyproject?: string;
  /** The merged configuration (pyproject.toml, then the overrides). */
  config: RawConfig;
  options: LintOptions;
  exclude: ExcludeMatcher;
  /** In bytes. */
  maxFileSize: number;
  /** Problems of the project's pyproject.toml (the overrides' own are the caller's). */
  problems: SettingProblem[];
}

export interface ResolveOptions {
  /** Validated editor settings or command-line flags, laid over pyproject.toml. */
  overrides?: RawConfig;
  /** Where to look for pyproject.toml is skipped (`--isolated`). */
  isolated?: boolean;
  /** False in an untrusted workspace: pyproject.toml may not add taint sources, sinks or sanitisers. */
  trusted?: boolean;
}

/** A configuration without the taint keys a workspace may not set while untrusted. */
export function withoutWorkspaceTaint(config: RawConfig): RawConfig {
  const { 'taint-sources': _sources, 'taint-sinks': _sinks, 'taint-sanitizers': _sanitizers, ...rest } = config;
  return rest;
}

/** A layer whose `baseline` path is made absolute against `folder` (where that layer was written). */
export function withAbsoluteBaseline(config: RawConfig, folder: string): RawConfig {
  return config.baseline === undefined || path.isAbsolute(config.baseline) ? config : { ...config, baseline: path.resolve(folder, config.baseline) };
}

/** Lays the overrides over a project's pyproject.toml. */
export function resolveProject(project: Project, options: ResolveOptions = {}): ResolvedConfig {
  const fromProject = withAbsoluteBaseline(options.trusted === false ? withoutWorkspaceTaint(project.layer.config) : project.layer.config, project.root);
  const config = mergeConfig(fromProject, options.overrides);
  return {
    root: project.root,
    ...(project.file ? { pyproject: project.file } : {}),
    config,
    options: toLintOptions(config),
    exclude: new ExcludeMatcher(config.exclude ?? [], project.root),
    maxFileSize: config['max-file-size'] ?? DEFAULT_MAX_FILE_SIZE,
    problems: project.layer.problems,
  };
}

/**
 * Resolves configuration for many files, reading each folder's pyproject.toml once
 * (the language server keeps one; `invalidate` when a pyproject.toml changes).
 */
export class ConfigResolver {
  private readonly projects = new Map<string, Project>();

  constructor(private readonly rules?: RuleIds) {}

  invalidate(): void {
    this.projects.clear();
  }

  /** The project of a folder (cached per folder). */
  project(folder: string, fallbackRoot: string, isolated = false): Project {
    if (isolated) return { root: fallbackRoot, layer: EMPTY_LAYER };
    const key = `${folder}\u0000${fallbackRoot}`;
    let project = this.projects.get(key);
    if (!project) {
      project = findProject(folder, fallbackRoot, this.rules);
      this.projects.set(key, project);
    }
    return project;
  }

  /** The configuration of one file (or, given a folder, of the files in it). */
  resolve(file: string, fallbackRoot: string, options: ResolveOptions = {}): ResolvedConfig {
    const folder = folderOf(file);
    return resolveProject(this.project(folder, fallbackRoot, options.isolated), options);
  }
}

/** A folder itself, or the folder a file (or a path that does not exist) is in. */
export function folderOf(p: string): string {
  try {
    return fs.statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}

/** Every key, for callers that list them (help texts, docs). */
export const CONFIG_KEY_NAMES = CONFIG_KEYS;
