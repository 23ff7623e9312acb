/** Reading of printf-style (`%`) format strings, as the logging module applies them. */

export interface PercentFormat {
  /** Arguments the format consumes positionally (`*` widths count too). */
  positional: number;
  /** Keys of `%(name)s` conversions, in order. */
  named: string[];
  /** Conversion letters in order (`s`, `d`, `r`, ...), without `%%`. */
  conversions: string[];
}

const SPEC = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])/y;

/** Parses the source text of a format string's body; undefined when it is not a valid format. */
export function parsePercentFormat(body: string): PercentFormat | undefined {
  const result: PercentFormat = { positional: 0, named: [], conversions: [] };
  let i = 0;
  while (i < body.length) {
    const at = body.indexOf('%', i);
    if (at < 0) break;
    SPEC.lastIndex = at;
    const m = SPEC.exec(body);
    if (!m) return undefined;
    i = SPEC.lastIndex;
    const [whole, name, , width, precision, conversion] = m;
    if (conversion === '%') {
      if (whole !== '%%') return undefined;
      continue;
    }
    if (name !== undefined) {
      if (width === '*' || precision === '*') return undefined;
      result.named.push(name);
    } else {
      result.positional += 1 + (width === '*' ? 1 : 0) + (precision === '*' ? 1 : 0);
    }
    result.conversions.push(conversion);
  }
  if (result.named.length > 0 && result.positional > 0) return undefined;
  return result;
}
