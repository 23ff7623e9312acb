import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { formatBaseline, readBaseline, type BaselineEntry } from '../src/baseline/baselineFile';
import { fingerprintFindings } from '../src/baseline/fingerprint';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE } from '../src/cli/main';
import { parsePython } from '../src/engine/parser';
import { cli, project } from './cliHarness';
import { lint, sarifValidator } from './helpers';

const FLUSH = "def flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n";
const KILL = "def kill(pid):\n    os.system('kill -9 %s' % pid)\n";
const HEADER = 'import os\n\n\n';

/** The fingerprints of a text's findings, by rule, in order. */
function prints(text: string): string[] {
  return fingerprintFindings(lint(text), text, parsePython(text).rootNode, 'agent/a.py').map((f) => f.fingerprint);
}

describe('baseline fingerprints', () => {
  it('survive edits elsewhere, moves within the file, re-wrapping and comments inside the statement', () => {
    const [original] = prints(HEADER + FLUSH);
    assert.ok(original);
    assert.deepEqual(prints(HEADER + 'X = 1\n\n\n' + FLUSH), [original], 'a statement added before it');
    assert.deepEqual(prints(HEADER + KILL + '\n\n' + FLUSH)[1], original, 'moved below another function');
    const rewrapped = HEADER + "def flush(ns):\n    os.system(\n        'ip netns exec %s conntrack -F' % ns  # the agent's namespace\n    )\n";
    assert.deepEqual(prints(rewrapped), [original], 're-wrapped over three lines with a comment');
  });

  it('change when the statement changes, and count identical statements in order', () => {
    const [original] = prints(HEADER + FLUSH);
    assert.notEqual(prints(HEADER + FLUSH.replace('conntrack -F', 'conntrack -D'))[0], original);
    const twice = prints(HEADER + "def flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n    os.system('ip netns exec %s conntrack -F' % ns)\n");
    assert.equal(twice.length, 2);
    assert.equal(twice[0], original);
    assert.notEqual(twice[1], original);
    // Another file, another fingerprint.
    const text = HEADER + FLUSH;
    assert.notEqual(fingerprintFindings(lint(text), text, parsePython(text).rootNode, 'agent/b.py')[0].fingerprint, original);
  });

  it('name a compound statement by its header: an edit in its body leaves a finding on the header alone', () => {
    const handler = (body: string): string => `try:\n    x = 1\nexcept Exception:\n    ${body}\n`;
    const ids = (text: string): string[] => {
      const findings = lint(text);
      return fingerprintFindings(findings, text, parsePython(text).rootNode, 'a.py').filter((_, i) => findings[i].ruleId === 'DVR301').map((f) => f.fingerprint);
    };
    assert.equal(ids(handler('failed = True')).length, 1);
    assert.deepEqual(ids(handler('failed = True')), ids(handler('failures += 1')));
  });
});

describe('baseline file', () => {
  const entry = (file: string, rule: string, statement: string, fingerprint: string, reason?: string): BaselineEntry => ({ file, rule, statement, occurrence: 0, fingerprint, ...(reason ? { reason } : {}) });

  it('is sorted, stable, versioned JSON that keeps reasons across a rewrite', () => {
    const a = entry('b.py', 'DVR101', 'os.system(x)', 'aaaaaaaaaaaaaaaaaaaa');
    const b = entry('a.py', 'DVR302', 'except:', 'bbbbbbbbbbbbbbbbbbbb', 'legacy, tracked in bug 1234');
    const text = formatBaseline([a, b]);
    assert.equal(text, formatBaseline([b, a]));
    const doc = JSON.parse(text) as { version: number; tool: string; findings: BaselineEntry[] };
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.findings.map((e) => e.file), ['a.py', 'b.py']);
    const rewritten = JSON.parse(formatBaseline([entry('a.py', 'DVR302', 'except:', 'bbbbbbbbbbbbbbbbbbbb')], doc.findings)) as { findings: BaselineEntry[] };
    assert.equal(rewritten.findings[0].reason, 'legacy, tracked in bug 1234');
  });

  it('refuses a file that is not a baseline, naming the problem', () => {
    const dir = project({
      'bad.json': '{ not json',
      'v2.json': '{"version": 2, "findings": []}',
      'entry.json': '{"version": 1, "findings": [{"file": "a.py", "rule": "DVR101", "statement": "x", "occurrence": -1, "fingerprint": "ab12ab12"}]}',
    });
    assert.throws(() => readBaseline(path.join(dir, 'bad.json')), /not valid JSON/);
    assert.throws(() => readBaseline(path.join(dir, 'v2.json')), /version 2 is not supported/);
    assert.throws(() => readBaseline(path.join(dir, 'entry.json')), /findings\[0\]: 'occurrence'/);
    assert.throws(() => readBaseline(path.join(dir, 'missing.json')), /cannot be read \(ENOENT\)/);
  });
});

