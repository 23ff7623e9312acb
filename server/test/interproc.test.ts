import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalysisResult } from '../src/engine/engine';
import { IncrementalAnalysis } from '../src/engine/incremental';
import type { LintOptions } from '../src/engine/options';
import { DEFAULT_THREAT_MODELS, type Finding } from '../src/engine/types';
import { OpenDocument } from '../src/lsp/document';
import { ALL_SELECTED, allRules, lint } from './helpers';

/**
 * Taint across calls within one module (analysis/interproc/): summaries of helpers, the
 * finding at the call where the untrusted value enters, its path through the helpers, and
 * the editor re-checking callers when a helper changes. The source here is a configured
 * one (`read_untrusted`), so these tests do not depend on which threat models are on.
 */

const OPTIONS: LintOptions = { ...ALL_SELECTED, analysis: { taint: { sources: ['read_untrusted'], sinks: [], sanitizers: [] }, threatModels: DEFAULT_THREAT_MODELS } };
const TAINT_RULES = new Set(['DVR101', 'DVR102', 'DVR104']);

function findings(text: string): Finding[] {
  return lint(text, 'tools/netns_tool.py', OPTIONS).filter((f) => TAINT_RULES.has(f.ruleId));
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Findings reported at a call that hands a configured source to a helper. */
function entryFindings(text: string): { rule: string; line: number; finding: Finding }[] {
  return findings(text)
    .filter((f) => f.related.some((r) => r.message.startsWith('configured source')))
    .map((f) => ({ rule: f.ruleId, line: lineOf(text, f.start), finding: f }));
}

const CHAIN = `import subprocess


def _run(command):
    return subprocess.check_output(command, shell=True)


def show_namespace(name):
    return _run('ip netns exec %s ip -o addr show' % name)


def main():
    namespace = read_untrusted()
    return show_namespace(namespace)
`;

describe('taint across calls in one module', () => {
  it('reports the call where the value enters, names the sink and carries the path through both helpers', () => {
    const found = entryFindings(CHAIN);
    assert.deepEqual(found.map((f) => [f.rule, f.line]), [['DVR101', 14]]);
    const f = found[0].finding;
    assert.equal(f.confidence, 'high');
    assert.match(f.message, /through show_namespace\(\).*subprocess\.check_output\(\)/);
    assert.deepEqual(
      f.related.map((r) => r.message),
      [
        "configured source 'read_untrusted' (external value)",
        "flows into 'namespace'",
        "passed to show_namespace() as 'name'",
        "parameter 'name' of show_namespace()",
        'formatted into a string',
        "passed to _run() as 'command'",
        "parameter 'command' of _run()",
        'runs through a shell in subprocess.check_output()',
      ],
    );
    // The last location is the sink itself, inside _run().
    const sink = f.related[f.related.length - 1];
    assert.equal(CHAIN.slice(sink.start, sink.end), 'subprocess.check_output');
  });

  it('follows a value a helper returns into the caller own sink', () => {
    const text = `import os


def offload_command(interface):
    return 'ethtool -K %s tx off' % interface


def fix():
    os.system(offload_command(read_untrusted()))
`;
    const found = entryFindings(text);
    assert.deepEqual(found.map((f) => [f.rule, f.line]), [['DVR101', 9]]);
    assert.ok(found[0].finding.related.some((r) => r.message === 'returned by offload_command()'));
  });

  it('finds self.method in a base class of the same file, keyword arguments, and Class().method()', () => {
    const text = `import subprocess


class Runner(object):
    def _execute(self, cmd):
        return subprocess.call(cmd, shell=True)


class Tool(Runner):
    def flush(self, zone=None):
        return self._execute('conntrack -D -w %s' % zone)

    def run(self):
        return self.flush(zone=read_untrusted())


def main():
    Tool().flush(read_untrusted())
    tool = Tool()
    tool.flush(zone=read_untrusted())
`;
    assert.deepEqual(entryFindings(text).map((f) => [f.rule, f.line]), [['DVR101', 14], ['DVR101', 18], ['DVR101', 20]]);
  });

  it('carries DVR102 and DVR104 across calls, DVR104 only for a value spliced into the rule', () => {
    const text = `import subprocess


def set_option(bridge, option):
    subprocess.check_call(['ovs-vsctl', 'set', 'Bridge', bridge, option])


def block(iptables_manager, address):
    iptables_manager.ipv4['filter'].add_rule('INPUT', '-s %s -j DROP' % address)


def add(iptables_manager, rule):
    iptables_manager.ipv4['filter'].add_rule('INPUT', rule)


def main(iptables_manager):
    set_option(read_untrusted(), 'stp_enable=true')
    block(iptables_manager, read_untrusted())
    add(iptables_manager, read_untrusted())
    add(iptables_manager, '-s %s -j DROP' % read_untrusted())
`;
    assert.deepEqual(entryFindings(text).map((f) => [f.rule, f.line]), [['DVR102', 17], ['DVR104', 18], ['DVR104', 20]]);
  });

  it('is silent when the helper quotes, converts or checks the value, or never runs it', () => {
    const text = `import os
import shlex
import subprocess

ALLOWED = frozenset(['start', 'stop'])


def quoted(name):
    return subprocess.call('ip netns exec %s true' % shlex.quote(name), shell=True)


def counted(count):
    return os.system('ethtool -L eth0 combined %d' % int(count))


def action(verb):
    if verb not in ALLOWED:
        raise ValueError(verb)
    return os.system('systemctl %s neutron-l3-agent' % verb)


def logged(reason):
    print(reason)
    return subprocess.call(['systemctl', 'restart', 'neutron-l3-agent'])


def main():
    quoted(read_untrusted())
    counted(read_untrusted())
    action(read_untrusted())
    logged(read_untrusted())
`;
    assert.deepEqual(entryFindings(text), []);
  });

  it('follows at most three calls below the entry call', () => {
    const levels = (n: number): string => {
      let text = 'import os\n\n\ndef level0(x):\n    os.system(x)\n';
      for (let i = 1; i < n; i++) text += `\n\ndef level${i}(x):\n    level${i - 1}(x)\n`;
      return `${text}\n\ndef main():\n    level${n - 1}(read_untrusted())\n`;
    };
    assert.equal(entryFindings(levels(3)).length, 1);
    assert.equal(entryFindings(levels(4)).length, 0);
  });

  it('ends on recursive helpers', () => {
    const text = `import os


def retry(cmd, times):
    if times == 0:
        return os.system(cmd)
    return retry(cmd, times - 1)


def main():
    retry(read_untrusted(), 3)
`;
    assert.deepEqual(entryFindings(text).map((f) => f.line), [11]);
  });
});

describe('taint across calls in the editor', () => {
  const run = (analysis: IncrementalAnalysis, document: OpenDocument): AnalysisResult =>
    analysis.analyse({ path: 'tools/netns_tool.py', text: document.text, tree: document.currentTree() }, document.takeChanges(), allRules(), OPTIONS);
  const entries = (result: AnalysisResult): number => result.findings.filter((f) => f.related.some((r) => r.message.startsWith('configured source'))).length;

  it('an edit of a helper updates the finding in its caller, re-checking the callers only', () => {
    const text = `import shlex
import subprocess


def _run(command):
    return subprocess.check_output(command, shell=True)


def show(name):
    return _run('ip netns exec %s true' % name)


def unrelated():
    return 1


def main():
    return show(read_untrusted())
`;
    const document = new OpenDocument('file:///netns_tool.py', 1, text, 'python');
    const analysis = new IncrementalAnalysis();
    assert.equal(entries(run(analysis, document)), 1);
    // Quote the value in show(): the finding in main() goes.
    const line = text.split('\n').findIndex((l) => l.includes("% name)"));
    const column = text.split('\n')[line].indexOf('% name)') + 2;
    document.applyChanges([{ range: { start: { line, character: column }, end: { line, character: column + 4 } }, text: 'shlex.quote(name)' }], 2, 'utf-16');
    const quoted = run(analysis, document);
    assert.equal(analysis.stats.mode, 'incremental');
    assert.equal(entries(quoted), 0);
    // show() itself and main(), its caller; not unrelated() nor _run().
    assert.equal(analysis.stats.checkedUnits, 2);
    // And back.
    document.applyChanges([{ range: { start: { line, character: column }, end: { line, character: column + 'shlex.quote(name)'.length } }, text: 'name' }], 3, 'utf-16');
    assert.equal(entries(run(analysis, document)), 1);
  });

  it('a helper defined after its caller was typed re-checks the caller', () => {
    const text = `import os


def main():
    return helper(read_untrusted())
`;
    const document = new OpenDocument('file:///late.py', 1, text, 'python');
    const analysis = new IncrementalAnalysis();
    assert.equal(entries(run(analysis, document)), 0);
    const end = text.split('\n').length - 1;
    document.applyChanges([{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: '\n\ndef helper(cmd):\n    return os.system(cmd)\n' }], 2, 'utf-16');
    assert.equal(entries(run(analysis, document)), 1);
  });
});
