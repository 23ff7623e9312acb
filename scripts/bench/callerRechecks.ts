import * as fs from 'fs';
import * as path from 'path';
import { buildRuleSet, type ActiveRule } from '../../server/src/engine/engine';
import { IncrementalAnalysis } from '../../server/src/engine/incremental';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../../server/src/engine/options';
import { parsePython } from '../../server/src/engine/parser';
import { PointIndex } from '../../server/src/engine/points';
import { OpenDocument } from '../../server/src/lsp/document';
import type { RuleCheck } from '../../server/src/engine/types';
import { ALL_CHECKS } from '../../server/src/rules';
import { percentile, random } from './stats';

/**
 * The editor's edit path with taint across calls: single-character edits inside the
 * functions of a real module, analysed incrementally as the language server does after
 * each change. Run twice on the same edits: with the rules as they are (the statements
 * that read an edited function's summary are re-checked) and with those reads dropped
 * (only the edited statements: what the edit path costs without caller re-checks, their
 * findings left stale). Tree parsing is the document's, as in the server.
 */

export interface RecheckRun {
  /** Top-level statements re-checked per edit. */
  checkedP50: number;
  checkedMax: number;
  /** Edits that re-checked more than the edited statement. */
  widened: number;
  msP50: number;
  msP95: number;
}

export interface RecheckFigures {
  lines: number;
  units: number;
  edits: number;
  withCallers: RecheckRun;
  editedOnly: RecheckRun;
}

const OPTIONS: LintOptions = DEFAULT_LINT_OPTIONS;

const ignoreReads = (): void => undefined;

/** The rules with their reads of other definitions dropped: after an edit no caller is re-checked. */
function withoutCallerRechecks(rules: readonly ActiveRule[]): ActiveRule[] {
  return rules.map((rule) => {
    if (rule.check.scope !== 'callees') return rule;
    const check: RuleCheck = {
      ...rule.check,
      check: (node, context) =>
        rule.check.check(node, new Proxy(context, { get: (target, key) => (key === 'readsDefinitions' ? ignoreReads : Reflect.get(target, key, target)) })),
    };
    return { meta: rule.meta, check };
  });
}

/** Offsets of identifiers inside function bodies: where typing changes what a function does. */
function editSites(text: string, count: number): number[] {
  const tree = parsePython(text);
  const identifiers = tree.rootNode
    .descendantsOfType('function_definition')
    .flatMap((fn) => fn.childForFieldName('body')?.descendantsOfType('identifier') ?? [])
    .map((n) => n.startIndex);
  const unique = [...new Set(identifiers)].sort((a, b) => a - b);
  const next = random(20261202);
  const sites: number[] = [];
  for (let i = 0; i < count && unique.length > 0; i++) sites.push(unique[Math.floor(next() * unique.length)]);
  return sites;
}

function runEdits(text: string, file: string, rules: readonly ActiveRule[], sites: readonly number[]): { run: RecheckRun; units: number } {
  const document = new OpenDocument(`file:///bench/${path.basename(file)}`, 1, text, 'python');
  const analysis = new IncrementalAnalysis();
  const analyse = (): number => {
    const start = performance.now();
    analysis.analyse({ path: file, text: document.text, tree: document.currentTree() }, document.takeChanges(), rules, OPTIONS);
    return performance.now() - start;
  };
  analyse();
  const units = analysis.stats.totalUnits;
  const points = new PointIndex(text);
  const ms: number[] = [];
  const checked: number[] = [];
  let version = 1;
  for (const offset of sites) {
    const { row, column } = points.pointAt(offset);
    // An `x` typed in front of the name (another name: the function's summary can change), then deleted.
    for (const [end, inserted] of [[column, 'x'], [column + 1, '']] as const) {
      document.applyChanges([{ range: { start: { line: row, character: column }, end: { line: row, character: end } }, text: inserted }], ++version, 'utf-16');
      ms.push(analyse());
      checked.push(analysis.stats.mode === 'incremental' ? analysis.stats.checkedUnits : analysis.stats.totalUnits);
    }
  }
  return {
    units,
    run: {
      checkedP50: percentile(checked, 50),
      checkedMax: Math.max(...checked),
      widened: checked.filter((c) => c > 1).length,
      msP50: percentile(ms, 50),
      msP95: percentile(ms, 95),
    },
  };
}

/** `edits` edits (typed and deleted again: twice as many analyses) in `text`, with and without caller re-checks. */
export function callerRechecks(text: string, file: string, edits: number): RecheckFigures {
  const source = text.replace(/\r\n?/g, '\n');
  const rules = buildRuleSet(ALL_CHECKS);
  const sites = editSites(source, edits);
  const editedOnlyRules = withoutCallerRechecks(rules);
  // Warm-up (compiled code, caches), then each variant; the first measured run pays nothing extra.
  runEdits(source, file, rules, sites.slice(0, 10));
  runEdits(source, file, editedOnlyRules, sites.slice(0, 10));
  const withCallers = runEdits(source, file, rules, sites);
  const editedOnly = runEdits(source, file, editedOnlyRules, sites);
  return { lines: source.split('\n').length, units: withCallers.units, edits: sites.length * 2, withCallers: withCallers.run, editedOnly: editedOnly.run };
}

// `node out/scripts/bench/callerRechecks.js FILE [EDITS]`: this figure alone.
if (require.main === module) {
  const [file, edits] = process.argv.slice(2);
  if (!file) throw new Error('usage: callerRechecks.js FILE [EDITS]');
  process.stdout.write(`${JSON.stringify(callerRechecks(fs.readFileSync(file, 'utf8'), file, Number(edits ?? 100)), null, 2)}\n`);
}
