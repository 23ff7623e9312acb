import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import type { Finding, Level } from '../src/engine/types';
import { parsePins } from '../../scripts/quality/corpus';
import { fingerprintFile, normaliseStatement } from '../../scripts/quality/fingerprint';
import { formatLabel, LabelError, parseLabels } from '../../scripts/quality/labels';
import { locateFindings } from '../../scripts/quality/locate';
import { matchLabels, precision, summarise, tallyRules, targetProblems, weightedPrecision } from '../../scripts/quality/precision';
import { sampleToJudge } from '../../scripts/quality/sample';
import { readRepoFile } from './helpers';

const SAMPLE = 'test/quality/sample/router_cleanup.py';
const PKG = 'python3-sample';
const PATH = 'neutron/agent/l3/router_cleanup.py';

/** Findings at every `except Exception:` of the text (DVR302), and at the LOG.info line (DVR402): rule-independent positions. */
function findingsIn(text: string): Finding[] {
  const at = (ruleId: string, start: number, confidence: Level): Finding => ({ ruleId, start, end: start + 6, message: `${ruleId} here`, severity: 'low', confidence, related: [], fixes: [] });
  const found: Finding[] = [];
  for (const m of text.matchAll(/except Exception:/g)) found.push(at('DVR302', m.index, 'high'));
  found.push(at('DVR402', text.indexOf('LOG.info'), 'medium'));
  return found.sort((a, b) => a.start - b.start);
}

function locate(text: string) {
  return locateFindings(PKG, PATH, new LineIndex(text), findingsIn(text));
}

describe('quality: labels file', () => {
  it('parses, formats with a fixed key order, and round-trips', () => {
    const line = '{"reason":"r","verdict":"FP","fingerprint":"ab","line":3,"rule":"DVR302","path":"a/b.py","package":"p"}';
    const [label] = parseLabels(line);
    assert.equal(formatLabel(label), '{"package":"p","path":"a/b.py","rule":"DVR302","line":3,"fingerprint":"ab","verdict":"FP","reason":"r"}');
    assert.deepEqual(parseLabels(`\n${formatLabel(label)}\n\n`), [label]);
  });

  it('refuses malformed lines with their line number', () => {
    const good = '{"package":"p","path":"a.py","rule":"DVR302","line":3,"fingerprint":"ab","verdict":"TP","reason":"r"}';
    assert.throws(() => parseLabels(`${good}\n{"package":"p"}`, 'x.jsonl'), (e: Error) => e instanceof LabelError && e.message.startsWith('x.jsonl:2: missing'));
    assert.throws(() => parseLabels(good.replace('"TP"', '"maybe"')), /verdict/);
    assert.throws(() => parseLabels(good.replace('"reason":"r"', '"reason":" "')), /reason/);
    assert.throws(() => parseLabels(good.replace('DVR302', 'E501')), /rule/);
    assert.throws(() => parseLabels('{not json'), LabelError);
    assert.throws(() => parseLabels(`${good}\n${good.replace('"TP"', '"FP"')}`), /second label/);
  });
});

describe('quality: fingerprints', () => {
  it('ignore indentation and spacing, and tell identical lines apart by occurrence', () => {
    assert.equal(normaliseStatement('    except   Exception :  '), 'except Exception :');
    const [a, b, c] = fingerprintFile([
      { rule: 'DVR302', statement: '    except Exception:' },
      { rule: 'DVR302', statement: 'except  Exception:' },
      { rule: 'DVR301', statement: 'except Exception:' },
    ]);
    assert.notEqual(a, b);
    assert.notEqual(a, c);
    assert.deepEqual(fingerprintFile([{ rule: 'DVR302', statement: 'except Exception:' }]), [a]);
  });

  it('match the committed sample labels, and still do after the code moves down', () => {
    const text = readRepoFile(SAMPLE);
    const labels = parseLabels(readRepoFile('test/quality/sample/labels.jsonl'));
    const located = locate(text);
    assert.equal(located.length, 3);
    assert.deepEqual(located.map((f) => f.fingerprint).sort(), labels.map((l) => l.fingerprint).sort());
    const moved = locate(`# a new header line\n\n\n${text}`);
    const matching = matchLabels(moved, labels);
    assert.equal(matching.labelOf.size, 3);
    assert.deepEqual(moved.map((f) => f.line), located.map((f) => f.line + 3));
    assert.deepEqual(matching.stale, []);
  });

  it('leave a label stale when its statement changes', () => {
    const text = readRepoFile(SAMPLE).replace("LOG.info(\"Removing router %s\", router)", "LOG.info(\"Removing router %s\", router['id'])");
    const matching = matchLabels(locate(text), parseLabels(readRepoFile('test/quality/sample/labels.jsonl')));
    assert.deepEqual(matching.stale.map((l) => l.rule), ['DVR402']);
    assert.equal(matching.labelOf.size, 2);
  });
});

