import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analysisOptions } from '../src/engine/display';
import { analyse } from '../src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../src/engine/options';
import { parsePython } from '../src/engine/parser';
import { ModuleModel } from '../src/semantic/model';
import { allRules } from './helpers';

/**
 * Cost stays linear in the depth of nested code. In tree-sitter, walking up to a parent costs the
 * depth of the tree, so a rule that walks up (or walks a loop's whole body) from every nested
 * statement is quadratic in the depth: DVR503 and DVR504 were (a 130 KB fuzz file of nested loops
 * took 11 s in DVR504). Nests 12 and 48 loops deep, 50 and 200 calls deep, 400 and 1,600 calls in a
 * log call, 3,000 and 12,000 attributes, 400 and 1,600 generator expressions, 100 and 400 format calls (4 times the lines):
 * the deeper must cost less than 12 times the shallower (linear: 4; quadratic: 16; the taint
 * rules' loop fixpoints add a little per level, and a shared machine adds noise). CPU time, best
 * of 5, within one run.
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

/**
 * Calls nested in calls, at module level and in a function: a fuzz case of 1,000 nested
 * `subprocess.call(` took DVR501 77 s (it walked up from every call to its scope).
 */
function callNest(depth: number): string {
  const nested = (inner: string): string => `${'subprocess.call('.repeat(depth)}${inner}${')'.repeat(depth)}`;
  // An open() in each scope: DVR501 then reads the facts of every call in the scope.
  return ['import subprocess', '', "log = open('/var/log/agent.log')", `x = ${nested("'ls'")}`, '', 'def run(cmd):', "    out = open('/tmp/out')", '    try:', `        return ${nested('cmd')}`, '    except OSError:', `        return ${nested("'true'")}`, ''].join('\n');
}

/**
 * Shell calls nested in a logging call, the shape of a fuzz case that took 112 s at 50,000
 * deep: rules' first filters tested each call's whole text (`SECRET_HINT.test(text(call))`),
 * quadratic in the depth, which shows only hundreds of levels down.
 */
function loggedCallNest(depth: number): string {
  const nested = (inner: string): string => `${'subprocess.call('.repeat(depth)}${inner}${', shell=True)'.repeat(depth)}`;
  return ['import logging', 'import subprocess', '', 'LOG = logging.getLogger(__name__)', '', 'def run(cmd, token):', `    LOG.debug("%s", ${nested('cmd')})`, `    LOG.info("%s", ${nested('token')})`, ''].join('\n');
}

/**
 * A long attribute chain on a six import, the shape of a fuzz case that took 357 s at 50,000
 * attributes: DVR801 walked up the whole chain from its root (`parent` costs the depth).
 */
function attributeChain(depth: number): string {
  return ['import six', '', `value = six${'.a'.repeat(depth)}`, '', 'def run(items):', `    return six.moves.map(len, items)${'.a'.repeat(depth)}`, ''].join('\n');
}

/**
 * Generator expressions nested in a logging call, the shape of a fuzz case that took over 120 s
 * at 50,000 deep: each scope question descended from the module through every enclosing
 * comprehension, and each builtin name (`sum`) was looked up through all of them.
 */
function generatorNest(depth: number): string {
  const nested = (inner: string): string => `${'sum(x for x in '.repeat(depth)}${inner}${')'.repeat(depth)}`;
  return ['import logging', '', 'LOG = logging.getLogger(__name__)', '', 'def run(x):', `    LOG.debug("%s", ${nested('x')})`, `    return ${nested('LOG')}`, ''].join('\n');
}

/**
 * Format calls nested at module level in a file that writes a sysctl key, the shape of a fuzz
 * case (1,000 deep in dvr_edge_router.py) that took 62 s: DVR105 walked up every call's parents
 * looking for a floating-IP class, and tree-sitter's `parent` costs the depth.
 */
