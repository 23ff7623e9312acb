import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyse } from '../src/engine/engine';
import { IncrementalAnalysis } from '../src/engine/incremental';
import { DEFAULT_LINT_OPTIONS, type LintOptions } from '../src/engine/options';
import type { Finding } from '../src/engine/types';
import { applyEdits } from '../src/fixes/edits';
import { OpenDocument } from '../src/lsp/document';
import { allRules, lint } from './helpers';

const SHELL = "import os\n\n\ndef flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns){c}\n";
const BARE = 'try:\n    x = 1\nexcept:{c}\n    pass\n';
const ids = (text: string, options?: LintOptions): string[] => lint(text, undefined, options).map((f) => f.ruleId).sort();
const WITH_UNUSED: LintOptions = { ...DEFAULT_LINT_OPTIONS, extendSelect: ['DVR001'] };
const unused = (text: string, options: LintOptions = WITH_UNUSED): Finding[] => lint(text, undefined, options).filter((f) => f.ruleId === 'DVR001');

describe('noqa comments', () => {
  it('# noqa: <code> silences the rules that declare that Ruff code, any other code silences nothing', () => {
    assert.deepEqual(ids(SHELL.replace('{c}', '')), ['DVR101']);
    assert.deepEqual(ids(SHELL.replace('{c}', '  # noqa: S605')), []);
    assert.deepEqual(ids(SHELL.replace('{c}', '  # noqa:S602,E501')), []);
    assert.deepEqual(ids(SHELL.replace('{c}', '  # NOQA: s605')), []);
    assert.deepEqual(ids(SHELL.replace('{c}', '  # noqa: E501, S110')), ['DVR001', 'DVR101']);
    assert.deepEqual(ids(BARE.replace('{c}', '  # noqa: S110')), ['DVR301']);
  });

  it('a bare # noqa (or codes without the colon, as Ruff reads them) silences no security finding', () => {
    assert.deepEqual(ids(SHELL.replace('{c}', '  # noqa')), ['DVR101']);
    assert.deepEqual(ids(SHELL.replace('{c}', '  # noqa S605')), ['DVR101']);
    assert.deepEqual(ids(BARE.replace('{c}', '  # noqa')), ['DVR301', 'DVR302']);
  });

  it('every rule that declares a Bandit id with a Ruff counterpart declares that code too', () => {
    for (const { meta } of allRules()) {
      for (const code of meta.ruff) assert.match(code, /^S\d{3}$/, `${meta.id}: ${code}`);
      // flake8-bandit numbers its codes after Bandit's (B602 is S602); Ruff lacks a few (B312 telnetlib calls).
      const counterparts = meta.bandit.map((b) => `S${b.slice(1)}`);
      assert.ok(meta.ruff.every((r) => counterparts.includes(r)), `${meta.id}: ruff ${meta.ruff.join(',')} is not among ${counterparts.join(',')}`);
    }
    assert.deepEqual(allRules().find((r) => r.meta.id === 'DVR101')?.meta.ruff.filter((c) => ['S602', 'S605'].includes(c)), ['S602', 'S605']);
  });
});

