import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type * as Sarif from 'sarif';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, runCli } from '../src/cli/main';
import { REPO_ROOT } from './helpers';

const SHELL = "import os\n\ndef flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n";
const BARE_EXCEPT = 'try:\n    x = 1\nexcept:\n    pass\n';

function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-cli-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

describe('dvr-hints CLI', () => {
  it('prints file:line:col, id, severity and message in text format, exit 1 on findings', () => {
    const dir = project({ 'agent/flush.py': SHELL });
    const r = cli(['scan', dir]);
    assert.equal(r.code, EXIT_FINDINGS);
    assert.match(r.stdout, /flush\.py:4:5: DVR101 \[high\/high\] Shell command built from external value 'ns'/);
    assert.match(r.stdout, /1 finding in 1 file/);
  });

  it('exits 0 on a clean tree and with --exit-zero', () => {
    assert.equal(cli(['scan', project({ 'ok.py': 'x = 1\n' })]).code, EXIT_CLEAN);
    assert.equal(cli(['scan', '--exit-zero', project({ 'a.py': SHELL })]).code, EXIT_CLEAN);
  });

  it('exits 2 on usage errors', () => {
    assert.equal(cli([]).code, EXIT_USAGE);
    assert.equal(cli(['frobnicate']).code, EXIT_USAGE);
    assert.equal(cli(['scan']).code, EXIT_USAGE);
    assert.equal(cli(['scan', '/no/such/path']).code, EXIT_USAGE);
    assert.equal(cli(['scan', '--format', 'xml', '.']).code, EXIT_USAGE);
    assert.equal(cli(['scan', '--min-severity', 'huge', '.']).code, EXIT_USAGE);
    const badId = cli(['scan', '--select', 'XYZ1', '.']);
    assert.equal(badId.code, EXIT_USAGE);
    assert.match(badId.stderr, /not a rule id/);
  });

  it('refuses unknown rule ids and prefixes anywhere, with a suggestion (exit 2, never a silent clean run)', () => {
    const dir = project({ 'a.py': SHELL });
    for (const [flag, value, expected] of [
      ['--select', 'DVR999', /--select: 'DVR999' is not a rule/],
      ['--ignore', 'DVR99', /--ignore: 'DVR99' is the prefix of no rule/],
      ['--extend-select', 'DVR310', /--extend-select: 'DVR310' is not a rule; did you mean .*'DVR301'/],
      ['--severity', 'DVR1O1=low', /--severity: 'DVR1O1' is not a rule; did you mean 'DVR101'/],
    ] as const) {
      const r = cli(['scan', flag, value, dir]);
      assert.equal(r.code, EXIT_USAGE, `${flag} ${value}`);
      assert.match(r.stderr, expected);
      assert.equal(r.stdout, '', 'no report: CI must not read it as clean');
    }
    const typo = cli(['scan', project({ 'pyproject.toml': '[tool.dvr-hints]\nselect = ["DVR999"]\n', 'a.py': SHELL })]);
    assert.equal(typo.code, EXIT_USAGE);
    assert.match(typo.stderr, /pyproject\.toml \[tool\.dvr-hints\] select: 'DVR999' is not a rule/);
    const severity = JSON.parse(cli(['scan', '--format', 'json', '--severity', 'DVR101=low', dir]).stdout) as { findings: { severity: string }[] };
    assert.deepEqual(severity.findings.map((f) => f.severity), ['low']);
  });

  it('filters with --select, --ignore, --min-severity and --fail-on', () => {
    const dir = project({ 'a.py': SHELL + BARE_EXCEPT });
    const ids = (args: string[]): string[] => (JSON.parse(cli(['scan', '--format', 'json', ...args, dir]).stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(ids([]), ['DVR101', 'DVR301', 'DVR302']);
    assert.deepEqual(ids(['--select', 'DVR3']), ['DVR301', 'DVR302']);
    assert.deepEqual(ids(['--ignore', 'DVR30']), ['DVR101']);
    assert.deepEqual(ids(['--select', 'DVR3', '--ignore', 'DVR302']), ['DVR301']);
    assert.deepEqual(ids(['--min-severity', 'high']), ['DVR101', 'DVR301']);
    const lowOnly = project({ 'b.py': BARE_EXCEPT });
    assert.equal(cli(['scan', '--select', 'DVR302', '--fail-on', 'high', lowOnly]).code, EXIT_CLEAN);
    assert.equal(cli(['scan', '--select', 'DVR302', '--fail-on', 'low', lowOnly]).code, EXIT_FINDINGS);
  });

  it('reads [tool.dvr-hints] from the nearest pyproject.toml, and the command line wins', () => {
    const dir = project({
      'pyproject.toml': '[tool.dvr-hints]\nignore = ["DVR302"]\nexclude = ["generated"]\nseverity = { DVR101 = "low" }\n',
      'pkg/a.py': SHELL + BARE_EXCEPT,
      'pkg/generated/b.py': SHELL,
    });
    const report = JSON.parse(cli(['scan', '--format', 'json', path.join(dir, 'pkg')]).stdout) as { findings: { ruleId: string; severity: string; file: string }[] };
    assert.deepEqual(report.findings.map((f) => `${f.ruleId}:${f.severity}`).sort(), ['DVR101:low', 'DVR301:high']);
    assert.ok(report.findings.every((f) => !f.file.includes('generated')));
    const selected = JSON.parse(cli(['scan', '--format', 'json', '--select', 'DVR302', path.join(dir, 'pkg')]).stdout) as { findings: unknown[] };
    assert.equal(selected.findings.length, 0, 'ignore from pyproject still applies to a selected rule');
    const isolated = JSON.parse(cli(['scan', '--format', 'json', '--isolated', path.join(dir, 'pkg')]).stdout) as { findings: unknown[] };
    assert.equal(isolated.findings.length, 4);
  });

  it('rejects a malformed or invalid pyproject.toml with exit 2 and a clear message', () => {
    const broken = cli(['scan', project({ 'pyproject.toml': '[tool.dvr-hints\nselect = [', 'a.py': SHELL })]);
    assert.equal(broken.code, EXIT_USAGE);
    assert.match(broken.stderr, /not valid TOML/);
    const invalid = cli(['scan', project({ 'pyproject.toml': '[tool.dvr-hints]\nselekt = ["DVR1"]\nmin-severity = "urgent"\n', 'a.py': SHELL })]);
    assert.equal(invalid.code, EXIT_USAGE);
    assert.match(invalid.stderr, /\[tool\.dvr-hints\] selekt: unknown key; did you mean 'select'\?/);
    assert.match(invalid.stderr, /\[tool\.dvr-hints\] min-severity: must be one of high, medium, low/);
  });

  it('skips .git, node_modules, .tox and virtualenvs, and binary files with a notice', () => {
    const dir = project({
      'a.py': SHELL,
      '.tox/py3/lib/x.py': SHELL,
      'node_modules/m/x.py': SHELL,
      'env/pyvenv.cfg': 'home = /usr\n',
      'env/lib/x.py': SHELL,
      'blob.py': Buffer.from([0x69, 0x00, 0x01, 0x02]),
    });
    const r = cli(['scan', '--format', 'json', dir]);
    const report = JSON.parse(r.stdout) as { findings: { file: string }[]; files: number };
    assert.equal(report.files, 1);
    assert.deepEqual(report.findings.map((f) => path.basename(f.file)), ['a.py']);
    assert.match(r.stderr, /blob\.py: skipped: binary file/);
  });

  it('writes SARIF 2.1.0 that validates against the schema, with rules, CWE tags and code flows', () => {
    const dir = project({ 'agent/flush.py': SHELL, 'agent/b.py': BARE_EXCEPT });
    const r = cli(['scan', '--format', 'sarif', dir]);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'dvr-hints');
    assert.ok(run.tool.driver.version && run.tool.driver.informationUri);
    const rule = run.tool.driver.rules?.find((x) => x.id === 'DVR101');
    assert.ok(rule);
    assert.equal(rule.name, 'shell-command-from-data');
    assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text);
    assert.equal(rule.defaultConfiguration?.level, 'error');
    assert.deepEqual((rule.properties?.tags as string[]).slice(0, 2), ['security', 'CWE-78']);
    assert.equal(rule.properties?.precision, 'high');
    const result = run.results?.find((x) => x.ruleId === 'DVR101');
    assert.ok(result);
    assert.equal(result.level, 'error');
    assert.equal(result.locations?.[0].physicalLocation?.region?.startLine, 4);
    assert.equal(result.locations?.[0].physicalLocation?.artifactLocation?.uri, 'agent/flush.py');
    assert.ok(result.partialFingerprints?.primaryLocationLineHash);
    assert.ok((result.relatedLocations?.length ?? 0) >= 2);
    assert.equal(result.codeFlows?.[0].threadFlows[0].locations.length, result.relatedLocations?.length);
    assert.equal(run.results?.find((x) => x.ruleId === 'DVR302')?.level, 'note');
  });

  it('lists rules with their CWE ids and explains one', () => {
    const list = cli(['rules']);
    assert.equal(list.code, EXIT_CLEAN);
    assert.match(list.stdout, /DVR101\s+shell-command-from-data\s+high\s+CWE-78/);
    const explain = cli(['explain', 'dvr301']);
    assert.equal(explain.code, EXIT_CLEAN);
    assert.match(explain.stdout, /^DVR301 broad-except/);
    assert.match(explain.stdout, /## Why is this bad\?/);
    assert.equal(cli(['explain', 'DVR999']).code, EXIT_USAGE);
  });

  it('runs as the installed bin (npx dvr-hints) with correct exit status', () => {
    const dir = project({ 'a.py': SHELL });
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'dvr-hints.js'), 'scan', dir], { encoding: 'utf8' });
    assert.equal(r.status, EXIT_FINDINGS, r.stderr);
    assert.match(r.stdout, /DVR101/);
  });
});

describe('dvr-hints CLI excludes outside the working folder', () => {
  it('applies a bare-name --exclude to a scanned folder outside the current directory', () => {
    const dir = project({ 'lib/a.py': SHELL, 'lib/site-packages/pkg/b.py': SHELL });
    const report = JSON.parse(cli(['scan', '--isolated', '--format', 'json', '--exclude', 'site-packages', dir]).stdout) as { files: number };
    assert.equal(report.files, 1);
  });
});
