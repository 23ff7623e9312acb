import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analysisOptions } from '../src/engine/display';
import { analyse, type ActiveRule } from '../src/engine/engine';
import { DEFAULT_LINT_OPTIONS } from '../src/engine/options';
import { parsePython } from '../src/engine/parser';
import { RuleProfile, setRuleProfile } from '../src/engine/profile';
import { allRules, RULES_DIR } from './helpers';

/**
 * Cost per line is flat in file size for every rule: no quadratic path. Every rule runs over
 * generated files of several shapes, once with the shape's content and once with it repeated
 * GROWTH times; each rule's CPU time (engine/profile.ts, the benchmark's per-rule figures), the
 * file-level facts (the module model, memos) and the whole analysis must grow less than ALLOWED
 * times (linear: GROWTH; quadratic: GROWTH squared). CPU time, best of several runs, compared
 * within one run: a hang detector with wide margins, not a timing test.
 */

const GROWTH = 4;
/**
 * Linear growth costs GROWTH times, quadratic GROWTH squared; this much is allowed for noise,
 * caches and the collector, whose cost grows with the live heap (the larger tree's nodes):
 * DVR801's walk of every node measured up to 10.8x on the module-level shape.
 */
const ALLOWED = 3 * GROWTH;
/** Below this many milliseconds, timings are noise: the smaller run counts as at least this. */
const FLOOR_MS = 3;
/** Runs per size; a shape whose figures are over the limit is measured again (best of all runs) this many more times before it fails. */
const RUNS = 1;
const RETRIES = 3;
const FACTS = 'file-level facts';
const TOTAL = 'whole analysis';

/** Statements of the kinds the rules check, with names numbered so that nothing repeats. */
function kitchenSink(i: number): string[] {
  return [
    `path${i} = os.path.join(base, name${i})`,
    `f${i} = open(path${i})`,
    `data${i} = f${i}.read()`,
    `cmd${i} = 'ip link set %s up' % name${i}`,
    `subprocess.call(cmd${i}, shell=True)`,
    `os.system('ip netns exec ' + name${i})`,
    `LOG.info('password %s', password${i})`,
    `token${i} = 'a8f5f167f44f4964e6c998dee827110c'`,
    `try:`,
    `    run(cmd${i})`,
    `except Exception:`,
    `    pass`,
    `if secret${i} == 'hunter2-${i}':`,
    `    eval(data${i})`,
    `requests.get(url${i}, verify=False)`,
    `conf${i} = yaml.load(data${i})`,
    `tmp${i} = tempfile.mktemp()`,
    `digest${i} = hashlib.md5(data${i}).hexdigest()`,
    `sock${i} = socket.socket()`,
    `execute(['iptables', '-A', chain${i}, '-j', 'ACCEPT'])`,
    `utils.execute('sysctl', '-w', 'net.ipv4.ip_forward=1', run_as_root=True)`,
    `addr${i} = '10.0.${i % 250}.1'`,
  ];
}

const HEADER = ['import hashlib', 'import logging', 'import os', 'import socket', 'import subprocess', 'import tempfile', 'import requests', 'import six', 'import yaml', '', 'LOG = logging.getLogger(__name__)', ''];
const SINK_LINES = 1500;

const indented = (text: string, prefix: string): string[] => text.split('\n').map((l) => (l ? `${prefix}${l}` : l));

/** Every rule's fixture (rules/DVRnnn.py), in the order of the rule ids. */
function fixtures(): string[] {
  return fs
    .readdirSync(RULES_DIR)
    .filter((f) => /^DVR\d+\.py$/.test(f))
    .sort()
    .map((f) => fs.readFileSync(path.join(RULES_DIR, f), 'utf8'));
}

interface Shape {
  name: string;
  /** The shape's text with its content `copies` times. */
  make(copies: number): string;
}

