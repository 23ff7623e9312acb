import * as path from 'path';
import { Minimatch, type MinimatchOptions } from 'minimatch';

/** Folders never worth scanning. */
export const ALWAYS_SKIPPED = new Set(['.git', '.hg', '.svn', 'node_modules', '.tox', '.nox', '.venv', 'venv', '.eggs', '__pycache__', '.mypy_cache', '.pytest_cache', 'build', 'dist', '.direnv']);

/** True for a virtualenv folder, recognised by its marker file rather than its name. */
export function isVirtualenvMarker(entries: readonly string[]): boolean {
  return entries.includes('pyvenv.cfg');
}

const GLOB_OPTIONS: MinimatchOptions = { dot: true, nocomment: true, nonegate: true };

/**
 * Brace expansion is the one part of a glob whose cost grows exponentially with its
 * length (`{a,b}{a,b}...` doubles per group, `{1..100000}` is one group): globs that
 * could expand to more patterns than this are refused.
 */
export const MAX_GLOB_EXPANSIONS = 64;

const RANGE = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$|^([A-Za-z])\.\.([A-Za-z])(?:\.\.(-?\d+))?$/;

/** An upper bound on the patterns brace expansion makes of `glob` (the product of every group's alternatives). */
export function braceExpansionBound(glob: string): number {
  const open: { start: number; commas: number }[] = [];
  let bound = 1;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
    } else if (c === '{') {
      open.push({ start: i, commas: 0 });
    } else if (c === ',' && open.length > 0) {
      open[open.length - 1].commas++;
    } else if (c === '}' && open.length > 0) {
      const group = open.pop() as { start: number; commas: number };
      let alternatives = group.commas + 1;
      const range = group.commas === 0 ? RANGE.exec(glob.slice(group.start + 1, i)) : null;
      if (range) {
        const [from, to] = range[1] !== undefined ? [Number(range[1]), Number(range[2])] : [range[4].charCodeAt(0), range[5].charCodeAt(0)];
        alternatives = Math.abs(to - from) + 1;
      }
      bound = Math.min(bound * alternatives, Number.MAX_SAFE_INTEGER);
    }
  }
  return bound;
}

/** Why a user's exclude glob is refused, or undefined when it is usable. */
export function globProblem(glob: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(glob)) return 'contains control characters';
  if (glob.startsWith('!')) return "starts with '!': negated patterns are not supported";
  const bound = braceExpansionBound(glob);
  if (bound > MAX_GLOB_EXPANSIONS) return `has braces that expand to ${bound >= 1e6 ? 'millions of' : bound} patterns (at most ${MAX_GLOB_EXPANSIONS})`;
  return undefined;
}

/**
 * Compiled glob lists by their globs: the language server resolves a configuration per file,
 * and compiling 1,000 globs took 66 ms, every time. Minimatch objects only read their state
 * when matching, so one compiled list serves every matcher with the same globs.
 */
const compiled = new Map<string, Minimatch[]>();
const MAX_COMPILED = 32;

/** Compiles each glob list once (per process); exported for tests. */
export function compileGlobs(globs: readonly string[]): Minimatch[] {
  const key = globs.join('\u0000');
  let matchers = compiled.get(key);
  if (!matchers) {
    // Globs normally come validated from the configuration; an unusable one never reaches minimatch.
    matchers = globs
      .filter((g) => globProblem(g) === undefined)
      .flatMap((g) => {
        const glob = g.replace(/\\/g, '/').replace(/\/$/, '');
        return glob.includes('/') ? [glob, `${glob}/**`] : [`**/${glob}`, `**/${glob}/**`];
      })
      .map((pattern) => new Minimatch(pattern, GLOB_OPTIONS));
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, matchers);
  }
  return matchers;
}

/** Matches user exclude globs (gitignore-like: `foo/` and bare names match at any depth). */
export class ExcludeMatcher {
  private readonly matchers: readonly Minimatch[];

  constructor(
    globs: readonly string[],
    private readonly root: string,
  ) {
    this.matchers = compileGlobs(globs);
  }

  matches(file: string): boolean {
    if (this.matchers.length === 0) return false;
    const absolute = path.resolve(file);
    const relative = path.relative(this.root, absolute).replace(/\\/g, '/');
    // A file outside the root (a scanned path elsewhere): `**/name` globs still apply to its full path.
    const candidate = relative.startsWith('../') || relative === '..' ? absolute.replace(/\\/g, '/') : relative;
    return this.matchers.some((m) => m.match(candidate));
  }
}
