import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { runCli } from '../src/cli/main';
import { loadCatalogue } from '../src/engine/catalogue';
import { analyse } from '../src/engine/engine';
import type { Finding } from '../src/engine/types';
import { resolveScanConfig, scan, type FileReport, type ScanRequest } from '../src/scan/scan';
import { parseExpectations, type Expectation } from './expectations';
import { allRules, REPO_ROOT } from './helpers';

/**
 * examples/ is Neutron-style agent code that shows every rule of the catalogue. It is
 * scanned as the CLI scans it (its own pyproject.toml opts into DVR504 and configures a
 * sanitiser), and its `# expect:` comments must match the findings of every rule that is
 * implemented: nothing unexpected, nothing missing. Rules still being written are held to
 * their expectations as soon as their check code is registered.
 */
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const rules = allRules();
const implemented = new Set(rules.map((r) => r.meta.id));
const catalogue = loadCatalogue();
const request: ScanRequest = { paths: [EXAMPLES], overrides: {}, rules };
const result = scan(request);
const relative = (file: string): string => path.relative(EXAMPLES, file).replace(/\\/g, '/');

type Located = Finding & { line: number };

function located(report: FileReport): Located[] {
  return report.findings.map((f) => ({ ...f, line: report.lineIndex.lineOf(f.start) }));
}

const expectationsByFile = new Map(result.files.map((r) => [r.file, parseExpectations(r.text)]));
const allExpectations: (Expectation & { file: string })[] = result.files.flatMap((r) =>
  (expectationsByFile.get(r.file) ?? []).map((e) => ({ ...e, file: relative(r.file) })),
);

/** Differences between one file's findings and its expectations, for the implemented rules. */
function mismatches(report: FileReport): string[] {
  const name = relative(report.file);
  const expectations = (expectationsByFile.get(report.file) ?? []).filter((e) => implemented.has(e.ruleId));
  const found = located(report).filter((f) => implemented.has(f.ruleId));
  const problems: string[] = [];
  for (const f of found) {
    if (!expectations.some((e) => e.ruleId === f.ruleId && e.line === f.line)) {
      problems.push(`${name}:${f.line + 1}: unexpected ${f.ruleId} [${f.severity}/${f.confidence}] ${f.message}`);
    }
  }
  for (const e of expectations) {
    const onLine = found.filter((f) => f.ruleId === e.ruleId && f.line === e.line);
    if (onLine.length === 0) problems.push(`${name}:${e.line + 1}: expected ${e.ruleId}, not reported`);
    else if (e.confidence && !onLine.some((f) => f.confidence === e.confidence)) {
      problems.push(`${name}:${e.line + 1}: expected ${e.ruleId} with confidence ${e.confidence}, got ${onLine.map((f) => f.confidence).join(', ')}`);
    } else if (e.severity && !onLine.some((f) => f.severity === e.severity)) {
      problems.push(`${name}:${e.line + 1}: expected ${e.ruleId} with severity ${e.severity}, got ${onLine.map((f) => f.severity).join(', ')}`);
    }
  }
  return problems;
}

const SUPPRESSION = /#\s*(?:dvr-hints:\s*ignore|nosec\b).*$/i;
const NOSEC_IDS = /#\s*nosec\b(?:\s*:?\s*((?:B\d{3}[\s,]*)+))?/i;
const IGNORE_IDS = /#\s*dvr-hints:\s*ignore(?:\[([^\]]*)\])?/i;

/** The rule ids a suppression comment targets (ids named, or the rules declaring the Bandit ids named). */
function suppressionTargets(lineText: string): string[] {
  const ignore = IGNORE_IDS.exec(lineText);
  if (ignore) return ignore[1] ? ignore[1].split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()) : [...catalogue.keys()];
  const nosec = NOSEC_IDS.exec(lineText);
  if (!nosec) return [];
  const bandit = nosec[1] ? nosec[1].split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()) : undefined;
  return [...catalogue.values()].filter((m) => m.bandit.some((b) => !bandit || bandit.includes(b))).map((m) => m.id);
}

