import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analysisOptions, displayResult } from '../src/engine/display';
import { analyse } from '../src/engine/engine';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../src/engine/options';
import { allRules, REPO_ROOT, RULES_DIR } from './helpers';

/** Display options a user may set; each must give the same findings by filtering as by analysing with them. */
const DISPLAY_OPTIONS: LintOptions[] = [
  DEFAULT_LINT_OPTIONS,
  { ...DEFAULT_LINT_OPTIONS, minSeverity: 'high' },
  { ...DEFAULT_LINT_OPTIONS, minSeverity: 'medium', minConfidence: 'medium' },
  { ...DEFAULT_LINT_OPTIONS, minConfidence: 'high' },
  { ...DEFAULT_LINT_OPTIONS, select: ['DVR1', 'DVR30'], ignore: ['DVR102'] },
  { ...DEFAULT_LINT_OPTIONS, extendSelect: ['DVR504'], ignore: ['DVR3'] },
  { ...DEFAULT_LINT_OPTIONS, select: ['ALL'], severity: { DVR301: 'low', DVR101: 'medium', DVR402: 'high' }, minSeverity: 'medium' },
  { ...DEFAULT_LINT_OPTIONS, select: ['ALL'], ignore: ['ALL'] },
];

function pythonFiles(): string[] {
  const examples = path.join(REPO_ROOT, 'examples');
  const fromExamples = fs.existsSync(examples) ? fs.readdirSync(examples, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py')).map((f) => path.join(examples, f)) : [];
  return [...fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).map((f) => path.join(RULES_DIR, f)), ...fromExamples];
}

describe('display options re-filter an unfiltered analysis', () => {
  const rules = allRules();
  const catalogue = new Map(rules.map((r) => [r.meta.id, r.meta]));

  it('gives the findings of an analysis with the options themselves, for every fixture and example', () => {
    let compared = 0;
    let differing = 0;
    for (const file of pythonFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      const input = { path: path.relative(REPO_ROOT, file), text };
      const raw = analyse(input, rules, analysisOptions(DEFAULT_LINT_OPTIONS));
      for (const options of DISPLAY_OPTIONS) {
        const direct = analyse(input, rules, options);
        const filtered = displayResult(raw, catalogue, options);
        assert.deepEqual(filtered.findings, direct.findings, `${file} with ${JSON.stringify(options)}`);
        compared++;
        if (direct.findings.length !== raw.findings.length) differing++;
      }
    }
    assert.ok(compared > 100, `compared ${compared}`);
    // The options did filter something: the comparison is not between two unfiltered lists.
    assert.ok(differing > compared / 4, `${differing} of ${compared} filtered`);
  });

  it('keeps the analysis options (taint settings) and drops every display option', () => {
    const options: LintOptions = { ...DEFAULT_LINT_OPTIONS, select: ['DVR1'], ignore: ['DVR101'], minSeverity: 'high', severity: { DVR101: 'low' }, analysis: { taint: { sources: ['a.b'], sinks: [], sanitizers: [] }, threatModels: ['remote'] } };
    const analysed = analysisOptions(options);
    assert.deepEqual(analysed.analysis, options.analysis);
    assert.deepEqual([analysed.select, analysed.ignore, analysed.minSeverity, analysed.minConfidence, analysed.severity], [['ALL'], [], 'low', 'low', {}]);
  });
});
