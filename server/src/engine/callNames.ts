/**
 * Matching calls against dotted names such as `myvalidators.check_name`, the way users
 * write them in `taint-sources` / `taint-sinks` / `taint-sanitizers`. A call matches
 * when its callee as written, or as qualified through the module's imports
 * (`from myvalidators import check_name` makes `check_name(...)` mean
 * `myvalidators.check_name(...)`), equals the name or ends with it at a dot
 * (`self.check_name` matches `check_name`). `*` stands for any part of one segment.
 */

export class CallMatcher {
  private readonly patterns: RegExp[];

  constructor(names: readonly string[]) {
    this.patterns = names
      .filter((n) => n.length > 0)
      .map((n) => {
        const body = n
          .split('.')
          .map((segment) => segment.split('*').map(escapeRegExp).join('[A-Za-z0-9_]*'))
          .join('\\.');
        return new RegExp(`(^|\\.)${body}$`);
      });
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** Does a callee named `dotted` as written, or `qualified` through the imports (semantic model), match? */
  matches(dotted: string, qualified: string = dotted): boolean {
    if (this.patterns.length === 0 || dotted.length === 0) return false;
    return this.patterns.some((p) => p.test(dotted) || (qualified !== dotted && p.test(qualified)));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
