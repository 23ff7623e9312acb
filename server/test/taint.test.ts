import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, describe, it } from 'node:test';
import { findProjectConfig } from '../src/config/pyproject';
import { toLintOptions } from '../src/config/resolve';
import { analyse, onRuleCrash } from '../src/engine/engine';
import type { LintOptions } from '../src/engine/options';
import type { Finding, TaintSettings } from '../src/engine/types';
import { allRules, ALL_SELECTED, lint } from './helpers';

/** Every parameter untrusted (the `parameters` threat model, the audit view): what these tests were written for. */
const AUDIT: LintOptions = { ...ALL_SELECTED, analysis: { ...ALL_SELECTED.analysis, threatModels: ['parameters', 'remote', 'local'] } };

/** Findings of one rule in `code`, analysed as agent code. */
function findings(ruleId: string, code: string, options: LintOptions = AUDIT): Finding[] {
  return lint(code, 'neutron/agent/l3/example.py', options).filter((f) => f.ruleId === ruleId);
}

function withTaint(taint: Partial<TaintSettings>): LintOptions {
  return { ...AUDIT, analysis: { ...AUDIT.analysis, taint: { sources: [], sinks: [], sanitizers: [], ...taint } } };
}

/** A method body in a class, so that `self` and parameters behave as in agent code. */
function method(params: string, body: string): string {
  const indented = body
    .trim()
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');
  return `import os\nimport re\nimport shlex\nimport netaddr\nfrom neutron.agent.linux import ip_lib, utils\n\nCONST_TABLES = ('nat', 'filter')\n\n\nclass Agent(object):\n    def run(self, ${params}):\n${indented}\n`;
}

/** DVR101 findings for a method whose shell command is built in `body`. */
function shell(params: string, body: string, options?: LintOptions): Finding[] {
  return findings('DVR101', method(params, body), options);
}

const crashes: string[] = [];
onRuleCrash((ruleId, filePath, error) => crashes.push(`${ruleId} ${filePath}: ${String(error)}`));
after(() => assert.deepEqual(crashes, [], 'no rule may crash on any input in this file'));

describe('taint sources', () => {
  it('a parameter is external with high confidence and names itself', () => {
    const [f] = shell('ns', "os.system('ip netns exec %s ip a' % ns)");
    assert.equal(f?.confidence, 'high');
    assert.match(f.message, /'ns'/);
  });

  it('an attribute of self is external with medium confidence', () => {
    const [f] = shell('', "os.system('ip netns exec %s ip a' % self.ns_name)");
    assert.equal(f?.confidence, 'medium');
    assert.match(f.message, /'self\.ns_name'/);
  });

  it('constant-named attributes of self are not external', () => {
    assert.equal(shell('', "os.system('ip -o link show %s' % self.DEFAULT_DEVICE)").length, 0);
  });

  it('a field read from a parameter names the field', () => {
    const [f] = shell('fip', "os.system('conntrack -D -d %s' % fip['floating_ip_address'])");
    assert.match(f?.message ?? '', /'fip\['floating_ip_address'\]'/);
    const [g] = shell('port', "os.system('ip link set %s up' % port.device)");
    assert.match(g?.message ?? '', /'port\.device'/);
  });

  it('a parameter together with a self attribute counts as the parameter', () => {
    assert.equal(shell('dev', "os.system('ip netns exec %s ip link set %s up' % (self.ns, dev))")[0]?.confidence, 'high');
  });

  it('a closure sees the enclosing function\'s parameters', () => {
    const code = "import os\n\n\ndef outer(dev):\n    def inner():\n        os.system('ip link show ' + dev)\n    return inner\n";
    const [f] = findings('DVR101', code);
    assert.equal(f?.confidence, 'high');
    assert.equal(code.slice(f.related[0].start, f.related[0].end), 'dev');
    const shadowed = "import os\n\n\ndef outer(dev):\n    def inner(dev='lo'):\n        os.system('ip link show ' + dev)\n";
    const [g] = findings('DVR101', shadowed);
    assert.equal(g?.related[0].start, shadowed.indexOf("dev='lo'"), 'the inner parameter shadows the outer one');
  });

  it('attributes of collaborator parameters (managers, drivers) are not caller data', () => {
    const code = method('iptables_manager, port', "rule = '-j %s-%s' % (iptables_manager.wrap_name, port['mac_address'])\niptables_manager.ipv4['nat'].add_rule('PREROUTING', rule)");
    const [f] = findings('DVR104', code);
    assert.match(f?.message ?? '', /'port\['mac_address'\]'/, 'the data parameter is still reported');
    const only = method('iptables_manager', "rule = '-j %s-snat' % iptables_manager.wrap_name\niptables_manager.ipv4['nat'].add_rule('PREROUTING', rule)");
    assert.equal(findings('DVR104', only).length, 0);
  });

  it('values returned by unknown functions are not external', () => {
    assert.equal(shell('port', "name = self.get_internal_device_name(port['id'])\nos.system('ip link set %s up' % name)").length, 0);
  });

  it('module-level code has no parameters, so nothing there is external', () => {
    assert.equal(findings('DVR101', "import os\nname = 'x'\nos.system('ip link show ' + name)\n").length, 0);
  });
});