describe('dvr-hints scan with a baseline', () => {
  const setup = (): { dir: string; file: string; baseline: string } => {
    const dir = project({ 'agent/a.py': HEADER + FLUSH });
    return { dir, file: path.join(dir, 'agent/a.py'), baseline: path.join(dir, 'dvr-hints-baseline.json') };
  };

  it('--write-baseline records the findings; --baseline then reports and fails on new ones only', () => {
    const { dir, file, baseline } = setup();
    const write = cli(['scan', dir, '--write-baseline', baseline]);
    assert.equal(write.code, EXIT_CLEAN);
    assert.match(write.stderr, /wrote 1 finding to the baseline/);
    assert.deepEqual((JSON.parse(fs.readFileSync(baseline, 'utf8')) as { findings: BaselineEntry[] }).findings.map((e) => [e.file, e.rule]), [['agent/a.py', 'DVR101']]);
    assert.equal(cli(['scan', dir]).code, EXIT_FINDINGS);
    assert.equal(cli(['scan', dir, '--baseline', baseline]).code, EXIT_CLEAN);
    // The old finding moves down; a new one arrives above it.
    fs.writeFileSync(file, HEADER + KILL + '\n\n' + FLUSH);
    const r = cli(['scan', dir, '--baseline', baseline, '--format', 'json']);
    assert.equal(r.code, EXIT_FINDINGS);
    const report = JSON.parse(r.stdout) as { findings: { ruleId: string; start: { line: number } }[]; baselined: number };
    assert.deepEqual(report.findings.map((f) => `${f.ruleId}:${f.start.line}`), ['DVR101:5']);
    assert.equal(report.baselined, 1);
    assert.match(cli(['scan', dir, '--baseline', baseline]).stdout, /1 finding in 1 of 1 file \(\d+ lines, 0 suppressed, 1 in the baseline\)/);
    // --fail-on applies to the new findings (the new one is medium: a parameter, no threat-model source).
    assert.equal(cli(['scan', dir, '--baseline', baseline, '--fail-on', 'medium']).code, EXIT_FINDINGS);
    assert.equal(cli(['scan', dir, '--baseline', baseline, '--fail-on', 'high']).code, EXIT_CLEAN);
  });

  it('reads `baseline` from pyproject.toml, relative to it; --no-baseline turns it off', () => {
    const { dir } = setup();
    fs.mkdirSync(path.join(dir, 'ci'));
    assert.equal(cli(['scan', dir, '--write-baseline', path.join(dir, 'ci', 'baseline.json')]).code, EXIT_CLEAN);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.dvr-hints]\nbaseline = "ci/baseline.json"\n');
    assert.equal(cli(['scan', path.join(dir, 'agent')]).code, EXIT_CLEAN);
    assert.equal(cli(['scan', path.join(dir, 'agent'), '--no-baseline']).code, EXIT_FINDINGS);
  });

  it('exits 2 on an unusable baseline and on --write-baseline with --baseline', () => {
    const { dir, baseline } = setup();
    fs.writeFileSync(baseline, '[]');
    const r = cli(['scan', dir, '--baseline', baseline]);
    assert.equal(r.code, EXIT_USAGE);
    assert.match(r.stderr, /unusable baseline: .*not a baseline/);
    assert.equal(cli(['scan', dir, '--baseline', baseline, '--write-baseline', baseline]).code, EXIT_USAGE);
    const unwritable = cli(['scan', dir, '--write-baseline', path.join(dir, 'agent', 'a.py', 'baseline.json')]);
    assert.equal(unwritable.code, EXIT_USAGE);
    assert.match(unwritable.stderr, /cannot be written \((ENOTDIR|EEXIST)\)/);
  });

  it('writes SARIF with baselineState new, unchanged and absent that validates against the SARIF 2.1.0 schema', () => {
    const { dir, file, baseline } = setup();
    fs.writeFileSync(path.join(dir, 'agent/gone.py'), HEADER + FLUSH);
    assert.equal(cli(['scan', dir, '--write-baseline', baseline]).code, EXIT_CLEAN);
    fs.writeFileSync(file, HEADER + KILL + '\n\n' + FLUSH);
    fs.writeFileSync(path.join(dir, 'agent/gone.py'), HEADER);
    const r = cli(['scan', path.join(dir, 'agent'), '--baseline', baseline, '--format', 'sarif']);
    assert.equal(r.code, EXIT_FINDINGS);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results ?? [];
    const states = results.map((x) => `${x.baselineState}:${path.basename(x.locations?.[0].physicalLocation?.artifactLocation?.uri ?? '')}`).sort();
    assert.deepEqual(states, ['absent:gone.py', 'new:a.py', 'unchanged:a.py']);
    for (const x of results) assert.match(x.fingerprints?.['dvr-hints/v1'] ?? '', /^[0-9a-f]{20}$/);
  });
});