function sysctlFileNest(depth: number): string {
  return ['from neutron.agent.linux import ip_lib', '', `x = ${'"{}".format('.repeat(depth)}x${')'.repeat(depth)}`, '', 'def disable(ns):', "    ip_lib.IPWrapper(namespace=ns).netns.execute(['sysctl', '-w', 'net.ipv4.conf.all.rp_filter=0'])", ''].join('\n');
}

/** Each shape, and the depth of its shallower nest (deep enough for a cost cubic in depth to show). */
const SHAPES: [string, (depth: number) => string, number][] = [
  ['loops', loopNest, 12],
  ['calls', callNest, 50],
  ['calls in a log call', loggedCallNest, 400],
  ['attributes', attributeChain, 3000],
  ['generators', generatorNest, 400],
  ['format calls in a sysctl file', sysctlFileNest, 100],
];

/**
 * tree-sitter's trees live in native memory that V8 does not count, so it collects them only when
 * its own heap fills, and frees them in finalizers that run on a later turn of the event loop: the
 * ten fresh trees of each rule's measurement grew this file's process to 4.3 GB. With
 * `--expose-gc` (npm run test:unit) they are collected and freed after each rule.
 */
async function collectTrees(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
}

describe('cost is linear in nesting depth', () => {
  const options = analysisOptions({ ...DEFAULT_LINT_OPTIONS, select: ['ALL'] });
  for (const [shape, nest, depth] of SHAPES) {
    const shallow = nest(depth);
    const deep = nest(depth * GROWTH);
    for (const rule of allRules()) {
      it(`${rule.meta.id}: nested ${shape} 4 times as deep cost under ${ALLOWED} times as much`, async () => {
        const cost = (text: string): number => {
          let best = Infinity;
          for (let i = 0; i < 5; i++) {
            // A fresh tree each time (parsed outside the timing): rules cache facts per tree.
            const tree = parsePython(text);
            const start = process.cpuUsage();
            analyse({ path: 'neutron/agent/l3/purge.py', text, tree }, [rule], options);
            const spent = process.cpuUsage(start);
            best = Math.min(best, (spent.user + spent.system) / 1000);
          }
          return best;
        };
        const small = Math.max(FLOOR_MS, cost(shallow));
        const large = cost(deep);
        await collectTrees();
        assert.ok(large < ALLOWED * small, `${rule.meta.id}: nested ${shape}, ${small.toFixed(1)} ms at depth ${depth}, ${large.toFixed(1)} ms at depth ${depth * GROWTH} (${(large / small).toFixed(1)}x)`);
      });
    }
  }
});

/**
 * The module model's own part, without a rule's constant cost per level to hide it: the scope
 * and binding of every name in nested comprehensions. Each question used to descend from the
 * module through every enclosing comprehension, and a builtin (`sum`) was looked up through all
 * of them: quadratic (16x here), linear now (4x).
 */
describe('name questions are linear in comprehension depth', () => {
  it(`asks about every name of ${GROWTH} times as deep generators for under ${ALLOWED} times as much`, async () => {
    const cost = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const tree = parsePython(text);
        const names = tree.rootNode.descendantsOfType('identifier');
        const start = process.cpuUsage();
        for (const lazy of [false, true]) {
          const model = new ModuleModel(tree.rootNode, text, undefined, lazy);
          for (const name of names) model.bindingOf(name);
        }
        const spent = process.cpuUsage(start);
        best = Math.min(best, (spent.user + spent.system) / 1000);
      }
      return best;
    };
    const depth = 1000;
    const small = Math.max(FLOOR_MS, cost(generatorNest(depth)));
    const large = cost(generatorNest(depth * GROWTH));
    await collectTrees();
    assert.ok(large < ALLOWED * small, `${small.toFixed(1)} ms at depth ${depth}, ${large.toFixed(1)} ms at depth ${depth * GROWTH} (${(large / small).toFixed(1)}x)`);
  });
});