function shapes(): Shape[] {
  const all = fixtures();
  const sinkPerCopy = Math.ceil(SINK_LINES / kitchenSink(0).length);
  let n = 0;
  const each = (copies: number, wrap: (fixture: string, i: number) => string[]): string => {
    const out: string[] = [];
    for (let c = 0; c < copies; c++) for (const fixture of all) out.push(...wrap(fixture, n++));
    return out.join('\n');
  };
  return [
    {
      name: 'one long function',
      make: (copies) => {
        const body: string[] = [];
        for (let i = 0; i < copies * sinkPerCopy; i++) body.push(...kitchenSink(i).map((l) => `    ${l}`));
        return [...HEADER, 'def generated(base, name, url, chain):', ...body, ''].join('\n');
      },
    },
    { name: 'every fixture repeated in functions', make: (copies) => each(copies, (f, i) => [`def copy_${i}():`, ...indented(f, '    '), '    pass']) },
    { name: 'every fixture repeated in classes', make: (copies) => each(copies, (f, i) => [`class Copy${i}(object):`, '    def method(self):', ...indented(f, '        '), '        pass']) },
    // Module-level code binds the same names again and again: lookups must not scan them all.
    { name: 'every fixture repeated at module level', make: (copies) => each(copies, (f) => [f]) },
  ];
}

const options = analysisOptions(DEFAULT_LINT_OPTIONS);

/** CPU milliseconds of each rule, of the file-level facts and of the whole analysis: the lowest of `runs` profiled analyses. */
function costs(text: string, rules: readonly ActiveRule[], runs: number, into: Map<string, number> = new Map()): Map<string, number> {
  const tree = parsePython(text);
  const keep = (key: string, ms: number): void => {
    into.set(key, Math.min(into.get(key) ?? Infinity, ms));
  };
  for (let run = 0; run < runs; run++) {
    const profile = new RuleProfile();
    setRuleProfile(profile);
    const start = process.cpuUsage();
    try {
      analyse({ path: 'pkg/generated.py', text, tree }, rules, options);
    } finally {
      setRuleProfile(undefined);
    }
    const spent = process.cpuUsage(start);
    keep(TOTAL, (spent.user + spent.system) / 1000);
    keep(FACTS, profile.facts);
    for (const rule of rules) keep(rule.meta.id, profile.byRule.get(rule.meta.id) ?? 0);
  }
  return into;
}

function overLimit(small: Map<string, number>, large: Map<string, number>): string[] {
  const failures: string[] = [];
  for (const [key, smallMs] of small) {
    const largeMs = large.get(key) ?? 0;
    const ratio = largeMs / Math.max(smallMs, FLOOR_MS);
    if (ratio > ALLOWED) failures.push(`${key}: ${smallMs.toFixed(1)} ms -> ${largeMs.toFixed(1)} ms (${ratio.toFixed(1)}x)`);
  }
  return failures;
}

describe('cost per line is flat in file size', () => {
  const rules = allRules();

  it('the profile covers every rule', () => {
    const measured = costs('import os\nos.system(cmd)\n', rules, 1);
    for (const rule of rules) assert.ok(measured.has(rule.meta.id), rule.meta.id);
  });

  for (const shape of shapes()) {
    it(`every rule on ${shape.name}: ${GROWTH}x the lines costs under ${ALLOWED}x the CPU`, () => {
      const smallText = shape.make(1);
      const largeText = shape.make(GROWTH);
      // A warm-up, so that the first rule does not pay for compiling the engine.
      costs(smallText, rules, 1);
      const small = new Map<string, number>();
      const large = new Map<string, number>();
      let failures: string[] = [];
      for (let attempt = 0; attempt <= RETRIES; attempt++) {
        costs(smallText, rules, RUNS, small);
        costs(largeText, rules, RUNS, large);
        failures = overLimit(small, large);
        if (failures.length === 0) break;
      }
      assert.deepEqual(failures, [], `cost grows faster than the file (${smallText.split('\n').length} -> ${largeText.split('\n').length} lines):\n${failures.join('\n')}`);
    });
  }

  it('DVR501 on many open() calls in one function grows linearly', () => {
    const rule = rules.find((r) => r.meta.id === 'DVR501');
    assert.ok(rule);
    const opens = (n: number): string => ['def load(paths):', ...Array.from({ length: n }, (_, i) => `    h${i} = open(paths[${i}])\n    h${i}.read()`), ''].join('\n');
    const small = costs(opens(200), [rule], 3);
    const large = costs(opens(200 * GROWTH), [rule], 3);
    assert.deepEqual(overLimit(small, large), []);
  });
});
