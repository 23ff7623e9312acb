import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse, onRuleCrash } from '../src/engine/engine';
import { allRules, ALL_SELECTED } from './helpers';

/**
 * Deeply nested code must neither overflow the stack (a rule crash) nor make analysis
 * hang; past the taint depth limit findings degrade (are missed), they do not fail.
 */
const crashes: string[] = [];
onRuleCrash((ruleId, _path, error) => crashes.push(`${ruleId}: ${error instanceof Error ? error.message : String(error)}`));

function run(text: string): { ids: string[] } {
  crashes.length = 0;
  const result = analyse({ path: 'neutron/agent/deep.py', text }, allRules(), ALL_SELECTED);
  assert.deepEqual(crashes, [], 'rules crashed');
  for (const f of result.findings) assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range outside the text`);
  return { ids: result.findings.map((f) => f.ruleId) };
}

const DEPTH = 5000;
const expressions: [string, string][] = [
  ['parentheses', '('.repeat(DEPTH) + 'x' + ')'.repeat(DEPTH)],
  ['lists', '['.repeat(DEPTH) + 'x' + ']'.repeat(DEPTH)],
  ['calls', 'f('.repeat(DEPTH) + 'x' + ')'.repeat(DEPTH)],
  ['shell calls', 'os.system('.repeat(DEPTH) + 'x' + ')'.repeat(DEPTH)],
  ['right-nested sums', 'x + ('.repeat(DEPTH) + 'x' + ')'.repeat(DEPTH)],
  ['unary minus', '-'.repeat(DEPTH) + '1'],
  ['attributes', 'six' + '.a'.repeat(DEPTH)],
  ['subscripts', 'x' + '[0]'.repeat(DEPTH)],
  ['method chain', 'x' + '.strip()'.repeat(DEPTH)],
  ['conditionals', 'x if y else '.repeat(DEPTH) + 'z'],
  ['tuple target', '('.repeat(DEPTH) + 'a,' + '),'.repeat(DEPTH - 1) + ')'],
];

describe('deep nesting', () => {
  for (const [name, expr] of expressions) {
    it(`${name} x${DEPTH} in a shell command`, () => {
      run(`import os, subprocess, six\ndef run(x, y):\n    cmd = ${expr}\n    subprocess.call(${expr}, shell=True)\n    os.system(cmd)\n    (${expr}) = x\n`);
    });
  }

  for (const [name, header] of [['defs', 'def f(x):'], ['ifs', 'if x:'], ['tries', 'try:']] as const) {
    it(`nested ${name} x1000`, () => {
      let text = '';
      for (let i = 0; i < 1000; i++) text += `${' '.repeat(i)}${header}\n`;
      text += `${' '.repeat(1000)}os.system(x)\n`;
      run(text);
    });
  }

  it('a long concatenation is followed to its end (operator chains are not depth-limited)', () => {
    const chain = Array.from({ length: 5000 }, (_, i) => (i === 4000 ? 'name' : `"part${i}"`)).join(' + ');
    assert.ok(run(`import os\ndef run(name):\n    os.system(${chain})\n`).ids.includes('DVR101'));
  });

  it('taint passes through deeply parenthesised expressions (evaluation is iterative)', () => {
    const nested = (depth: number): string => `import os\ndef run(name):\n    os.system(${'('.repeat(depth)}"ip " + name${')'.repeat(depth)})\n`;
    assert.ok(run(nested(100)).ids.includes('DVR101'));
    assert.ok(run(nested(5000)).ids.includes('DVR101'));
  });
});
