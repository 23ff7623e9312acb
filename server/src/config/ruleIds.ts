import { didYouMean } from './suggest';

/**
 * Rule selectors (`select`, `extend-select`, `ignore`) and per-rule keys (`severity`) are
 * checked against the rules that exist: a typo would otherwise select nothing, silently.
 */
export class RuleIds {
  private readonly ids: readonly string[];
  private readonly prefixes: ReadonlySet<string>;

  constructor(ids: Iterable<string>) {
    this.ids = [...new Set(ids)].sort();
    const prefixes = new Set<string>();
    for (const id of this.ids) for (let n = 3; n <= id.length; n++) prefixes.add(id.slice(0, n));
    this.prefixes = prefixes;
  }

  get all(): readonly string[] {
    return this.ids;
  }

  /** Why `selector` selects nothing (an id or prefix of no rule), or undefined when it is usable. */
  selectorProblem(selector: string): string | undefined {
    if (selector === 'ALL' || this.prefixes.has(selector)) return undefined;
    const shown = quote(selector);
    if (this.prefixes.has(selector.toUpperCase()) || selector.toUpperCase() === 'ALL') return `${shown} must be upper case: '${selector.toUpperCase()}'`;
    const kind = /^DVR\d{3}$/.test(selector) ? 'is not a rule' : /^DVR\d{0,2}$/.test(selector) ? 'is the prefix of no rule' : 'is not a rule id or prefix (like DVR101 or DVR1, or ALL)';
    return `${shown} ${kind}${didYouMean(selector, [...this.prefixes].filter((p) => p.length === selector.length || p.length === 6)) || this.range()}`;
  }

  /** Why `id` (a key of `severity`) names no rule, or undefined. */
  idProblem(id: string): string | undefined {
    if (this.ids.includes(id)) return undefined;
    return `${quote(id)} is not a rule${didYouMean(id, this.ids) || this.range()}`;
  }

  private range(): string {
    return this.ids.length > 0 ? ` (rules run from ${this.ids[0]} to ${this.ids[this.ids.length - 1]}; 'dvr-hints rules' lists them)` : '';
  }
}

function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
  // eslint-disable-next-line no-control-regex
  return `'${shown.replace(/[\u0000-\u001f\u007f]/g, '?')}'`;
}