describe('own-line suppression', () => {
  const MULTI = "import os\n\n\ndef flush(ns):\n{c}    os.system(\n        'ip netns exec %s conntrack -F' % ns)\n";
  it('silences the next statement, over all its lines, across comment lines', () => {
    assert.deepEqual(ids(MULTI.replace('{c}', '')), ['DVR101']);
    assert.deepEqual(ids(MULTI.replace('{c}', '    # dvr-hints: ignore[DVR101]\n')), []);
    assert.deepEqual(ids(MULTI.replace('{c}', '    # dvr-hints: ignore\n    # the namespace comes from our own router list\n')), []);
    assert.deepEqual(ids(MULTI.replace('{c}', '    # dvr-hints: ignore[DVR302]\n')).filter((id) => id !== 'DVR001'), ['DVR101']);
  });

  it('a blank line ends it, and a compound statement counts with its header only', () => {
    assert.deepEqual(ids(MULTI.replace('{c}', '    # dvr-hints: ignore[DVR101]\n\n')), ['DVR001', 'DVR101']);
    // Above the def: its header lines, not the body.
    const def = "import os\n\n\n# dvr-hints: ignore[DVR101]\ndef flush(ns):\n    os.system('ip netns exec %s conntrack -F' % ns)\n";
    assert.deepEqual(ids(def), ['DVR001', 'DVR101']);
    // Above an except clause: its header, where DVR301 and DVR302 report.
    assert.deepEqual(ids('try:\n    x = 1\n# dvr-hints: ignore[DVR301, DVR302]\nexcept:\n    pass\n'), []);
    assert.deepEqual(ids('if x:\n    pass\n# dvr-hints: ignore[DVR301]\nelse:\n    try:\n        y = 1\n    except:\n        pass\n').filter((id) => id !== 'DVR001'), ['DVR301', 'DVR302']);
  });

  it('a trailing # nosec or # noqa stays a one-line comment; alone on a line it silences nothing', () => {
    assert.deepEqual(ids(MULTI.replace('{c}', '    # nosec B605\n')), ['DVR001', 'DVR101']);
    assert.deepEqual(ids(MULTI.replace('{c}', '    # noqa: S605\n')), ['DVR001', 'DVR101']);
  });
});

