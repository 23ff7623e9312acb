import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { EXIT_FINDINGS, EXIT_USAGE } from '../src/cli/main';
import { cli, project } from './cliHarness';

const SHELL = "import os\n\ndef flush():\n    os.system('ip netns exec %s conntrack -F' % os.environ['NS'])\n";
const BARE_EXCEPT = 'try:\n    x = 1\nexcept:\n    pass\n';
const SIX = 'import six\n\n\ndef names(d):\n    return [k for k, v in six.iteritems(d)]\n';
const CREDENTIAL = "ADMIN_PASSWORD = 'n3utr0n-adm1n'\n";

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
}

function findings(args: string[]): string[] {
  const r = cli(['scan', '--format', 'json', '--exit-zero', ...args]);
  assert.equal(r.stderr, '', r.stderr);
  const report = JSON.parse(r.stdout) as { findings: JsonFinding[] };
  return report.findings.map((f) => `${path.basename(f.file)} ${f.ruleId}:${f.severity}`).sort();
}

/** Two projects side by side, each with its own [tool.dvr-hints], and a third nested in the first. */
function twoProjects(): { a: string; b: string } {
  const root = project({
    'a/pyproject.toml': '[tool.dvr-hints]\nseverity = { DVR101 = "low" }\nexclude = ["generated"]\n',
    'a/pkg/a.py': SHELL,
    'a/pkg/generated/g.py': SHELL,
    'a/nested/pyproject.toml': '[tool.dvr-hints]\nselect = ["DVR301"]\n',
    'a/nested/n.py': SHELL + BARE_EXCEPT,
    'b/pyproject.toml': '[tool.dvr-hints]\nignore = ["DVR101"]\nextend-select = ["DVR301", "DVR601"]\n',
    'b/b.py': SHELL + BARE_EXCEPT,
    'b/conf.py': CREDENTIAL,
    'b/tests/helpers.py': CREDENTIAL,
  });
  return { a: path.join(root, 'a'), b: path.join(root, 'b') };
}

describe('dvr-hints CLI: each file with its own project\'s configuration', () => {
  it('applies every project\'s pyproject.toml to its own files when one call scans several projects', () => {
    const { a, b } = twoProjects();
    const together = findings([a, b]);
    assert.deepEqual(together, [
      'a.py DVR101:low', // a: DVR101 lowered, generated/ excluded
      'b.py DVR301:high', // b: DVR101 ignored, DVR301 opted in
      'conf.py DVR601:high',
      'helpers.py DVR601:low', // b/tests/ is test code relative to b's root, not a 'helpers.py' outside a's root (high)
      'n.py DVR301:high', // a/nested: its own table selects DVR301 only
    ]);
    // The same answer as scanning each project alone, in either order.
    assert.deepEqual([...findings([a]), ...findings([b])].sort(), together);
    assert.deepEqual(findings([b, a]), together);
    // Worker threads get each file's own options too.
    assert.deepEqual(findings(['--jobs', '2', a, b]), together);
  });

  it('resolves files named one by one (pre-commit passes staged files) by their own projects', () => {
    const { a, b } = twoProjects();
    assert.deepEqual(findings([path.join(b, 'tests', 'helpers.py'), path.join(a, 'pkg', 'a.py'), path.join(b, 'b.py')]), ['a.py DVR101:low', 'b.py DVR301:high', 'helpers.py DVR601:low']);
  });

  it('fixes each file under its own project\'s configuration', () => {
    const root = project({
      'a/pyproject.toml': '[tool.dvr-hints]\nignore = ["DVR801"]\n',
      'a/x.py': SIX,
      'b/pyproject.toml': '[tool.dvr-hints]\nmin-severity = "low"\n',
      'b/y.py': SIX,
    });
    const r = cli(['scan', '--fix', '--exit-zero', path.join(root, 'a'), path.join(root, 'b')]);
    assert.equal(fs.readFileSync(path.join(root, 'a', 'x.py'), 'utf8'), SIX, "a ignores DVR801: its file stays");
    assert.match(fs.readFileSync(path.join(root, 'b', 'y.py'), 'utf8'), /d\.items\(\)/);
    assert.match(r.stderr, /y\.py: fixed DVR801/);
    assert.doesNotMatch(r.stderr, /x\.py: fixed/);
  });

  it('rejects a problem in any scanned project\'s pyproject.toml, naming that file (exit 2)', () => {
    const { a } = twoProjects();
    const bad = project({ 'pyproject.toml': '[tool.dvr-hints]\nselect = ["DVR999"]\n', 'c.py': SHELL });
    const r = cli(['scan', a, bad]);
    assert.equal(r.code, EXIT_USAGE);
    assert.ok(r.stderr.includes(`${path.join(bad, 'pyproject.toml')} [tool.dvr-hints] select: 'DVR999' is not a rule`), r.stderr);
  });

  it('asks to scan projects with different baselines apart (exit 2), unless --baseline or --no-baseline decides', () => {
    const root = project({
      'a/pyproject.toml': '[tool.dvr-hints]\nbaseline = "a-baseline.json"\n',
      'a/x.py': SHELL,
      'b/pyproject.toml': '[tool.dvr-hints]\nbaseline = "b-baseline.json"\n',
      'b/y.py': SHELL,
    });
    const [a, b] = [path.join(root, 'a'), path.join(root, 'b')];
    for (const dir of [a, b]) assert.equal(cli(['scan', '--write-baseline', path.join(dir, `${path.basename(dir)}-baseline.json`), dir]).code, 0);
    assert.equal(cli(['scan', a]).code, 0, "a's own baseline has its finding");
    const mixed = cli(['scan', a, b]);
    assert.equal(mixed.code, EXIT_USAGE);
    assert.match(mixed.stderr, /^dvr-hints: invalid configuration: baseline: the scanned files belong to projects with different baselines: .*a-baseline\.json \(.*pyproject\.toml\), .*b-baseline\.json .*; scan each project on its own, or name one with --baseline\n$/);
    assert.equal(cli(['scan', '--no-baseline', a, b]).code, EXIT_FINDINGS);
    assert.equal(cli(['scan', '--baseline', path.join(a, 'a-baseline.json'), a, b]).code, EXIT_FINDINGS, "b's finding is new against a's baseline");
  });
});