describe('taint propagation', () => {
  const cases: [string, string][] = [
    ['% formatting', "cmd = 'ip link show %s' % dev\nos.system(cmd)"],
    ['% with a mapping', "cmd = 'ip link show %(d)s' % {'d': dev}\nos.system(cmd)"],
    ['.format', "cmd = 'ip link show {}'.format(dev)\nos.system(cmd)"],
    ['f-string', "cmd = f'ip link show {dev}'\nos.system(cmd)"],
    ['+ concatenation', "cmd = 'ip link show ' + dev\nos.system(cmd)"],
    ["' '.join of a list", "cmd = ' '.join(['ip', 'link', 'show', dev])\nos.system(cmd)"],
    ['augmented assignment', "cmd = 'ip link show '\ncmd += dev\nos.system(cmd)"],
    ['a chain of variables', "a = dev\nb = a\ncmd = 'ip link show ' + b\nos.system(cmd)"],
    ['a list element read back', "args = ['ip', 'link', 'show', dev]\nos.system(' '.join(args))"],
    ['a tuple', "args = ('ip', dev)\nos.system(' '.join(args))"],
    ['a dict value', "opts = {'dev': dev}\nos.system('ip link show ' + opts['dev'])"],
    ['a value stored in a dict', "opts = {}\nopts['dev'] = dev\nos.system('ip link show %(dev)s' % opts)"],
    ['list.append', "parts = ['ip', 'link', 'show']\nparts.append(dev)\nos.system(' '.join(parts))"],
    ['list.extend', "parts = ['ip']\nparts.extend(['link', dev])\nos.system(' '.join(parts))"],
    ['string methods', "os.system('ip link show ' + dev.strip().lower())"],
    ['a conditional expression', "name = dev if dev else 'lo'\nos.system('ip link show ' + name)"],
    ['a for loop', "for d in dev:\n    os.system('ip link show ' + d)"],
    ['a comprehension', "os.system(' '.join([d.upper() for d in dev]))"],
    ['a walrus', "if (name := dev):\n    os.system('ip link show ' + name)"],
    ['a with block', "with self.lock() as lock:\n    name = dev\nos.system('ip link show ' + name)"],
    ['str() of the value', "os.system('ip link show ' + str(dev))"],
    ['an attribute assigned in the method', "self.name = dev\nos.system('ip link show ' + self.name)"],
    ['tuple unpacking', "a, b = 'lo', dev\nos.system('ip link show ' + b)"],
  ];
  for (const [name, body] of cases) {
    it(`flows through ${name}`, () => {
      const found = shell('dev', body);
      assert.equal(found.length, 1, `expected one DVR101 finding for:\n${body}`);
      assert.equal(found[0].confidence, 'high');
    });
  }

  it('pairs tuple unpacking element by element', () => {
    assert.equal(shell('dev', "a, b = 'lo', dev\nos.system('ip link show ' + a)").length, 0);
  });

  it('does not leak comprehension variables out of the comprehension', () => {
    assert.equal(shell('dev', "d = 'lo'\nnames = [d for d in dev]\nos.system('ip link show ' + d)").length, 0);
  });

  it('arithmetic results are numbers, not strings from the caller', () => {
    assert.equal(shell('count', "n = count - 1\nos.system('sleep %s' % n)").length, 0);
  });

  it('records each step of the path in order: source, formatting, variables, sink', () => {
    const code = method('dev', "cmd = 'ip link show %s' % dev\nfull = cmd\nos.system(full)");
    const [f] = findings('DVR101', code);
    assert.ok(f);
    const messages = f.related.map((r) => r.message);
    assert.deepEqual(messages, ["parameter 'dev' (external value)", 'formatted into a string', "flows into 'cmd'", "flows into 'full'", 'runs through a shell in os.system()']);
    assert.deepEqual(
      f.related.map((r) => code.slice(r.start, r.end)),
      ['dev', "'ip link show %s' % dev", 'cmd', 'full', 'os.system'],
      'each location is the thing its message names',
    );
    assert.equal(code.slice(f.start, f.end), 'os.system', 'the finding is on the callee of the sink');
    const sink = f.related[f.related.length - 1];
    assert.deepEqual([sink.start, sink.end], [f.start, f.end]);
  });

  it('DVR102 carries parameter, formatting, the list variable and the sink', () => {
    const code = method('gateway, sn_int', "cmd = ['net.ipv4.conf.%s.send_redirects=0' % sn_int]\nip_lib.sysctl(cmd, namespace=self.ns_name)");
    const [f] = findings('DVR102', code);
    assert.ok(f);
    assert.equal(f.confidence, 'high');
    assert.deepEqual(
      f.related.map((r) => [r.message, code.slice(r.start, r.end)]),
      [
        ["parameter 'sn_int' (external value)", 'sn_int'],
        ['formatted into a string', "'net.ipv4.conf.%s.send_redirects=0' % sn_int"],
        ["put in command list 'cmd'", 'cmd'],
        ['ip_lib.sysctl() runs the command', 'ip_lib.sysctl'],
      ],
    );
  });

  it('DVR102 reports a whole external element as medium and a formatted one as high', () => {
    assert.equal(findings('DVR102', method('dev', "utils.execute(['ip', 'link', 'set', dev, 'up'])"))[0]?.confidence, 'medium');
    assert.equal(findings('DVR102', method('dev', "utils.execute(['ip', 'link', 'set', 'dev=' + dev])"))[0]?.confidence, 'high');
    assert.equal(findings('DVR102', method('dev', "utils.execute(['rm', '-f', '--', dev])")).length, 0);
  });
});

