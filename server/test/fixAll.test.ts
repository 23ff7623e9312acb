import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../src/engine/engine';
import { LineIndex } from '../src/engine/lineIndex';
import type { Finding, Fix, Tree } from '../src/engine/types';
import { applyEdits } from '../src/fixes/edits';
import { appliedByRule, appliedCount, fixAll, MAX_FIX_ROUNDS, resultEdits } from '../src/fixes/fixAll';
import { allRules, ALL_SELECTED } from './helpers';
import { analyse } from '../src/engine/engine';

/** A stand-in analyser: one finding per match of `pattern`, with the fix `fixFor` builds. */
function fakeAnalyser(pattern: RegExp, fixFor: (start: number, match: string, text: string) => Fix[]) {
  let calls = 0;
  const analyseText = (text: string): AnalysisResult => {
    calls++;
    const findings: Finding[] = [];
    const re = new RegExp(pattern.source, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      findings.push({ ruleId: 'X001', start: m.index, end: m.index + m[0].length, message: 'x', severity: 'low', confidence: 'low', related: [], fixes: fixFor(m.index, m[0], text) });
      re.lastIndex = m.index + 1; // overlapping matches
    }
    return { findings, suppressed: 0, syntaxErrors: 0, lineIndex: new LineIndex(text) };
  };
  return { analyseText, calls: () => calls };
}

const safe = (start: number, end: number, newText: string, title = 'fix'): Fix => ({ title, applicability: 'safe', edits: [{ start, end, newText }] });