describe('quality: precision', () => {
  const labels = () => parseLabels(readRepoFile('test/quality/sample/labels.jsonl'));
  const rules = [
    { id: 'DVR302', enabled: true },
    { id: 'DVR402', enabled: true },
    { id: 'DVR504', enabled: false },
  ];

  it('tallies judged findings per rule and per confidence, and counts findings that went away', () => {
    const text = readRepoFile(SAMPLE);
    const findings = locate(text);
    const stats = tallyRules(rules, findings, matchLabels(findings, labels()));
    const dvr302 = stats.find((s) => s.rule === 'DVR302')!;
    assert.deepEqual(dvr302.all, { findings: 2, judged: 2, tp: 1 });
    assert.equal(precision(dvr302.all), 0.5);
    assert.deepEqual(dvr302.byLevel.high, { findings: 2, judged: 2, tp: 1 });
    assert.deepEqual(dvr302.byLevel.low, { findings: 0, judged: 0, tp: 0 });
    const without402 = findings.filter((f) => f.rule !== 'DVR402');
    const after = tallyRules(rules, without402, matchLabels(without402, labels())).find((s) => s.rule === 'DVR402')!;
    assert.deepEqual([after.goneTp, after.goneFp, after.all.findings], [0, 1, 0]);
  });

  it('weights each rule by its findings, and names the targets missed', () => {
    assert.equal(weightedPrecision([{ findings: 90, judged: 10, tp: 10 }, { findings: 10, judged: 10, tp: 0 }, { findings: 5, judged: 0, tp: 0 }]), 0.9);
    const text = readRepoFile(SAMPLE);
    const findings = locate(text);
    const stats = tallyRules(rules, findings, matchLabels(findings, labels()));
    const summary = summarise(stats, PKG, 1000);
    assert.equal(summary.referencePerKloc, 3);
    const problems = targetProblems(stats, summary);
    assert.ok(problems.some((p) => p.startsWith('DVR302: precision 50%')));
    assert.ok(problems.some((p) => p.startsWith('DVR402: precision 0%')));
    assert.ok(problems.some((p) => p.includes('per 1,000 lines')));
    assert.ok(!problems.some((p) => p.startsWith('DVR504')), 'opt-in rules are not held to the targets');
  });
});

describe('quality: corpus pins and sampling', () => {
  it('reads the pins from fetch.sh', () => {
    const pins = parsePins(readRepoFile('scripts/corpus/fetch.sh'));
    assert.ok(pins.some((p) => p.name === 'python3-neutron' && /^2:21\.0\.0-/.test(p.version)));
    assert.ok(pins.length >= 5);
  });

  it('samples each rule across packages, counting what is already judged', () => {
    const f = (pkg: string, n: number, rule = 'DVR302') => ({ package: pkg, path: `m${n}.py`, rule, line: n, confidence: 'low' as const, message: '', statement: '', fingerprint: String(n) });
    const pool = [f('a', 1), f('a', 2), f('a', 3), f('a', 4), f('b', 5), f('c', 6, 'DVR301')];
    const picked = sampleToJudge(pool, 3);
    assert.equal(picked.filter((p) => p.rule === 'DVR302').length, 3);
    assert.ok(picked.some((p) => p.package === 'b'), 'the one finding of package b is in the sample');
    assert.equal(sampleToJudge(pool, 3, new Map([['DVR302', 2]])).filter((p) => p.rule === 'DVR302').length, 1);
  });
});
