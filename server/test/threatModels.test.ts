import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { EXIT_USAGE, runCli } from '../src/cli/main';
import { checkConfig } from '../src/config/schema';
import type { LintOptions } from '../src/engine/options';
import type { ThreatModel } from '../src/engine/types';
import { ALL_SELECTED, lint } from './helpers';

function withModels(models: ThreatModel[]): LintOptions {
  return { ...ALL_SELECTED, analysis: { ...ALL_SELECTED.analysis, threatModels: models } };
}

function dvr101(code: string, options: LintOptions = ALL_SELECTED): { line: number; severity: string }[] {
  return lint(code, 'tools/debug.py', options)
    .filter((f) => f.ruleId === 'DVR101')
    .map((f) => ({ line: code.slice(0, f.start).split('\n').length, severity: f.severity }));
}

describe('threat models: sources', () => {
  it('flags a command-line argument formatted into a shell command high (the issue\'s example)', () => {
    const code = 'import subprocess\nimport sys\nsubprocess.call("grep -R {} .".format(sys.argv[1]), shell=True)\n';
    assert.deepEqual(dvr101(code), [{ line: 3, severity: 'high' }]);
    assert.deepEqual(dvr101(code, withModels(['remote'])), [], 'sys.argv is a local source only');
  });

  it('finds local sources through import aliases and from-imports', () => {
    const code = 'import os as o\nfrom sys import argv\nfrom subprocess import Popen as launch\nlaunch("ls " + argv[1], shell=True)\no.system("echo " + o.getenv("X"))\n';
    assert.deepEqual(dvr101(code), [{ line: 4, severity: 'high' }, { line: 5, severity: 'high' }]);
  });

  it('treats remote sources: request parameters, socket data, tenant free-form fields', () => {
    const code = [
      'import os',
      'def handler(request):',
      '    os.system("ping " + request.params["host"])',
      'def agent(sock, port):',
      '    os.system("echo " + sock.recv(10).decode())',
      '    os.system("ip link set tap0 alias " + port["name"])',
    ].join('\n');
    assert.deepEqual(dvr101(code).map((f) => f.severity), ['high', 'high', 'high']);
    // Without remote: the request and the port's name are unverified parameters (medium); what recv() returns is nobody's.
    assert.deepEqual(dvr101(code, withModels(['local'])).map((f) => f.severity), ['medium', 'medium']);
  });

  it('does not taint ids, configuration, int() or constant-set members', () => {
    const code = [
      'import os',
      'from oslo_config import cfg',
      'ALLOWED = ("a", "b")',
      'def agent(port, router_id, mtu):',
      '    os.system("ip link set tap%s up" % port["id"][:11])',
      '    os.system("ip netns delete qrouter-%s" % router_id)',
      '    os.system("ip link set mtu %d" % int(mtu))',
      '    os.system("ip route flush %s" % cfg.CONF.external_network_bridge)',
    ].join('\n');
    assert.deepEqual(dvr101(code, withModels(['remote', 'local', 'parameters'])), []);
  });

  it('parameters: every parameter is untrusted (the audit view) and reported high', () => {
    const code = 'import os\ndef f(dev):\n    os.system("ip link show " + dev)\n';
    assert.deepEqual(dvr101(code), [{ line: 3, severity: 'medium' }]);
    assert.deepEqual(dvr101(code, withModels(['parameters'])), [{ line: 3, severity: 'high' }]);
  });
});

describe('threat models: configuration', () => {
  it('validates threat-models with a message naming the allowed values', () => {
    assert.deepEqual(checkConfig({ 'threat-models': ['remote', 'parameters'] }).problems, []);
    const bad = checkConfig({ 'threat-models': ['remote', 'internet'] });
    assert.equal(bad.problems[0]?.key, 'threat-models');
    assert.match(bad.problems[0]?.message ?? '', /remote, local, parameters/);
  });

  const run = (args: string[]): { code: number; stdout: string; stderr: string } => {
    let stdout = '';
    let stderr = '';
    const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
    return { code, stdout, stderr };
  };

  it('takes --threat-models on the command line and threat-models in pyproject.toml', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-threat-'));
    fs.writeFileSync(path.join(dir, 'agent.py'), 'import os\ndef f(dev):\n    os.system("ip link show " + dev)\n');
    assert.match(run(['scan', dir, '--select', 'DVR101']).stdout, /DVR101 \[medium\//);
    assert.match(run(['scan', dir, '--select', 'DVR101', '--threat-models', 'parameters']).stdout, /DVR101 \[high\//);
    const bad = run(['scan', dir, '--threat-models', 'remote,internet']);
    assert.equal(bad.code, EXIT_USAGE);
    assert.match(bad.stderr, /--threat-models/);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.dvr-hints]\nthreat-models = ["parameters"]\n');
    assert.match(run(['scan', dir, '--select', 'DVR101']).stdout, /DVR101 \[high\//);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
