import * as path from 'path';
import { minimatch } from 'minimatch';

/** Folders never worth scanning. */
export const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.tox', '.nox', '.venv', 'venv', '.eggs', '__pycache__', '.mypy_cache', '.pytest_cache', 'build', 'dist', '.direnv']);

/** True for a virtualenv folder, recognised by its marker file rather than its name. */
export function isVirtualenvMarker(entries: readonly string[]): boolean {
  return entries.includes('pyvenv.cfg');
}

/** Matches user exclude globs (gitignore-like: `foo/` and bare names match at any depth). */
export class ExcludeMatcher {
  private readonly patterns: string[];

  constructor(
    globs: readonly string[],
    private readonly root: string,
  ) {
    this.patterns = globs.flatMap((g) => {
      const glob = g.replace(/\\/g, '/').replace(/\/$/, '');
      return glob.includes('/') ? [glob, `${glob}/**`] : [`**/${glob}`, `**/${glob}/**`];
    });
  }

  matches(file: string): boolean {
    if (this.patterns.length === 0) return false;
    const relative = path.relative(this.root, path.resolve(file)).replace(/\\/g, '/');
    return this.patterns.some((p) => minimatch(relative, p, { dot: true, nocomment: true, nonegate: true }));
  }
}
