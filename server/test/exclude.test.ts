import assert from 'node:assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { braceExpansionBound, compileGlobs, ExcludeMatcher, globProblem, MAX_GLOB_EXPANSIONS } from '../src/config/exclude';
import { ConfigError, validateConfig } from '../src/config/schema';

describe('exclude globs', () => {
  it('the brace bound is never below what brace expansion makes', () => {
    const globs = ['a', '{a,b}', '{a,{b,c}}', 'x{a,b}y{c,d,e}', '{1..10}', '{a..e}', '{1..10..2}', '\\{a,b}', '{a,b', '{a,b}}', '{x{a,b},y{c,d}}', '{,a}', '{a}', '**/{tests,docs}/**', '{a,b}{c,d}{e,f}'];
    for (const glob of globs) assert.ok(braceExpansionBound(glob) >= minimatch.braceExpand(glob).length, glob);
    assert.equal(braceExpansionBound('{a,b}{c,d}{e,f}'), 8);
  });

  it('refuses globs that would expand beyond the limit, negations and control characters', () => {
    assert.equal(globProblem('**/tests/**'), undefined);
    assert.equal(globProblem('neutron/{agent,db}/*.py'), undefined);
    assert.match(globProblem('{a,b}'.repeat(7)) ?? '', new RegExp(`expand to 128 patterns \\(at most ${MAX_GLOB_EXPANSIONS}\\)`));
    assert.match(globProblem('{1..1000000}') ?? '', /expand to millions of patterns/);
    assert.match(globProblem('!tests') ?? '', /negated/);
    assert.match(globProblem('a\u0000b') ?? '', /control characters/);
  });

  it('validateConfig names every bad glob', () => {
    assert.throws(
      () => validateConfig({ exclude: ['ok/**', '{a,b}'.repeat(10), '!x'] }, 'test'),
      (error: unknown) => error instanceof ConfigError && error.problems.length === 2 && error.problems[0].startsWith('exclude: item 1:') && error.problems[1].startsWith('exclude: item 2:'),
    );
  });

  it('pathological globstars on a deep path still match correctly', () => {
    const root = path.resolve('/project');
    const deep = path.join(root, ...Array(300).fill('d'));
    const matcher = new ExcludeMatcher(['**/**/**/**/**/**/**/**/**/**/a', `${'*/'.repeat(50)}x`], root);
    assert.equal(matcher.matches(path.join(deep, 'a')), true);
    assert.equal(matcher.matches(path.join(deep, 'b.py')), false);
    assert.equal(matcher.matches(path.join(root, ...Array(50).fill('d'), 'x', 'y.py')), true);
  });

  it('an unusable glob that reaches the matcher is left out rather than expanded', () => {
    const matcher = new ExcludeMatcher(['{a,b}'.repeat(40), 'tests'], path.resolve('/project'));
    assert.equal(matcher.matches(path.resolve('/project/tests/x.py')), true);
    assert.equal(matcher.matches(path.resolve('/project/ab/x.py')), false);
  });
});

describe('exclude globs are compiled once per glob list (issue 15 point 9)', () => {
  it('matchers for the same globs share one compiled list, and still match per root', () => {
    const globs = Array.from({ length: 1000 }, (_, i) => (i % 2 ? `pkg${i}/` : `*_gen${i}.py`));
    const first = compileGlobs(globs);
    assert.equal(compileGlobs([...globs]), first);
    const a = new ExcludeMatcher(globs, path.resolve('/a'));
    const b = new ExcludeMatcher(globs, path.resolve('/b'));
    assert.equal(a.matches(path.resolve('/a/x/pkg1/m.py')), true);
    assert.equal(b.matches(path.resolve('/b/y_gen2.py')), true);
    assert.equal(b.matches(path.resolve('/b/keep.py')), false);
  });
});
