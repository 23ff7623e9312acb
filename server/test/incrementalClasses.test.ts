import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyse, type AnalysisResult } from '../src/engine/engine';
import { IncrementalAnalysis } from '../src/engine/incremental';
import { parsePython } from '../src/engine/parser';
import { OpenDocument } from '../src/lsp/document';
import { ALL_SELECTED, allRules, RULES_DIR } from './helpers';
import { random } from '../../scripts/bench/stats';

/**
 * Methods of a top-level class are units of their own in the editor (engine/classUnits.ts):
 * an edit inside one method re-checks that method and the class's shell, plus the methods
 * that read what changed. These cases fail when a method's finding depends on another part
 * of its class that the bookkeeping misses.
 */

function comparable(result: AnalysisResult): unknown {
  return { findings: result.findings, suppressed: result.suppressed, syntaxErrors: result.syntaxErrors };
}

/** A document with an incremental analysis that is checked against a full analysis every time. */
class Session {
  readonly document: OpenDocument;
  readonly analysis = new IncrementalAnalysis();
  private version = 1;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.document = new OpenDocument(`file:///${file}`, 1, text, 'python');
  }

  /** Analyses the document incrementally and returns `rule:line:confidence` of each finding. */
  run(where = ''): string[] {
    const { document } = this;
    const tree = document.currentTree();
    const got = this.analysis.analyse({ path: this.file, text: document.text, tree }, document.takeChanges(), allRules(), ALL_SELECTED);
    const fresh = parsePython(document.text);
    const sameTree = tree.rootNode.toString() === fresh.rootNode.toString();
    const expected = analyse({ path: this.file, text: document.text, tree: sameTree ? fresh : tree }, allRules(), ALL_SELECTED);
    assert.deepEqual(comparable(got), comparable(expected), `incremental result differs from a full analysis ${where} (${this.analysis.stats.mode})`);
    return got.findings.map((f) => `${f.ruleId}:${got.lineIndex.lineOf(f.start) + 1}:${f.confidence}`);
  }

  /** Replaces the first occurrence of `from` with `to`. */
  replace(from: string, to: string): void {
    const start = this.document.text.indexOf(from);
    assert.ok(start >= 0, `no ${from} in the text`);
    this.edit(start, start + from.length, to);
  }

  edit(start: number, end: number, newText: string): void {
    const at = (offset: number): { line: number; character: number } => {
      const before = this.document.text.slice(0, offset);
      const line = before.split('\n').length - 1;
      return { line, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    this.document.applyChanges([{ range: { start: at(start), end: at(end) }, text: newText }], ++this.version, 'utf-16');
  }
}

const RUNNER = `import subprocess


class Runner(object):
    def handle(self, request):
        return self._run(request.body)

    def _run(self, command):
        return subprocess.call(command, shell=True)

    def other(self):
        return 1
`;

const CONTROLLER = `from neutron import context as n_context


class RouterDetailsController(object):
    def __init__(self, plugin):
        self._plugin = plugin

    def _router_as_admin(self, router_id):
        admin_ctx = n_context.get_admin_context()
        return self._plugin.get_router(admin_ctx, router_id)

    def show(self, request, id, **kwargs):
        return self._router_as_admin(id)
`;

describe('incremental analysis of methods', () => {
  it('re-checks one method and the shell for an edit inside one method of a 20-method class', () => {
    const methods = Array.from({ length: 20 }, (_, i) => `    def m${i}(self, cmd):\n        value = cmd + ${i}\n        return value\n`).join('\n');
    const session = new Session('agent.py', `import os\n\n\nclass Agent(object):\n    """Many methods."""\n\n${methods}\n\ndef tail():\n    return 2\n`);
    session.run();
    assert.equal(session.analysis.stats.mode, 'full');
    assert.equal(session.analysis.stats.totalUnits, 1 + 1 + 20 + 1);
    session.replace('cmd + 7', 'cmd + 77');
    session.run();
    assert.equal(session.analysis.stats.mode, 'incremental');
    // The method and the class's shell, nothing else.
    assert.equal(session.analysis.stats.checkedUnits, 2);
    // A new finding inside a method comes from that method alone.
    session.replace('value = cmd + 12', 'value = os.system(cmd)');
    assert.deepEqual(session.run(), ['DVR101:56:medium']);
    assert.equal(session.analysis.stats.checkedUnits, 2);
    // Renaming a method changes the class's shell: every method is re-checked.
    session.replace('def m3(', 'def n3(');
    session.run();
    assert.equal(session.analysis.stats.checkedUnits, 1 + 20);
  });

  it('keeps the methods tree-sitter reports as changed when the new tree has them unchanged and error-free', () => {
    const methods = Array.from({ length: 20 }, (_, i) => `    def m${i}(self, cmd):\n        value = self.call(cmd,\n                          ${i})\n        return value\n`).join('\n');
    const session = new Session('agent.py', `import os\n\n\nclass Agent(object):\n${methods}\n`);
    session.run();
    // An `x` in a continuation line: error recovery, and the changed ranges cover the whole file.
    const at = session.document.text.indexOf('                          7)') + 10;
    session.edit(at, at, 'x');
    session.run('after an x in a continuation line');
    assert.equal(session.analysis.stats.mode, 'incremental');
    assert.equal(session.analysis.stats.checkedUnits, 2);
    session.edit(at, at + 1, '');
    session.run('after the x went');
    assert.equal(session.analysis.stats.checkedUnits, 2);
  });

  it('counts a function that declares a name global among what file-level facts depend on', () => {
    const session = new Session('globals.py', 'import os\n\nRUN = None\n\n\ndef setup():\n    global RUN\n    RUN = os.system\n\n\ndef go(cmd):\n    return len(cmd)\n');
    session.run();
    session.replace('RUN = os.system', 'RUN = os.popen');
    session.run('after the global assignment changed');
    assert.equal(session.analysis.stats.factsChanged, true);
    session.replace('len(cmd)', 'len(cmd) + 1');
    session.run('after an edit elsewhere');
    assert.equal(session.analysis.stats.factsChanged, false);
  });

  it("re-checks a caller when the summary of the self.method it calls changes (DVR101)", () => {
    const session = new Session('runner.py', RUNNER);
    assert.deepEqual(session.run(), ['DVR101:6:high', 'DVR101:9:medium']);
    session.replace('subprocess.call(command, shell=True)', 'len(command)');
    assert.deepEqual(session.run('after the helper stopped running a shell'), []);
    assert.equal(session.analysis.stats.mode, 'incremental');
    session.replace('len(command)', 'subprocess.call(command, shell=True)');
    assert.deepEqual(session.run('after the helper runs a shell again'), ['DVR101:6:high', 'DVR101:9:medium']);
    // An edit of an unrelated method leaves the caller alone.
    session.replace('return 1', 'return 2');
    session.run();
    assert.equal(session.analysis.stats.checkedUnits, 2);
  });

  it('re-checks a caller when the helper it reaches through self stops returning what it read (DVR702)', () => {
    const session = new Session('controller.py', CONTROLLER);
    assert.deepEqual(session.run(), ['DVR702:13:medium']);
    session.replace('return self._plugin.get_router(admin_ctx, router_id)', 'self._plugin.get_router(admin_ctx, router_id)');
    assert.deepEqual(session.run('after the helper stopped returning'), []);
    session.replace('self._plugin.get_router(admin_ctx, router_id)', 'return self._plugin.get_router(admin_ctx, router_id)');
    assert.deepEqual(session.run('after the helper returns again'), ['DVR702:13:medium']);
  });

  it("follows the class's name and a Target call in another method into DVR702's confidence", () => {
    const session = new Session('controller.py', CONTROLLER);
    assert.deepEqual(session.run(), ['DVR702:13:medium']);
    // Not an RPC-ish name any more: a low-confidence hint.
    session.replace('class RouterDetailsController(', 'class RouterDetails(');
    assert.deepEqual(session.run('after the rename'), ['DVR702:13:low']);
    // An oslo_messaging.Target in __init__ makes the class an RPC endpoint again.
    session.replace('self._plugin = plugin', 'self.target = oslo_messaging.Target(version="1.0")');
    assert.deepEqual(session.run('after the Target call'), ['DVR702:13:medium']);
    assert.equal(session.analysis.stats.mode, 'incremental');
    session.replace('oslo_messaging.Target(version="1.0")', 'None');
    assert.deepEqual(session.run('after the Target call went'), ['DVR702:13:low']);
    session.replace('class RouterDetails(', 'class RouterDetailsController(');
    assert.deepEqual(session.run('after the rename back'), ['DVR702:13:medium']);
  });

  it("re-checks every method when the class's name changes what a check in a method says (DVR105)", () => {
    const text = `from neutron.agent.linux import ip_lib


class SnatNamespace(object):
    def __init__(self, ns_name):
        self.ns_name = ns_name

    def enable_gateway_proxy_arp(self, gw_device):
        ip_lib.sysctl(['net.ipv4.conf.%s.proxy_arp=1' % gw_device], namespace=self.ns_name)
`;
    const session = new Session('namespaces.py', text);
    assert.deepEqual(session.run(), ['DVR105:9:high']);
    // A class named for floating IPs sets proxy_arp=1 by design.
    session.replace('class SnatNamespace(', 'class FipNamespace(');
    assert.deepEqual(session.run('after the rename'), []);
    assert.equal(session.analysis.stats.mode, 'incremental');
    session.replace('class FipNamespace(', 'class SnatNamespace(');
    assert.deepEqual(session.run('after the rename back'), ['DVR105:9:high']);
  });

  it('follows a Target call in another method into DVR701 (an RPC endpoint is not an API controller)', () => {
    const text = `class PortController(object):
    def __init__(self):
        self.plugin = None

    def update(self, context, port):
        return self.plugin.update_port(context, port)
`;
    const session = new Session('api.py', text);
    assert.deepEqual(session.run(), ['DVR701:6:low']);
    session.replace('self.plugin = None', 'self.target = messaging.Target(version="1.0")');
    assert.deepEqual(session.run('after the Target call'), []);
    session.replace('messaging.Target(version="1.0")', 'None');
    assert.deepEqual(session.run('after the Target call went'), ['DVR701:6:low']);
  });

  it('matches a full analysis after every random edit of the rule fixtures wrapped as classes', () => {
    const insertions = ['x', ' ', '\n', ':', '(', ')', '#', '    ', 'e', '.', '\n    def m(self):\n        pass\n', 'class C(object):\n', 'self._run(cmd)', 'os.system(cmd)', 'import os\n', '"""', 'Controller', 'oslo_messaging.Target()'];
    let incremental = 0;
    let analyses = 0;
    for (const name of fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py')).sort()) {
      const seed = 7000 + ([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % 100_000);
      const next = random(seed);
      const session = new Session(`neutron/agent/${name}`, asClasses(fs.readFileSync(path.join(RULES_DIR, name), 'utf8')));
      session.run(`${name} (seed ${seed}) at the start`);
      for (let step = 0; step < 12; step++) {
        const text = session.document.text;
        const start = Math.floor(next() * (text.length + 1));
        const roll = next();
        const end = roll < 0.5 ? start : Math.min(text.length, start + 1 + Math.floor(next() * 6));
        const newText = roll < 0.5 || roll > 0.8 ? insertions[Math.floor(next() * insertions.length)] : '';
        if (text[start - 1] === '\r' || text[end - 1] === '\r') continue;
        session.edit(start, end, newText);
        session.run(`${name} (seed ${seed}) at step ${step}`);
        analyses++;
        if (session.analysis.stats.mode === 'incremental') incremental++;
      }
    }
    assert.ok(incremental > analyses / 2, `only ${incremental} of ${analyses} analyses were incremental`);
  });
});

/**
 * A fixture's code as methods: module-level imports stay, everything else goes into classes
 * (one per group of top-level statements), and calls of the fixture's own functions go through `self`.
 */
function asClasses(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const names = new Set<string>();
  for (const line of lines) {
    const def = /^def (\w+)/.exec(line);
    if (def) names.add(def[1]);
  }
  const head: string[] = [];
  const body: string[] = ['class Head(object):', '    pass'];
  let defs = 0;
  let classes = 0;
  let inImport = false;
  let decorated = false;
  for (const line of lines) {
    if (inImport || /^(import |from \S+ import )/.test(line)) {
      head.push(line);
      inImport = (inImport || line.includes('(')) && !line.includes(')');
      continue;
    }
    // A new class every four top-level defs or classes (not between a decorator and its def).
    if (/^(def |class |@)/.test(line) && !decorated && defs++ % 4 === 0) body.push('', `class Wrapped${classes++}(object):`);
    if (line.trim()) decorated = line.startsWith('@');
    const indented = line.length > 0 ? `    ${line}` : line;
    if (/^def \w+\(/.test(line)) {
      body.push(indented.replace(/\(/, /^def \w+\(\s*\)/.test(line) ? '(self' : '(self, '));
      continue;
    }
    let calls = indented;
    for (const name of names) calls = calls.replace(new RegExp(`(?<![\\w.])${name}\\(`, 'g'), `self.${name}(`);
    body.push(calls);
  }
  return `${head.join('\n')}\n\n\n${body.join('\n')}\n`;
}
