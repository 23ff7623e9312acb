import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import { isRuleSelected, DEFAULT_LINT_OPTIONS } from '../src/engine/options';
import type { RuleMeta } from '../src/engine/types';
import { allRules, lint } from './helpers';

const BARE = 'try:\n    x = 1\nexcept:{c}\n    pass\n';
const ids = (text: string): string[] => lint(text).map((f) => f.ruleId).sort();

describe('suppression comments', () => {
  it('dvr-hints: ignore silences every rule on the line, ignore[ID] only those ids', () => {
    assert.deepEqual(ids(BARE.replace('{c}', '')), ['DVR301', 'DVR302']);
    assert.deepEqual(ids(BARE.replace('{c}', '  # dvr-hints: ignore')), []);
    assert.deepEqual(ids(BARE.replace('{c}', '  # dvr-hints: ignore[DVR302]')), ['DVR301']);
    assert.deepEqual(ids(BARE.replace('{c}', '  # dvr-hints: ignore[dvr301, DVR302]')), []);
    assert.deepEqual(ids(BARE.replace('{c}', '  # noqa: E722  # dvr-hints: ignore[DVR301]')), ['DVR302']);
  });

  it('nosec silences rules that declare a Bandit id; nosec Bxxx only that id', () => {
    // DVR302 declares B110; DVR301 declares no Bandit id, so nosec leaves it alone.
    assert.deepEqual(ids(BARE.replace('{c}', '  # nosec')), ['DVR301']);
    assert.deepEqual(ids(BARE.replace('{c}', '  # nosec B110')), ['DVR301']);
    // B602 is DVR101's, which reports nothing here: the comment silences nothing (DVR001).
    assert.deepEqual(ids(BARE.replace('{c}', '  # nosec B602')), ['DVR001', 'DVR301', 'DVR302']);
  });

  it('ignore-file works in the first ten lines only', () => {
    assert.deepEqual(ids('# dvr-hints: ignore-file\n' + BARE.replace('{c}', '')), []);
    assert.deepEqual(ids('#\n'.repeat(10) + '# dvr-hints: ignore-file\n' + BARE.replace('{c}', '')), ['DVR301', 'DVR302']);
    assert.deepEqual(ids('# dvr-hints: ignore-file[DVR302]\n' + BARE.replace('{c}', '')), ['DVR301']);
  });

  it('a directive inside a string is not a suppression', () => {
    assert.deepEqual(ids(BARE.replace('{c}', '').replace('x = 1', 'x = "# dvr-hints: ignore"')), ['DVR301', 'DVR302']);
  });
});

describe('rule selection', () => {
  const meta = (id: string, enabled = true): RuleMeta => ({ ...allRules()[0].meta, id, enabled });
  it('selects defaults, prefixes, opt-in rules and lets the more specific pattern win', () => {
    const o = DEFAULT_LINT_OPTIONS;
    assert.equal(isRuleSelected(meta('DVR101'), o), true);
    assert.equal(isRuleSelected(meta('DVR504', false), o), false);
    assert.equal(isRuleSelected(meta('DVR504', false), { ...o, extendSelect: ['DVR504'] }), true);
    assert.equal(isRuleSelected(meta('DVR504', false), { ...o, select: ['DVR5'] }), true);
    assert.equal(isRuleSelected(meta('DVR101'), { ...o, select: ['DVR3'] }), false);
    assert.equal(isRuleSelected(meta('DVR301'), { ...o, ignore: ['DVR3'] }), false);
    assert.equal(isRuleSelected(meta('DVR301'), { ...o, ignore: ['DVR3'], extendSelect: ['DVR301'] }), true);
    assert.equal(isRuleSelected(meta('DVR301'), { ...o, select: ['DVR301'], ignore: ['DVR301'] }), false);
  });
});

describe('LineIndex', () => {
  const text = 'a\r\nb😀c\rd\ne';
  const lines = new LineIndex(text);
  it('treats \\r\\n, \\r and \\n as line breaks', () => {
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('d')), { line: 2, character: 0 });
    assert.equal(lines.lineText(1), 'b😀c');
  });
  it('counts UTF-16 units or UTF-8 bytes, and round-trips offsets', () => {
    const c = text.indexOf('c');
    assert.deepEqual(lines.positionAt(c), { line: 1, character: 3 });
    assert.deepEqual(lines.positionAt(c, 'utf-8'), { line: 1, character: 5 });
    for (let o = 0; o <= text.length; o++) {
      if (o > 0 && text.charCodeAt(o - 1) >= 0xd800 && text.charCodeAt(o - 1) <= 0xdbff) continue; // inside a surrogate pair
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between \r and \n
      assert.equal(lines.offsetAt(lines.positionAt(o)), o);
      assert.equal(lines.offsetAt(lines.positionAt(o, 'utf-8'), 'utf-8'), o);
    }
  });
  it('clamps positions past the end of a line or the document', () => {
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 1);
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
  });
});

describe('engine', () => {
  it('keeps findings in files with syntax errors and never throws on odd input', () => {
    assert.deepEqual(ids('def f(:\n' + BARE.replace('{c}', '')), ['DVR301', 'DVR302']);
    for (const odd of ['', '\0\0\0', '\ud800', '\ufeffimport six\n', '(' .repeat(5000), 'x = 1\r'.repeat(100)]) {
      assert.doesNotThrow(() => lint(odd));
    }
  });
});