describe('DVR001 unused-suppression', () => {
  const fixed = (text: string, finding: Finding): string => applyEdits(text, finding.fixes[0].edits);

  it('is off by default and reports a dvr-hints, nosec or mapped noqa comment that silences nothing', () => {
    const clean = 'x = 1  # dvr-hints: ignore[DVR101]\n';
    assert.deepEqual(lint(clean, undefined, DEFAULT_LINT_OPTIONS), []);
    assert.equal(unused(clean).length, 1);
    assert.equal(unused('x = 1  # nosec\n').length, 1);
    assert.equal(unused('x = 1  # noqa: S602\n').length, 1);
    assert.equal(unused('x = 1  # dvr-hints: ignore-file\n').length, 1);
    assert.equal(unused(SHELL.replace('{c}', '  # dvr-hints: ignore[DVR101]')).length, 0);
    assert.equal(unused(SHELL.replace('{c}', '  # nosec')).length, 0);
  });

  it('judges only codes it can: a rule that did not run, another tool code and a bare noqa are left alone', () => {
    assert.deepEqual(unused('x = 1  # noqa: E501, F401\n'), []);
    assert.deepEqual(unused('x = 1  # noqa\n'), []);
    assert.deepEqual(unused('x = 1  # nosec B607\n'), []);
    // DVR504 is opt-in and not selected: its code cannot be judged; DVR999 names no rule and never silences anything.
    assert.deepEqual(unused('x = 1  # dvr-hints: ignore[DVR504]\n'), []);
    assert.equal(unused('x = 1  # dvr-hints: ignore[DVR504]\n', { ...WITH_UNUSED, extendSelect: ['DVR001', 'DVR504'] }).length, 1);
    assert.equal(unused('x = 1  # dvr-hints: ignore[DVR999]\n').length, 1);
    // A finding below the thresholds is still silenced by the comment.
    assert.deepEqual(unused(BARE.replace('{c}', '  # dvr-hints: ignore[DVR302]'), { ...WITH_UNUSED, minSeverity: 'high' }), []);
    // Its own code is never judged, and only a comment that names DVR001 silences it.
    assert.deepEqual(unused('x = 1  # nosec  # dvr-hints: ignore[DVR001]\n'), []);
    assert.equal(unused('x = 1  # dvr-hints: ignore\n').length, 1);
  });

  it('removes an unused code from a list, keeping the rest of the comment', () => {
    const text = SHELL.replace('{c}', '  # dvr-hints: ignore[DVR101, DVR403]');
    const [finding] = unused(text);
    assert.equal(finding.message, "Code DVR403 of suppression '# dvr-hints: ignore[DVR101, DVR403]' silences nothing here");
    assert.equal(finding.fixes[0].applicability, 'safe');
    assert.match(fixed(text, finding), /% ns\)  # dvr-hints: ignore\[DVR101\]\n$/);
    const first = SHELL.replace('{c}', '  # noqa: S108 S605, E501');
    assert.match(fixed(first, unused(first)[0]), /% ns\)  # noqa: S605, E501\n$/);
  });

  it('removes a whole unused comment, its reason and a line left empty; nosec and noqa removals are unsafe', () => {
    const trailing = 'x = 1  # dvr-hints: ignore[DVR101] -- was a shell command\ny = 2\n';
    assert.equal(fixed(trailing, unused(trailing)[0]), 'x = 1\ny = 2\n');
    const ownLine = 'def f():\n    # dvr-hints: ignore[DVR101]\n    return 1\n';
    assert.equal(fixed(ownLine, unused(ownLine)[0]), 'def f():\n    return 1\n');
    const shared = 'x = 1  # type: ignore  # nosec B602\n';
    const [nosec] = unused(shared);
    assert.equal(nosec.fixes[0].applicability, 'unsafe');
    assert.equal(fixed(shared, nosec), 'x = 1  # type: ignore\n');
    const before = 'x = 1  # noqa: S602  # keep me\n';
    assert.equal(fixed(before, unused(before)[0]), 'x = 1  # keep me\n');
    const crlf = 'x = 1  # dvr-hints: ignore[DVR101]\r\ny = 2\r\n';
    assert.equal(fixed(crlf, unused(crlf)[0]), 'x = 1\r\ny = 2\r\n');
    const lastLine = 'x = 1\n# dvr-hints: ignore';
    assert.equal(fixed(lastLine, unused(lastLine)[0]), 'x = 1');
  });

  it('in the editor, appears when an edit elsewhere in the statement removes the finding it silenced', () => {
    const document = new OpenDocument('file:///a.py', 1, SHELL.replace('{c}', '  # dvr-hints: ignore[DVR101]'), 'python');
    const analysis = new IncrementalAnalysis();
    const run = (): string[] => analysis.analyse({ path: 'a.py', text: document.text, tree: document.currentTree() }, document.takeChanges(), allRules(), WITH_UNUSED).findings.map((f) => f.ruleId);
    assert.deepEqual(run(), []);
    // '% ns' becomes '% 1': the command is a constant, so DVR101 is gone and the comment silences nothing.
    const line = 4;
    const character = document.text.split('\n')[line].indexOf('% ns') + 2;
    document.applyChanges([{ range: { start: { line, character }, end: { line, character: character + 2 } }, text: '1' }], 2, 'utf-16');
    assert.deepEqual(run(), ['DVR001']);
    assert.equal(analysis.stats.mode, 'incremental');
    assert.deepEqual(run(), analyse({ path: 'a.py', text: document.text }, allRules(), WITH_UNUSED).findings.map((f) => f.ruleId));
  });
});

describe('hostile suppression comments', () => {
  it('a directive followed by a long blank run costs linear time (CPU-time margin, not wall time)', () => {
    const blanks = ' '.repeat(200_000);
    const before = process.cpuUsage();
    for (const comment of [`# dvr-hints: ignore[${blanks}x`, `# nosec B602${blanks}x`, `# noqa: S602${blanks}x`]) {
      lint(`import os\nos.system(cmd)  ${comment}\n`);
    }
    const used = process.cpuUsage(before);
    // Linear work is well under a second; the quadratic trim took over a minute of CPU.
    assert.ok((used.user + used.system) / 1e6 < 20, `CPU ${(used.user + used.system) / 1e6} s`);
  });
});