describe('fixAll', () => {
  it('applies overlapping fixes over several rounds, never two overlapping edits in one', () => {
    const { analyseText } = fakeAnalyser(/aa/, (s) => [safe(s, s + 2, 'a')]);
    const result = fixAll('xaaaay', analyseText);
    assert.equal(result.text, 'xay');
    assert.equal(result.converged, true);
    assert.deepEqual(result.rounds.map((r) => r.applied.length), [2, 1]);
    assert.deepEqual(result.rounds[0].applied.map((a) => a.edits[0].start), [1, 3]);
    assert.equal(appliedCount(result), 3);
    assert.deepEqual(result.analysis.findings, []);
  });

  it('stops after the round limit when fixes never settle', () => {
    const { analyseText } = fakeAnalyser(/^/, (_s, _m, text) => [safe(text.length, text.length, 'x')]);
    const result = fixAll('', analyseText);
    assert.equal(result.rounds.length, MAX_FIX_ROUNDS);
    assert.equal(result.text, 'x'.repeat(MAX_FIX_ROUNDS));
    assert.equal(result.converged, false);
    assert.equal(fixAll('', analyseText, { maxRounds: 3 }).text, 'xxx');
  });

  it('rejects a fix that breaks the syntax and applies the others', () => {
    const { analyseText } = fakeAnalyser(/[ab]/, (s, m) => [m === 'a' ? safe(s, s + 1, 'A', 'upper a') : safe(s, s + 1, '(', 'break b')]);
    const result = fixAll('x = a\ny = b\nz = a\n', analyseText);
    assert.equal(result.text, 'x = A\ny = b\nz = A\n');
    assert.deepEqual(result.rejected.map((r) => r.title), ['break b']);
    assert.equal(result.converged, true);
  });

  it('rejects a fix that gets the indentation wrong, which tree-sitter alone accepts', () => {
    const text = 'def f():\n    try:\n        a()\n    except E:\n        b()\n    return 1\n';
    const { analyseText } = fakeAnalyser(/b\(\)/, (s) => [safe(s, s + 3, 'b()\n            c()', 'over-indent')]);
    const result = fixAll(text, analyseText);
    assert.equal(result.text, text);
    assert.deepEqual(result.rejected.map((r) => r.title), ['over-indent']);
  });

  it('rejects fixes that change nothing or have malformed edits instead of looping', () => {
    const { analyseText } = fakeAnalyser(/q/, (s) => [safe(s, s + 1, 'q', 'same'), safe(s + 5, s + 1, 'z', 'backwards')]);
    const result = fixAll('q', analyseText);
    assert.equal(result.text, 'q');
    assert.deepEqual(result.rejected.map((r) => r.title).sort(), ['backwards', 'same']);
    assert.ok(result.rounds.length <= 1);
  });

  it('leaves unsafe fixes alone unless asked, and takes one fix per finding', () => {
    const { analyseText } = fakeAnalyser(/u/, (s) => [{ title: 'unsafe', applicability: 'unsafe', edits: [{ start: s, end: s + 1, newText: 'U' }] }, safe(s, s + 1, 'v')]);
    assert.equal(fixAll('u', analyseText).text, 'v');
    assert.equal(fixAll('u', analyseText, { accept: () => true }).text, 'U');
  });

  it('re-uses the analysis it is given for the first round', () => {
    const fake = fakeAnalyser(/aa/, (s) => [safe(s, s + 2, 'a')]);
    const initial = fake.analyseText('aa');
    fixAll('aa', fake.analyseText, { initial });
    assert.equal(fake.calls(), 2);
  });

  it('fixes every logged secret of a real file in one round, and a second run changes nothing', () => {
    const text = `import logging
LOG = logging.getLogger(__name__)


def f(ds, password):
    for d in ds:
        LOG.debug("Unplugging %s with %s", d, password)
        d.unplug(password)
        LOG.info("Unplugged %s (password %s)", d, password)
`;
    const analyseText = (t: string, tree?: Tree) => analyse({ path: 'neutron/agent/x.py', text: t, tree }, allRules(), ALL_SELECTED);
    const result = fixAll(text, analyseText);
    assert.equal(
      result.text,
      `import logging
LOG = logging.getLogger(__name__)


def f(ds, password):
    for d in ds:
        LOG.debug("Unplugging %s with %s", d, "***")
        d.unplug(password)
        LOG.info("Unplugged %s (password %s)", d, "***")
`,
    );
    assert.equal(result.rounds.length, 1);
    assert.deepEqual(appliedByRule(result), { DVR401: 2 });
    assert.deepEqual(result.analysis.findings.map((f) => f.ruleId), []);
    assert.equal(fixAll(result.text, analyseText).rounds.length, 0);
  });

  it('applies no fix that changes behaviour: a swallowed exception keeps its unsafe logging fix on offer', () => {
    const text = 'import logging\nLOG = logging.getLogger(__name__)\n\n\ndef f(d):\n    try:\n        d.delete()\n    except RuntimeError:\n        pass\n';
    const analyseText = (t: string, tree?: Tree) => analyse({ path: 'neutron/agent/x.py', text: t, tree }, allRules(), ALL_SELECTED);
    const result = fixAll(text, analyseText);
    assert.equal(result.text, text);
    assert.deepEqual(result.analysis.findings.map((f) => `${f.ruleId}:${f.fixes.map((x) => x.applicability).join()}`), ['DVR302:unsafe']);
  });
});

describe('resultEdits', () => {
  it('holds an edit that fixes of one round share once, as an editor needs it', () => {
    // Each fix upper-cases its letter and adds the same header line, like fixes that add one import.
    const header = { start: 0, end: 0, newText: '# header\n' };
    const { analyseText } = fakeAnalyser(/[pq]/, (s, m) => [{ title: 'upper', applicability: 'safe', edits: [header, { start: s, end: s + 1, newText: m.toUpperCase() }] }]);
    const result = fixAll('x p q\n', analyseText);
    assert.equal(result.text, '# header\nx P Q\n');
    assert.equal(result.rounds.length, 1);
    assert.deepEqual(resultEdits(result), [header, { start: 2, end: 3, newText: 'P' }, { start: 4, end: 5, newText: 'Q' }]);
  });

  it('turns the original text into the result, after one round or several', () => {
    const { analyseText } = fakeAnalyser(/aa/, (s) => [safe(s, s + 2, 'a')]);
    for (const text of ['xaay\nz', 'xaaaay\nq\naaa\n', 'nothing\n']) {
      const result = fixAll(text, analyseText);
      assert.equal(applyEdits(text, resultEdits(result)), result.text);
    }
    const one = fixAll('aa b aa', analyseText);
    assert.deepEqual(resultEdits(one), [
      { start: 0, end: 2, newText: 'a' },
      { start: 5, end: 7, newText: 'a' },
    ]);
  });
});
