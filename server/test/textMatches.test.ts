import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DIRECT_TEST_CHARS, matchStartSearch, TextMatches } from '../src/engine/textMatches';
import { PROCESS_CALL_WORDS } from '../src/engine/vocabulary';
import { ruleFixtureTexts } from './helpers';

/** The rules' first filters that go through context.mayMatch, and patterns that exercise the index's edges. */
const PATTERNS: RegExp[] = [
  /pass|pwd|secret|token|api.?key|private.?key|credential|psk|auth|cookie/i,
  /port|router|fip|subnet|context|body|request/,
  /\bexec_command\b/,
  PROCESS_CALL_WORDS,
  /\b(sp|launch)\b/,
  /a\Bb|ss/,
];

/** A small deterministic generator (no Math.random: a failure must replay). */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('context.mayMatch: a first filter whose cost does not grow with the node', () => {
  it('never says no where the text matches, and is exact on short spans (every fixture, random spans)', () => {
    const next = generator(20261202);
    let longChecked = 0;
    for (const { text } of ruleFixtureTexts()) {
      const matches = new TextMatches(text);
      for (let i = 0; i < 200; i++) {
        const pattern = PATTERNS[i % PATTERNS.length];
        const start = Math.floor(next() * text.length);
        const long = i % 2 === 0;
        const length = long ? DIRECT_TEST_CHARS + 1 + Math.floor(next() * 4000) : Math.floor(next() * DIRECT_TEST_CHARS);
        const end = Math.min(text.length, start + length);
        const truth = pattern.test(text.slice(start, end));
        const answer = matches.mayMatch(start, end, pattern);
        if (truth) assert.ok(answer, `${pattern} matches text[${start}, ${end}) but mayMatch said no`);
        if (end - start <= DIRECT_TEST_CHARS) assert.equal(answer, truth, `${pattern} on a short span must be exact`);
        else longChecked++;
      }
    }
    assert.ok(longChecked > 100, `only ${longChecked} long spans were checked`);
  });

  it('answers nested spans from the index: characters tested directly stay linear in the number of spans', () => {
    const depth = 3000;
    const text = `${'subprocess.call('.repeat(depth)}cmd${', shell=True)'.repeat(depth)}`;
    let tested = 0;
    class CountingPattern extends RegExp {
      override test(input: string): boolean {
        tested += input.length;
        return super.test(input);
      }
    }
    const pattern = new CountingPattern('token|password');
    const matches = new TextMatches(text);
    const opening = 'subprocess.call('.length;
    const closing = ', shell=True)'.length;
    for (let level = 0; level < depth; level++) {
      const start = level * opening;
      const end = text.length - level * closing;
      assert.equal(matches.mayMatch(start, end, pattern), false, `level ${level} has no secret word`);
    }
    assert.ok(tested <= depth * DIRECT_TEST_CHARS, `${tested} characters tested directly for ${depth} nested spans (testing each span's text would read ${(depth * text.length / 2).toExponential(1)})`);
  });

  it('refuses patterns whose matches depend on where the searched text starts or ends', () => {
    for (const pattern of [/^import/, /os$/m, /(?<=\.)call/, /(?!x)y/, /[\b]/, /\\b/]) assert.equal(matchStartSearch(pattern), undefined, String(pattern));
    assert.ok(matchStartSearch(/\bos\b|(?:priv_)/));
  });
});
