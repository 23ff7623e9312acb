import * as fs from 'fs';
import * as path from 'path';
import { ConfigResolver, folderOf, InvalidSettings, isInside, resolveProject, type Project, type ResolvedConfig } from '../config/resolver';
import { RuleIds } from '../config/ruleIds';
import type { RawConfig } from '../config/schema';
import type { ActiveRule } from '../engine/engine';

/** What the CLI's configuration depends on: the scanned paths and the command line. */
export interface ScanConfigRequest {
  paths: readonly string[];
  /** Configuration from the command line, laid over each project's pyproject.toml. */
  overrides: RawConfig;
  rules: readonly ActiveRule[];
  /** Skip pyproject.toml discovery (for `--isolated`). */
  isolated?: boolean;
}

/**
 * The configuration of every file a CLI scan (or `--fix`) meets, each from its own project:
 * the nearest pyproject.toml with `[tool.dvr-hints]` above the file, through the one
 * resolver the editor uses, so a file gets the same configuration and the same rule path
 * whether it is scanned alone, with files of other projects, or opened in the editor.
 * Without a pyproject.toml the root is the working folder, or the scanned path when the
 * file lies outside the working folder. Any problem in a project's pyproject.toml throws
 * InvalidSettings: CI must not pass on a typo.
 */
export class ScanConfigs {
  private readonly resolver: ConfigResolver;
  /** By project (its pyproject.toml and root). */
  private readonly resolved = new Map<string, ResolvedConfig>();
  /** By folder: a walk meets thousands of folders, and most share their parent's project. */
  private readonly projects = new Map<string, Project>();
  private readonly givenFolders: string[];
  private readonly cwd = process.cwd();

  constructor(private readonly request: ScanConfigRequest) {
    this.resolver = new ConfigResolver(new RuleIds(request.rules.map((r) => r.meta.id)));
    this.givenFolders = request.paths.map((p) => folderOf(path.resolve(p)));
  }

  /** The root of a file without any pyproject.toml above it. */
  private fallbackRoot(folder: string): string {
    if (isInside(folder, this.cwd)) return this.cwd;
    return this.givenFolders.find((given) => isInside(folder, given)) ?? folder;
  }

  /** The configuration of the files in `folder`. */
  forFolder(folder: string): ResolvedConfig {
    const project = this.projectOf(path.resolve(folder));
    const key = `${project.file ?? ''}\u0000${project.root}`;
    let config = this.resolved.get(key);
    if (!config) {
      if (project.layer.problems.length > 0) throw new InvalidSettings(project.layer.problems);
      config = resolveProject(project, { overrides: this.request.overrides });
      this.resolved.set(key, config);
    }
    return config;
  }

  /**
   * A folder without a pyproject.toml has its parent's project (when both would fall back to
   * the same root): each pyproject.toml is read once per scan, not once per folder under it.
   */
  private projectOf(folder: string): Project {
    let project = this.projects.get(folder);
    if (!project) {
      const parent = path.dirname(folder);
      const fallback = this.fallbackRoot(folder);
      const inherits = parent !== folder && !this.request.isolated && !fs.existsSync(path.join(folder, 'pyproject.toml')) && this.fallbackRoot(parent) === fallback;
      project = inherits ? this.projectOf(parent) : this.resolver.project(folder, fallback, this.request.isolated);
      this.projects.set(folder, project);
    }
    return project;
  }

  /** The configuration of one file. */
  forFile(file: string): ResolvedConfig {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  /** The configuration of a scanned path (a file, or the files of a folder). */
  forPath(p: string): ResolvedConfig {
    return this.forFolder(folderOf(path.resolve(p)));
  }

  /** True when the exclude globs of the project `file` (a file or folder met in a walk) sits in leave it out. */
  matches(file: string): boolean {
    return this.forFile(file).exclude.matches(file);
  }

  /** Every configuration resolved so far (one per project met). */
  all(): ResolvedConfig[] {
    return [...this.resolved.values()];
  }

  /**
   * The baselines the projects met so far configure (`--baseline` is an override, the same
   * everywhere), each with the pyproject.toml that names it.
   */
  baselines(): { file: string; from: string }[] {
    const byFile = new Map<string, string>();
    for (const config of this.all()) if (config.config.baseline !== undefined && !byFile.has(config.config.baseline)) byFile.set(config.config.baseline, config.pyproject ?? config.root);
    return [...byFile].map(([file, from]) => ({ file, from }));
  }
}
