import * as path from 'path';
import type { ScanResult } from '../scan/scan';
import type { Level, RuleMeta } from '../engine/types';

const COLOURS: Record<Level, string> = { high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

/** Explains the `[severity/confidence]` of each line (printed under the summary when there are findings). */
export const LEGEND = '[severity/confidence]: severity is how much harm the weakness can do, confidence how sure the rule is that it is one (each high, medium or low).';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `file:line:col: DVR101 [high/high] message`, one line per finding, then a summary and the legend. */
export function formatText(result: ScanResult, colour: boolean, cwd: string = process.cwd()): string {
  const out: string[] = [];
  let total = 0;
  for (const report of result.files) {
    const shown = path.relative(cwd, report.file) || report.file;
    for (const f of report.findings) {
      total++;
      const pos = report.lineIndex.positionAt(f.start);
      const where = `${shown}:${pos.line + 1}:${pos.character + 1}`;
      const tag = `${f.ruleId} [${f.severity}/${f.confidence}]`;
      out.push(colour ? `${where}: ${COLOURS[f.severity]}${tag}${RESET} ${f.message}` : `${where}: ${tag} ${f.message}`);
      for (const r of f.related) {
        const rp = report.lineIndex.positionAt(r.start);
        const line = `    ${shown}:${rp.line + 1}:${rp.character + 1}: ${r.message}`;
        out.push(colour ? `${DIM}${line}${RESET}` : line);
      }
    }
  }
  const suppressed = result.files.reduce((n, r) => n + r.suppressed, 0);
  const withFindings = result.files.filter((r) => r.findings.length > 0).length;
  const scanned = result.scanned;
  out.push(
    `${plural(total, 'finding')} in ${withFindings} of ${plural(scanned, 'file')} (${result.lines} lines, ${suppressed} suppressed${result.skipped.length ? `, ${result.skipped.length} skipped` : ''}).`,
  );
  if (total > 0) out.push(LEGEND);
    return out.join('\n') + '\n';
}

export function formatRuleList(rules: readonly RuleMeta[]): string {
  const rows = rules.map((r) => `${r.id}  ${r.name.padEnd(34)} ${r.severity.padEnd(6)} ${r.cwe.map((c) => `CWE-${c}`).join(',').padEnd(16)} ${r.enabled ? '' : '(off by default)'}`.trimEnd());
  return `${'ID'.padEnd(8)}${'NAME'.padEnd(35)}${'SEV'.padEnd(7)}CWE\n${rows.join('\n')}\n`;
}

export function formatExplain(rule: RuleMeta): string {
  const header = `${rule.id} ${rule.name}: ${rule.title}\nCWE: ${rule.cwe.map((c) => `CWE-${c}`).join(', ')}  severity: ${rule.severity}  confidence: ${rule.confidence}${rule.bandit.length ? `  Bandit: ${rule.bandit.join(', ')}` : ''}${rule.enabled ? '' : '  (off by default; enable with --select or extend-select)'}\n`;
  return `${header}\n${rule.docs.markdown}\n`;
}
