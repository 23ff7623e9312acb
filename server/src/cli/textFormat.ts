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

/**
 * C0 and C1 control characters, DEL, line and paragraph separators and the bidirectional
 * controls: in a file name or a message they could forge report lines (a newline in a
 * file name) or drive the terminal (escape sequences). Backslashes stay as they are (Windows paths).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with control characters written as escapes (`\n`, `\x1b`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** `file:line:col: DVR101 [high/high] message`, one line per finding, then a summary and the legend (lines and columns 1-based, columns in UTF-16 code units). */
export function formatText(result: ScanResult, colour: boolean, cwd: string = process.cwd(), baselined?: number): string {
  const out: string[] = [];
  let total = 0;
  for (const report of result.files) {
    const shown = escapeControls(path.relative(cwd, report.file) || report.file);
    for (const f of report.findings) {
      total++;
      const pos = report.lineIndex.positionAt(f.start);
      const where = `${shown}:${pos.line + 1}:${pos.character + 1}`;
      const tag = `${f.ruleId} [${f.severity}/${f.confidence}]`;
      const text = escapeControls(f.message);
      out.push(colour ? `${where}: ${COLOURS[f.severity]}${tag}${RESET} ${text}` : `${where}: ${tag} ${text}`);
      for (const r of f.related) {
        const rp = r.elsewhere ? r.elsewhere.start : report.lineIndex.positionAt(r.start);
        const file = r.elsewhere ? path.relative(cwd, r.elsewhere.path) || r.elsewhere.path : shown;
        const line = `    ${file}:${rp.line + 1}:${rp.character + 1}: ${escapeControls(r.message)}`;
        out.push(colour ? `${DIM}${line}${RESET}` : line);
      }
    }
  }
  const suppressed = result.files.reduce((n, r) => n + r.suppressed, 0);
  const withFindings = result.files.filter((r) => r.findings.length > 0).length;
  const scanned = result.scanned;
  out.push(
    `${plural(total, 'finding')} in ${withFindings} of ${plural(scanned, 'file')} (${result.lines} lines, ${suppressed} suppressed${baselined !== undefined ? `, ${baselined} in the baseline` : ''}${result.skipped.length ? `, ${result.skipped.length} skipped` : ''}).`,
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
