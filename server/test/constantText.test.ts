import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readsNoVariable } from '../src/engine/constantText';
import { parsePython } from '../src/engine/parser';
import type { SyntaxNode } from '../src/engine/types';
import { ruleFixtureTexts } from './helpers';

/**
 * readsNoVariable lets callee resolution skip a call (analysis/interproc/callees.ts): it must
 * never say "no variable" of an argument list that reads one, or taint across calls would miss it.
 */

/** The names an argument list reads according to the tree: identifiers other than keyword names and True/False/None. */
function readsNameByTree(args: SyntaxNode, text: string): boolean {
  return args.descendantsOfType('identifier').some((id) => {
    const name = text.slice(id.startIndex, id.endIndex);
    if (name === 'True' || name === 'False' || name === 'None') return false;
    const parent = id.parent;
    return !(parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id);
  });
}

describe('readsNoVariable', () => {
  it('tells constant argument lists from ones that read a name', () => {
    assert.equal(readsNoVariable("('ip', 'link', 1, None, True)"), true);
    assert.equal(readsNoVariable("(['ip', 'netns'], check_exit_code=False, run_as_root=True)"), true);
    assert.equal(readsNoVariable("(b'\\x00' r'\\d' \"\"\"a\nb\"\"\")"), true);
    assert.equal(readsNoVariable('(cmd)'), false);
    assert.equal(readsNoVariable("('ip ' + name)"), false);
    assert.equal(readsNoVariable("(f'ip {name}')"), false);
    assert.equal(readsNoVariable("('%s' % (ns,))"), false);
    assert.equal(readsNoVariable('(*args)'), false);
    assert.equal(readsNoVariable('(a.b)'), false);
  });

  it('never says "no variable" where the tree has one, over every call of every rule fixture', () => {
    let calls = 0;
    let constant = 0;
    for (const { name, text } of ruleFixtureTexts()) {
      for (const call of parsePython(text).rootNode.descendantsOfType('call')) {
        const args = call.childForFieldName('arguments');
        if (!args || args.type !== 'argument_list') continue;
        calls++;
        if (!readsNoVariable(text.slice(args.startIndex, args.endIndex))) continue;
        constant++;
        assert.equal(readsNameByTree(args, text), false, `${name}: ${text.slice(args.startIndex, args.endIndex)}`);
      }
    }
    assert.ok(calls > 500 && constant > 50, `${constant} of ${calls} calls judged constant`);
  });
});
