import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE } from '../src/cli/main';
import { cli, project } from './cliHarness';
import { REPO_ROOT, sarifValidator } from './helpers';

const SHELL = "import os\n\ndef flush():\n    os.system('ip netns exec %s conntrack -F' % os.environ['NS'])\n";
const BARE_EXCEPT = 'try:\n    x = 1\nexcept:\n    pass\n';
/** DVR301 and DVR302 are opt-in (docs/quality.md); these tests opt in to use them as examples. */
const OPT_IN = ['--extend-select', 'DVR301,DVR302'];

describe('dvr-hints CLI', () => {
  it('prints file:line:col, id, severity and message in text format, exit 1 on findings', () => {
    const dir = project({ 'agent/flush.py': SHELL });
    const r = cli(['scan', dir]);
    assert.equal(r.code, EXIT_FINDINGS);
    assert.match(r.stdout, /flush\.py:4:5: DVR101 \[high\/high\] Shell command built from external value 'os\.environ\['NS'\]'/);
    assert.match(r.stdout, /^1 finding in 1 of 1 file \(\d+ lines, 0 suppressed\)\.$/m);
    assert.match(r.stdout, /^\[severity\/confidence\]: severity is how much harm/m, 'the text format explains its tag');
  });

  it('counts the files with findings against the files scanned', () => {
    const r = cli(['scan', project({ 'a.py': SHELL, 'b.py': 'x = 1\n', 'c.py': 'y = 2\n' })]);
    assert.match(r.stdout, /^1 finding in 1 of 3 files /m);
    const clean = cli(['scan', project({ 'b.py': 'x = 1\n' })]);
    assert.match(clean.stdout, /^0 findings in 0 of 1 file /m);
    assert.doesNotMatch(clean.stdout, /severity\/confidence/, 'no legend without findings');
  });

  it('says a usage mistake in one line with a suggestion, never the whole help', () => {
    for (const [args, expected] of [
      [['scan', '--selct', 'DVR1', '.'], /^dvr-hints: unknown option '--selct'; did you mean '--select'\?$/m],
      [['scan', '--format'], /^dvr-hints: --format needs a value$/m],
      [['scna', '.'], /^dvr-hints: unknown command 'scna'; did you mean 'scan'\?$/m],
      [['explain', 'DVR310'], /^dvr-hints: no rule 'DVR310'; did you mean .*'DVR301'/m],
      [['scan'], /^dvr-hints: scan needs at least one path/m],
    ] as const) {
      const r = cli([...args]);
      assert.equal(r.code, EXIT_USAGE, args.join(' '));
      assert.match(r.stderr, expected);
      assert.doesNotMatch(r.stderr, /Usage:|Scan options/, 'no help dump');
      assert.ok(r.stderr.trim().split('\n').length <= 2, r.stderr);
      assert.match(r.stderr, /dvr-hints --help/);
    }
  });

  it('reports an --output it cannot write as an I/O error (exit 2, one line, no stack trace), before scanning', () => {
    const dir = project({ 'a.py': SHELL });
    const missing = path.join(dir, 'missing', 'dir', 'x.json');
    const r = cli(['scan', '--format', 'json', '--output', missing, dir]);
    assert.equal(r.code, EXIT_USAGE);
    assert.match(r.stderr, /^dvr-hints: cannot write .*x\.json: the folder .*dir does not exist\n$/);
    const folder = cli(['scan', '--output', dir, dir]);
    assert.equal(folder.code, EXIT_USAGE);
    assert.match(folder.stderr, /cannot write .*: it is a folder/);
    assert.doesNotMatch(folder.stderr, /\n\s+at /);
  });

  it('documents every exit code and the text legend in --help', () => {
    const help = cli(['--help']).stdout;
    for (const code of ['0', '1', '2', '3']) assert.match(help, new RegExp(`^  ${code}  \\S`, 'm'), `exit code ${code}`);
    assert.match(help, /\[severity\/confidence\]/);
    assert.match(help, /--max-file-size N\s+skip files larger than N bytes/);
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
    const ids = (args: string[]): string[] => (JSON.parse(cli(['scan', '--format', 'json', ...OPT_IN, ...args, dir]).stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual((JSON.parse(cli(['scan', '--format', 'json', dir]).stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId), ['DVR101'], 'opt-in rules stay off by default');
    assert.deepEqual(ids([]), ['DVR101', 'DVR301', 'DVR302']);
    assert.deepEqual(ids(['--select', 'DVR3']), ['DVR301', 'DVR302']);
    assert.deepEqual(ids(['--ignore', 'DVR301,DVR302']), ['DVR101']);
    assert.deepEqual(ids(['--select', 'DVR3', '--ignore', 'DVR302']), ['DVR301']);
    assert.deepEqual(ids(['--min-severity', 'high']), ['DVR101', 'DVR301']);
    const lowOnly = project({ 'b.py': BARE_EXCEPT });
    assert.equal(cli(['scan', '--select', 'DVR302', '--fail-on', 'high', lowOnly]).code, EXIT_CLEAN);
    assert.equal(cli(['scan', '--select', 'DVR302', '--fail-on', 'low', lowOnly]).code, EXIT_FINDINGS);
  });

  it('reads [tool.dvr-hints] from the nearest pyproject.toml, and the command line wins', () => {
    const dir = project({
      'pyproject.toml': '[tool.dvr-hints]\nextend-select = ["DVR301"]\nignore = ["DVR302"]\nexclude = ["generated"]\nseverity = { DVR101 = "low" }\n',
      'pkg/a.py': SHELL + BARE_EXCEPT,
      'pkg/generated/b.py': SHELL,
    });
    const report = JSON.parse(cli(['scan', '--format', 'json', path.join(dir, 'pkg')]).stdout) as { findings: { ruleId: string; severity: string; file: string }[] };
    assert.deepEqual(report.findings.map((f) => `${f.ruleId}:${f.severity}`).sort(), ['DVR101:low', 'DVR301:high']);
    assert.ok(report.findings.every((f) => !f.file.includes('generated')));
    const selected = JSON.parse(cli(['scan', '--format', 'json', '--select', 'DVR302', path.join(dir, 'pkg')]).stdout) as { findings: { ruleId: string }[] };
    assert.equal(selected.findings.filter((f) => f.ruleId === 'DVR302').length, 0, 'ignore from pyproject still applies to a selected rule');
    const isolated = JSON.parse(cli(['scan', '--format', 'json', '--isolated', path.join(dir, 'pkg')]).stdout) as { findings: unknown[] };
    assert.equal(isolated.findings.length, 2, 'isolated: the default rules only (DVR101 in both files)');
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
    const r = cli(['scan', '--format', 'sarif', ...OPT_IN, dir]);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    const validate = sarifValidator();
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
    // The rule's help is its own documentation; CWEs are taxonomy references, not its help link.
    assert.equal(rule.helpUri, undefined, 'no CWE page standing for the rule docs');
    assert.match(rule.help?.markdown ?? '', /## Why is this bad\?/);
    const cwe = run.taxonomies?.find((t) => t.name === 'CWE');
    assert.equal(cwe?.taxa?.find((t) => t.id === '78')?.name, 'OS Command Injection');
    assert.equal(cwe?.taxa?.find((t) => t.id === '78')?.helpUri, 'https://cwe.mitre.org/data/definitions/78.html');
    assert.deepEqual(rule.relationships?.map((r) => [r.target.id, r.target.toolComponent?.name]), [['78', 'CWE']]);
    const everyCwe = new Set(run.tool.driver.rules?.flatMap((x) => x.relationships?.map((r) => r.target.id) ?? []));
    assert.deepEqual([...everyCwe].filter((id) => !cwe?.taxa?.some((t) => t.id === id)), [], 'every referenced CWE is in the taxonomy');
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
