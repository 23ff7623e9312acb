/**
 * How fix-all reports what it changed, the same in the editor ("Fix All") and the CLI
 * (`--fix`, `--diff`). Pure: the client imports it too.
 */

/** `DVR801 ×2, DVR403`: the rules whose fixes were applied, most applied first. */
export function describeRules(byRule: Readonly<Record<string, number>>): string {
  return Object.entries(byRule)
    .sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
    .map(([id, n]) => (n > 1 ? `${id} ×${n}` : id))
    .join(', ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `Fixed 3 problems in 2 files (DVR801 ×2, DVR403).` or `Nothing to fix.`; `would` for a dry run. */
export function describeFixes(fixes: number, files: number, byRule: Readonly<Record<string, number>>, would = false): string {
  if (fixes === 0) return 'Nothing to fix.';
  const rules = describeRules(byRule);
  return `${would ? 'Would fix' : 'Fixed'} ${plural(fixes, 'problem')} in ${plural(files, 'file')}${rules ? ` (${rules})` : ''}.`;
}

/** The editor's Fix All notification: `Fixed 3 problems in a.py (DVR801 ×2, DVR403). 2 findings have no automatic safe fix.` */
export function fixAllMessage(fixes: number, byRule: Readonly<Record<string, number>>, remaining: number, fileName: string): string {
  const done = fixes > 0 ? describeFixes(fixes, 1, byRule).replace('in 1 file', `in ${fileName}`) : `Nothing to fix in ${fileName}.`;
  const left = remaining > 0 ? ` ${plural(remaining, 'finding')} ${remaining === 1 ? 'has' : 'have'} no automatic safe fix (see the quick fixes).` : '';
  return `${done}${left}`;
}