describe('sanitisers and guards', () => {
  const clean: [string, string][] = [
    ['int()', "n = int(dev)\nos.system('ip link add vlan%d' % n)"],
    ['reassignment with int()', "dev = int(dev)\nos.system('ip link add vlan%d' % dev)"],
    ['shlex.quote', "os.system('ip link show ' + shlex.quote(dev))"],
    ['netaddr.IPAddress', "os.system('ping -c1 %s' % netaddr.IPAddress(dev))"],
    ['str() of netaddr', "ip = str(netaddr.IPNetwork(dev))\nos.system('ip route add ' + ip)"],
    ['a re.fullmatch guard that exits', "if not re.fullmatch(r'[a-z0-9-]{1,15}', dev):\n    raise ValueError(dev)\nos.system('ip link show ' + dev)"],
    ['a re.match guard around the use', "if re.match(r'qr-[0-9a-f-]{11}\\Z', dev):\n    os.system('ip link show ' + dev)"],
    ['a compiled pattern guard', "if not NAME_RE.fullmatch(dev):\n    return\nos.system('ip link show ' + dev)"],
    ['an is_uuid_like guard', "if not uuidutils.is_uuid_like(dev):\n    return\nos.system('ip netns pids qrouter-' + dev)"],
    ['membership in a constant tuple', "if dev not in CONST_TABLES:\n    raise ValueError(dev)\nos.system('iptables-save -t ' + dev)"],
    ['membership in a literal set', "if dev in {'nat', 'filter'}:\n    os.system('iptables-save -t ' + dev)"],
    ['a guard joined with and', "if dev.isdigit() and re.fullmatch('[0-9]+', dev):\n    os.system('sleep ' + dev)"],
    ['a guard under or that exits', "if not dev.isdigit() or dev == '0':\n    return\nos.system('sleep ' + dev)"],
    ['an is None check on a match', "if re.fullmatch('[a-z]+', dev) is None:\n    return\nos.system('ip link show ' + dev)"],
    ['equality with a literal', "if dev == 'lo':\n    os.system('ip link show ' + dev)"],
    ['an assert', "assert re.fullmatch('[a-z]+', dev)\nos.system('ip link show ' + dev)"],
    ['int() in a try whose handler exits', "try:\n    dev = int(dev)\nexcept ValueError:\n    return\nos.system('ip link add vlan%d' % dev)"],
    ['reassignment in both branches', "if self.v6:\n    dev = int(dev)\nelse:\n    dev = 0\nos.system('ip link add vlan%d' % dev)"],
    ['a branch that exits', "if self.v6:\n    return\nelse:\n    dev = int(dev)\nos.system('ip link add vlan%d' % dev)"],
    ['a loop over constants', "for table in CONST_TABLES:\n    os.system('iptables-save -t ' + table)"],
    ['numeric % placeholders', "os.system('kill -%d %d' % (dev, self.pid))"],
    ['a numeric placeholder next to a constant one', "os.system('ip link add vlan%d type %s' % (dev, 'vlan'))"],
    ['a numeric named placeholder', "os.system('sleep %(t)d' % {'t': dev})"],
    ['the constant column of a literal table', "for cmd, table in [('iptables', dev), ('ip6tables', dev)]:\n    os.system(cmd + '-save')"],
  ];
  for (const [name, body] of clean) {
    it(`stops at ${name}`, () => assert.deepEqual(shell('dev', body).map((f) => f.message), []));
  }

  const tainted: [string, string][] = [
    ['a guard whose body does not exit', "if not re.fullmatch('[a-z]+', dev):\n    LOG.warning('odd name %s', dev)\nos.system('ip link show ' + dev)"],
    ['a positive guard, after its block', "if re.fullmatch('[a-z]+', dev):\n    pass\nos.system('ip link show ' + dev)"],
    ['reassignment with int() in one branch only', "if self.v6:\n    dev = int(dev)\nos.system('ip link show %s' % dev)"],
    ['int() in a try whose handler falls through', "try:\n    dev = int(dev)\nexcept ValueError:\n    pass\nos.system('ip link show %s' % dev)"],
    ['a guard on another variable', "if not re.fullmatch('[a-z]+', self.other):\n    return\nos.system('ip link show ' + dev)"],
    ['membership in a non-constant collection', "if dev not in self.allowed:\n    return\nos.system('ip link show ' + dev)"],
    ['a textual placeholder next to a numeric one', "os.system('ip link add vlan%d dev %s' % (1, dev))"],
    ['the tainted column of a literal table', "for cmd, table in [('iptables', dev)]:\n    os.system('iptables-save -t ' + table)"],
    ['a re.search guard (not anchored)', "if not re.search('[a-z]+', dev):\n    return\nos.system('ip link show ' + dev)"],
    ['taint re-entering after the guard', "if not re.fullmatch('[a-z]+', dev):\n    return\ndev = dev + self.suffix\nos.system('ip link show ' + dev)"],
  ];
  for (const [name, body] of tainted) {
    it(`is not fooled by ${name}`, () => assert.equal(shell('dev', body).length, 1));
  }
});

