import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisOptions } from '../src/engine/display';
import { analyse } from '../src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../src/engine/options';
import { parsePython } from '../src/engine/parser';
import { allRules } from './helpers';

/**
 * Cost stays linear in the depth of nested code. In tree-sitter, walking up to a parent costs the
 * depth of the tree, so a rule that walks up (or walks a loop's whole body) from every nested
 * statement is quadratic in the depth: DVR503 and DVR504 were (a 130 KB fuzz file of nested loops
 * took 11 s in DVR504). Nests 12 and 48 loops deep (4 times the lines): the deeper must cost less
 * than 12 times the shallower (linear: 4; quadratic: 16; the taint rules' loop fixpoints add a
 * little per level, and a shared machine adds noise). CPU time, best of 5, within one run.
 */

const GROWTH = 4;
const ALLOWED = 3 * GROWTH;
const FLOOR_MS = 3;

function loopNest(depth: number): string {
  const lines = ['import os', 'from neutron.agent.linux import utils', '', 'def purge(items, base):'];
  for (let i = 0; i < depth; i++) {
    const indent = '    '.repeat(i + 1);
    lines.push(`${indent}for a${i} in items[${i}]:`);
    lines.push(`${indent}    utils.execute(['ip', 'link', 'del', a${i}])`);
    lines.push(`${indent}    if not os.path.exists(base + a${i}):`);
    lines.push(`${indent}        os.makedirs(base + a${i})`);
    lines.push(`${indent}    try:`);
    lines.push(`${indent}        x${i} = a${i}['id']`);
    lines.push(`${indent}    except KeyError:`);
    lines.push(`${indent}        pass`);
  }
  return lines.join('\n') + '\n';
}

describe('cost is linear in nesting depth', () => {
  const options = analysisOptions({ ...DEFAULT_LINT_OPTIONS, select: ['ALL'] });
  const shallow = loopNest(12);
  const deep = loopNest(12 * GROWTH);
  const trees = { shallow: parsePython(shallow), deep: parsePython(deep) };
  for (const rule of allRules()) {
    it(`${rule.meta.id}: a nest 4 times as deep costs under ${ALLOWED} times as much`, () => {
      const cost = (text: string, tree: typeof trees.shallow): number => {
        let best = Infinity;
        for (let i = 0; i < 5; i++) {
          const start = process.cpuUsage();
          analyse({ path: 'neutron/agent/l3/purge.py', text, tree }, [rule], options);
          const spent = process.cpuUsage(start);
          best = Math.min(best, (spent.user + spent.system) / 1000);
        }
        return best;
      };
      const small = Math.max(FLOOR_MS, cost(shallow, trees.shallow));
      const large = cost(deep, trees.deep);
      assert.ok(large < ALLOWED * small, `${rule.meta.id}: ${small.toFixed(1)} ms at depth 12, ${large.toFixed(1)} ms at depth 48 (${(large / small).toFixed(1)}x)`);
    });
  }
});