describe('examples/', () => {
  it('is scanned with its own pyproject.toml', () => {
    const { project, options } = resolveScanConfig(request);
    assert.equal(project.file, path.join(EXAMPLES, 'pyproject.toml'));
    assert.ok(options.extendSelect.includes('DVR504'), 'the examples opt into DVR504');
    assert.ok(options.analysis.taint.sanitizers.length > 0, 'the examples configure a sanitiser');
  });

  it('holds the modules the README describes, all valid Python', () => {
    const files = result.files.map((r) => relative(r.file));
    for (const wanted of [
      'neutron_agent/l3/dvr_edge_router.py',
      'neutron_agent/l3/dvr_snat_ns.py',
      'neutron_agent/rpc/l3_rpc_callback.py',
      'neutron_agent/common/config.py',
      'neutron_agent/common/utils.py',
      'neutron_agent/tests/unit/test_dvr_edge_router.py',
    ]) {
      assert.ok(files.includes(wanted), `${wanted} is missing`);
    }
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.files.filter((r) => r.syntaxErrors > 0).map((r) => relative(r.file)), []);
  });

  for (const report of result.files) {
    it(`${relative(report.file)} matches its '# expect:' comments for every implemented rule`, () => {
      assert.deepEqual(mismatches(report), []);
    });
  }

  it('shows every rule of the catalogue at least once', () => {
    const shown = new Set(allExpectations.map((e) => e.ruleId));
    assert.deepEqual([...catalogue.keys()].filter((id) => !shown.has(id)).sort(), []);
    assert.deepEqual(allExpectations.filter((e) => !catalogue.has(e.ruleId)).map((e) => `${e.file}:${e.line + 1}: ${e.ruleId}`), []);
  });

  it('has suppression comments, and each one silences a finding it names', () => {
    const { options } = resolveScanConfig(request);
    let ignoreComments = 0;
    let nosecComments = 0;
    for (const report of result.files) {
      const lines = report.text.split(/\r\n|\r|\n/);
      lines.forEach((lineText, line) => {
        // A stale suppression is there to show DVR001, which reports it.
        if (!SUPPRESSION.test(lineText) || /#\s*expect:[^#]*DVR001/.test(lineText)) return;
        if (IGNORE_IDS.test(lineText)) ignoreComments++;
        else nosecComments++;
        const targets = suppressionTargets(lineText).filter((id) => implemented.has(id));
        if (targets.length === 0) return; // its rule is not implemented on this branch yet
        const stripped = lines.map((l, i) => (i === line ? l.replace(SUPPRESSION, '') : l)).join('\n');
        const unsuppressed = analyse({ path: relative(report.file), text: stripped }, rules, options);
        const silenced = unsuppressed.findings.filter((f) => targets.includes(f.ruleId) && unsuppressed.lineIndex.lineOf(f.start) === line);
        assert.ok(silenced.length > 0, `${relative(report.file)}:${line + 1}: the suppression silences no finding of ${targets.join(', ')}`);
      });
    }
    assert.ok(ignoreComments >= 1, "no '# dvr-hints: ignore[...]' comment in the examples");
    assert.ok(nosecComments >= 1, "no '# nosec' comment in the examples");
  });

  it('calls the configured sanitisers, and they keep checked values clean', () => {
    const { options } = resolveScanConfig(request);
    const sources = result.files.map((r) => r.text).join('\n');
    for (const name of options.analysis.taint.sanitizers) {
      const call = new RegExp(`(?<!def )(?<![\\w.])${name.replace(/\./g, '\\.')}\\(`);
      assert.ok(call.test(sources), `taint-sanitizers names '${name}', which no example calls`);
    }
    const withoutConfig = scan({ ...request, isolated: true, overrides: { 'extend-select': ['DVR504'] } });
    const key = (file: string, f: Located): string => `${relative(file)}:${f.line}:${f.ruleId}`;
    const configured = new Set(result.files.flatMap((r) => located(r).map((f) => key(r.file, f))));
    const onlyWithout = withoutConfig.files.flatMap((r) => located(r).map((f) => key(r.file, f))).filter((k) => !configured.has(k));
    assert.ok(onlyWithout.length > 0, 'without the configured sanitisers no further finding appears: the configuration has no effect');
  });

  it('README.md points at lines that carry the rule it names, for every rule', () => {
    const readme = fs.readFileSync(path.join(EXAMPLES, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\|\s*DVR\d{3}\s*\|/.test(l));
    const listed = new Set<string>();
    for (const row of rows) {
      const id = /DVR\d{3}/.exec(row)?.[0] as string;
      listed.add(id);
      const places = [...row.matchAll(/([\w/]+\.py):(\d+)/g)];
      assert.ok(places.length > 0, `README row for ${id} names no file:line`);
      for (const [, file, line] of places) {
        const hit = allExpectations.some((e) => e.ruleId === id && e.file.endsWith(file) && e.line + 1 === Number(line));
        assert.ok(hit, `README: ${file}:${line} carries no '# expect: ${id}'`);
      }
    }
    assert.deepEqual([...catalogue.keys()].filter((id) => !listed.has(id)).sort(), []);
  });

  it("prints a readable report with 'dvr-hints scan examples'", () => {
    let stdout = '';
    let stderr = '';
    const status = runCli(['scan', EXAMPLES, '--no-color'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
    const total = result.files.reduce((n, r) => n + r.findings.length, 0);
    assert.equal(stderr, '');
    assert.equal(status, total > 0 ? 1 : 0);
    const lines = stdout.trimEnd().split('\n');
    const withFindings = result.files.filter((r) => r.findings.length > 0).length;
    assert.match(lines[lines.length - 2], new RegExp(`^${total} findings? in ${withFindings} of ${result.files.length} files \\(\\d+ lines, \\d+ suppressed\\)\\.$`));
    assert.match(lines[lines.length - 1], /^\[severity\/confidence\]: /);
    const findingLines = lines.filter((l) => !l.startsWith(' ')).slice(0, -2);
    assert.equal(findingLines.length, total);
    for (const l of findingLines) assert.match(l, /^\S+\.py:\d+:\d+: DVR\d{3} \[(high|medium|low)\/(high|medium|low)\] \S/);
  });
});