describe('configured sources, sinks and sanitisers', () => {
  const pluginCode = (body: string): string => `import os\nimport mylib\nfrom myvalidators import check_name\n\n\nclass Agent(object):\n    def run(self, dev):\n${body.split('\n').map((l) => `        ${l}`).join('\n')}\n`;

  it('a configured source call makes its result external (high)', () => {
    const code = pluginCode("name = mylib.read_name()\nos.system('ip link show ' + name)");
    const code2 = "import os\nimport mylib\nname = mylib.read_name()\nos.system('ip link show ' + name)\n";
    assert.equal(findings('DVR101', code2).length, 0);
    const [f] = findings('DVR101', code2, withTaint({ sources: ['mylib.read_name'] }));
    assert.equal(f?.confidence, 'high');
    assert.match(f.related[0].message, /configured source 'mylib\.read_name'/);
    assert.equal(findings('DVR101', code, withTaint({ sources: ['mylib.read_*'] })).length, 1, 'a * pattern matches part of a segment');
  });

  it('a configured sink is a process helper for DVR102 (list) and DVR101 (string)', () => {
    const list = pluginCode("mylib.run_cmd(['ip', 'link', 'set', 'dev=%s' % dev])");
    assert.equal(findings('DVR102', list).length, 0);
    assert.equal(findings('DVR102', list, withTaint({ sinks: ['mylib.run_cmd'] }))[0]?.confidence, 'high');
    const string = pluginCode("mylib.run_cmd('ip link show ' + dev)");
    assert.equal(findings('DVR101', string).length, 0);
    assert.equal(findings('DVR101', string, withTaint({ sinks: ['mylib.run_cmd'] })).length, 1);
    const imported = `from mylib import run_cmd\n\n\ndef f(dev):\n    run_cmd(['ip', 'link', 'set', 'dev=' + dev])\n`;
    assert.equal(findings('DVR102', imported, withTaint({ sinks: ['mylib.run_cmd'] })).length, 1, 'matched through the import');
  });

  it('a configured sanitiser cleans its result, guards, and validates as a statement', () => {
    const asValue = pluginCode("name = check_name(dev)\nos.system('ip link show ' + name)");
    const asGuard = pluginCode("if not check_name(dev):\n    return\nos.system('ip link show ' + dev)");
    const asStatement = pluginCode("check_name(dev)\nos.system('ip link show ' + dev)");
    const options = withTaint({ sanitizers: ['myvalidators.check_name'] });
    // What an unknown function returns is never external, configured or not.
    assert.equal(findings('DVR101', asValue).length + findings('DVR101', asValue, options).length, 0);
    for (const code of [asGuard, asStatement]) {
      assert.equal(findings('DVR101', code).length, 1, `reported without configuration:\n${code}`);
      assert.equal(findings('DVR101', code, options).length, 0, `silenced by the sanitiser:\n${code}`);
    }
  });

  it('pyproject.toml [tool.dvr-hints] taint-sanitizers silences a finding', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-taint-'));
    try {
      const file = path.join(dir, 'agent.py');
      const code = pluginCode("if not check_name(dev):\n    raise ValueError(dev)\nos.system('ip link show ' + dev)");
      fs.writeFileSync(file, code);
      const before = analyse({ path: file, text: code }, allRules(), toLintOptions(findProjectConfig(file).config)).findings;
      assert.equal(before.filter((f) => f.ruleId === 'DVR101').length, 1);
      fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.dvr-hints]\ntaint-sanitizers = ["myvalidators.check_name"]\n');
      const project = findProjectConfig(file);
      assert.equal(project.file, path.join(dir, 'pyproject.toml'));
      const options = toLintOptions(project.config);
      assert.deepEqual(options.analysis.taint.sanitizers, ['myvalidators.check_name']);
      const afterConfig = analyse({ path: file, text: code }, allRules(), options).findings;
      assert.deepEqual(afterConfig.filter((f) => f.ruleId === 'DVR101'), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('robustness', () => {
  it('thousands of nested parentheses neither overflow the stack nor lose the taint', () => {
    const n = 5000;
    const code = `import os\n\n\ndef f(dev):\n    cmd = ${'('.repeat(n)}'ip link show ' + dev${')'.repeat(n)}\n    os.system(cmd)\n`;
    assert.equal(findings('DVR101', code).length, 1);
  });

  it('thousands of chained binary operators neither overflow the stack nor lose the taint', () => {
    const n = 5000;
    const chain = Array.from({ length: n }, (_, i) => (i === n - 1 ? 'dev' : `'a${i}'`)).join(' + ');
    const code = `import os\n\n\ndef f(dev):\n    os.system(${chain})\n`;
    assert.equal(findings('DVR101', code).length, 1);
    const numbers = Array.from({ length: n }, () => 'dev').join(' - ');
    assert.equal(findings('DVR101', `import os\n\n\ndef f(dev):\n    os.system('sleep %d' % (${numbers}))\n`).length, 0);
  });

  it('deeply nested blocks and conditions degrade to a flat analysis without crashing', () => {
    const nestedIfs = (depth: number): string => {
      let body = '';
      for (let i = 0; i < depth; i++) body += `${'    '.repeat(i + 1)}if x${i}:\n`;
      body += `${'    '.repeat(depth + 1)}cmd = 'ip link show ' + dev\n${'    '.repeat(depth + 1)}os.system(cmd)\n`;
      return `import os\n\n\ndef f(dev, ${Array.from({ length: 3 }, (_, i) => `x${i}`).join(', ')}):\n${body}`;
    };
    // 98 levels: as deep as Python allows, past the taint's statement-depth limit (flat analysis).
    assert.equal(findings('DVR101', nestedIfs(98)).length, 1);
    // Deeper than Python allows: refused before parsing (parser.ts), so no finding and no crash.
    assert.equal(findings('DVR101', nestedIfs(300)).length, 0);
    const nots = `import os\nimport re\n\n\ndef f(dev):\n    if ${'not '.repeat(3000)}re.fullmatch('[a-z]+', dev):\n        return\n    os.system('ip link show ' + dev)\n`;
    assert.ok(findings('DVR101', nots).length <= 1);
  });

  it('every rule copes with thousands of levels of nesting (no crash, findings kept)', () => {
    const n = 3000;
    const cases: [string, string, number][] = [
      ['DVR101', `import os\n\n\ndef f(x):\n    os.system(${'('.repeat(n)}'ls'${')'.repeat(n)})\n`, 1],
      ['DVR105', `from neutron.agent.linux import ip_lib\n\n\ndef f(x):\n    ip_lib.sysctl([${'('.repeat(n)}'net.ipv4.conf.all.rp_filter=0'${')'.repeat(n)}])\n`, 1],
      ['DVR201', `class A(object):\n    def f(self, port):\n        return port${"['a']".repeat(n)}\n`, 1],
      ['DVR202', `from neutron.agent.linux import ip_lib\n\n\ndef f(port):\n    ip_lib.IPDevice('qg-' + ${Array.from({ length: n }, () => "port['id']").join(' + ')})\n`, 1],
      ['DVR102', `from neutron.agent.linux import utils\n\n\ndef f(dev):\n    utils.execute(['ip', 'link', 'set', ${'str('.repeat(n)}'dev=' + dev${')'.repeat(n)}])\n`, 1],
      ['DVR104', `def f(self, cidr):\n    self.iptables_manager.ipv4['nat'].add_rule('snat', ${'('.repeat(n)}'-s %s' % cidr${')'.repeat(n)})\n`, 1],
    ];
    for (const [ruleId, code, expected] of cases) assert.equal(findings(ruleId, code).length, expected, ruleId);
  });

  it('values doubling at every step are evaluated once each (no exponential re-evaluation)', () => {
    const lines = ['a0 = dev'];
    for (let i = 1; i <= 80; i++) lines.push(`a${i} = a${i - 1} + a${i - 1}`);
    const code = `import os\n\n\ndef f(dev):\n${lines.map((l) => `    ${l}`).join('\n')}\n    os.system(a80)\n`;
    const [f] = findings('DVR101', code);
    assert.ok(f, 'the doubled value still carries the taint');
    assert.ok(f.related.length <= 26, 'long paths are shortened, keeping both ends');
    assert.equal(f.related[0].message, "parameter 'dev' (external value)");
  });

  it('syntax errors and half-written code do not crash the analysis', () => {
    for (const code of ['def f(dev):\n    os.system(\'x\' + ', 'def f(dev):\n    cmd = [\n    ip_lib.sysctl(cmd', 'class A:\n    def f(self, p):\n        if re.fullmatch(:\n']) {
      lint(code);
    }
  });

  it('results do not depend on the other rules selected', () => {
    const code = method('dev', "cmd = 'ip link show %s' % dev\nos.system(cmd)");
    const alone = lint(code, 'neutron/agent/l3/example.py', { ...AUDIT, select: ['DVR101'] });
    assert.deepEqual(alone, findings('DVR101', code));
  });
});
