import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { ConfigResolver, DEFAULT_MAX_FILE_SIZE, findProject, formatProblem, readLayer, rulePath } from '../src/config/resolver';
import { RuleIds } from '../src/config/ruleIds';
import { closest, editDistance } from '../src/config/suggest';
import { isTestPath } from '../src/engine/engine';
import { readEditorSettings } from '../src/lsp/settings';
import { allRules } from './helpers';

const RULES = new RuleIds(allRules().map((r) => r.meta.id));

function tree(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-config-')));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('did you mean', () => {
  it('measures edits, swaps counting once', () => {
    assert.equal(editDistance('DVR310', 'DVR301'), 1);
    assert.equal(editDistance('DVR101', 'DVR101'), 0);
    assert.equal(editDistance('abc', 'xyz'), 3);
    assert.deepEqual(closest('selct', ['select', 'extend-select', 'ignore']), ['select']);
  });

  it('names unknown rule ids and prefixes, with the nearest real ones', () => {
    assert.equal(RULES.selectorProblem('DVR101'), undefined);
    assert.equal(RULES.selectorProblem('DVR1'), undefined);
    assert.equal(RULES.selectorProblem('ALL'), undefined);
    assert.match(RULES.selectorProblem('DVR310') ?? '', /'DVR310' is not a rule; did you mean .*'DVR301'/);
    assert.match(RULES.selectorProblem('DVR99') ?? '', /'DVR99' is the prefix of no rule/);
    assert.match(RULES.selectorProblem('dvr101') ?? '', /must be upper case: 'DVR101'/);
    assert.match(RULES.selectorProblem('E501') ?? '', /not a rule id or prefix/);
    assert.match(RULES.idProblem('DVR999') ?? '', /'DVR999' is not a rule/);
  });
});

describe('a configuration layer', () => {
  it('keeps the good keys and reports each bad one by its real name', () => {
    const settings = readEditorSettings({ select: ['DVR999'], minSeverity: 'medium', ignore: ['DVR302'] }, true, RULES);
    assert.deepEqual(settings.config, { 'min-severity': 'medium', ignore: ['DVR302'] }, 'only dvrHints.select falls back');
    assert.equal(settings.problems.length, 1);
    assert.equal(settings.problems[0].setting, 'dvrHints.select');
    assert.match(formatProblem(settings.problems[0]), /^dvrHints\.select: 'DVR999' is not a rule/);
  });

  it('names editor settings as the editor spells them, the taint ones included', () => {
    const settings = readEditorSettings({ taint: { sinks: ['not a name'] }, maxFileSize: 0, severity: { DVR1O1: 'low' } }, true, RULES);
    assert.deepEqual(settings.problems.map((p) => p.setting).sort(), ['dvrHints.maxFileSize', 'dvrHints.severity', 'dvrHints.taint.sinks']);
    assert.match(settings.problems.find((p) => p.setting === 'dvrHints.severity')?.message ?? '', /did you mean 'DVR101'/);
  });

  it('suggests the key meant for an unknown pyproject.toml key', () => {
    const layer = readLayer({ selct: ['DVR1'] }, (key) => `${key} in pyproject.toml`, RULES);
    assert.deepEqual(layer.config, {});
    assert.match(formatProblem(layer.problems[0]), /selct in pyproject.toml: unknown key; did you mean 'select'\?/);
  });
});

describe('the project and the path rules see', () => {
  it('is relative to the folder holding pyproject.toml, whatever the workspace folder', () => {
    const dir = tree({ 'repo/pyproject.toml': '[tool.dvr-hints]\nignore = ["DVR603"]\n', 'repo/neutron/agent/x.py': '' });
    const file = path.join(dir, 'repo/neutron/agent/x.py');
    for (const fallback of [dir, path.join(dir, 'repo'), path.dirname(file)]) {
      const resolved = new ConfigResolver(RULES).resolve(file, fallback);
      assert.equal(resolved.root, path.join(dir, 'repo'));
      assert.equal(rulePath(file, resolved.root), 'neutron/agent/x.py');
    }
  });

  it('falls back to the nearest pyproject.toml, then the workspace folder or working folder', () => {
    const dir = tree({ 'a/pyproject.toml': '[project]\nname = "a"\n', 'a/pkg/x.py': '', 'b/pkg/y.py': '' });
    assert.equal(findProject(path.join(dir, 'a/pkg'), dir, RULES).root, path.join(dir, 'a'));
    assert.equal(findProject(path.join(dir, 'b/pkg'), path.join(dir, 'b'), RULES).root, path.join(dir, 'b'));
  });

  it('makes test-code detection independent of where the checkout lives', () => {
    const dir = tree({ 'tests/checkout/pyproject.toml': '[project]\n', 'tests/checkout/neutron/agent/x.py': '' });
    const file = path.join(dir, 'tests/checkout/neutron/agent/x.py');
    assert.equal(isTestPath(file), true, 'the absolute path looks like test code');
    const seen = rulePath(file, new ConfigResolver(RULES).resolve(file, dir).root);
    assert.equal(seen, 'neutron/agent/x.py');
    assert.equal(isTestPath(seen), false);
  });

  it('reports a bad pyproject.toml key by file and key, and keeps its other keys', () => {
    const dir = tree({ 'pyproject.toml': '[tool.dvr-hints]\nselect = ["DVR999"]\nignore = ["DVR302"]\n', 'x.py': '' });
    const resolved = new ConfigResolver(RULES).resolve(path.join(dir, 'x.py'), dir);
    assert.deepEqual(resolved.config.ignore, ['DVR302']);
    assert.equal(resolved.config.select, undefined);
    assert.equal(resolved.problems.length, 1);
    assert.equal(resolved.problems[0].setting, `${path.join(dir, 'pyproject.toml')} [tool.dvr-hints] select`);
  });

  it('uses bytes for max-file-size, one default everywhere', () => {
    const dir = tree({ 'x.py': '' });
    assert.equal(new ConfigResolver(RULES).resolve(path.join(dir, 'x.py'), dir).maxFileSize, DEFAULT_MAX_FILE_SIZE);
    assert.equal(new ConfigResolver(RULES).resolve(path.join(dir, 'x.py'), dir, { overrides: { 'max-file-size': 10 } }).maxFileSize, 10);
  });

  it('drops taint keys from pyproject.toml in an untrusted workspace', () => {
    const dir = tree({ 'pyproject.toml': '[tool.dvr-hints]\ntaint-sinks = ["my.run"]\n', 'x.py': '' });
    const resolver = new ConfigResolver(RULES);
    assert.deepEqual(resolver.resolve(path.join(dir, 'x.py'), dir).options.analysis.taint.sinks, ['my.run']);
    assert.deepEqual(resolver.resolve(path.join(dir, 'x.py'), dir, { trusted: false }).options.analysis.taint.sinks, []);
  });
});
