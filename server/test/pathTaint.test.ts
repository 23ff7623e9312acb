import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lint } from './helpers';

/**
 * The path purpose of the taint engine (analysis/paths.ts through taint/purpose.ts): what
 * cleans a file name cleans it for DVR510 only, and a prefix check counts only on a
 * normalised path.
 */
function lines(code: string, rule: string): number[] {
  return lint(code, 'neutron/agent/tools/files.py')
    .filter((f) => f.ruleId === rule)
    .map((f) => code.slice(0, f.start).split('\n').length);
}

const HEADER = ['import os', 'import subprocess', 'import flask', "BASE = '/srv'", ''];

describe('taint purpose: file paths', () => {
  it('basename cleans a file name, not a shell command', () => {
    const code = [
      ...HEADER,
      'def view():',
      "    name = os.path.basename(flask.request.args['f'])",
      '    subprocess.call("cat " + name, shell=True)',
      '    return open(os.path.join(BASE, name)).read()',
    ].join('\n');
    assert.deepEqual(lines(code, 'DVR510'), []);
    assert.deepEqual(lines(code, 'DVR101'), [8]);
  });

  it('a prefix check proves a path safe only after normalisation', () => {
    const code = [
      ...HEADER,
      'def raw():',
      "    p = os.path.join(BASE, flask.request.args['f'])",
      '    if not p.startswith(BASE):',
      '        raise ValueError(p)',
      '    os.remove(p)',
      'def normalised():',
      "    p = os.path.normpath(os.path.join(BASE, flask.request.args['f']))",
      '    if not p.startswith(BASE):',
      '        raise ValueError(p)',
      '    os.remove(p)',
      'def inline():',
      "    p = os.path.join(BASE, flask.request.args['f'])",
      '    if not os.path.realpath(p).startswith(BASE):',
      '        flask.abort(404)',
      '    os.remove(p)',
      'def inside_only():',
      "    p = os.path.realpath(os.path.join(BASE, flask.request.args['f']))",
      '    if p.startswith(BASE):',
      '        os.remove(p)',
      '    os.rmdir(p)',
    ].join('\n');
    assert.deepEqual(lines(code, 'DVR510'), [10, 25]);
  });

  it('follows a path through pathlib: Path(), / and joinpath', () => {
    const code = [
      ...HEADER,
      'from pathlib import Path',
      'def view(name):',
      "    a = Path(BASE) / flask.request.args['a']",
      "    b = Path(BASE).joinpath(flask.request.args['b'])",
      '    a.unlink()',
      '    b.write_text("x")',
      '    (Path(BASE) / name).unlink()',
    ].join('\n');
    assert.deepEqual(lines(code, 'DVR510'), [10, 11]);
  });

  it('a helper that cleans or checks a path returns it clean; one that only joins passes the taint on', () => {
    const code = [
      ...HEADER,
      'def _leaf(name):',
      '    return os.path.join(BASE, os.path.basename(name))',
      'def _joined(name):',
      '    return os.path.join(BASE, name)',
      'def view():',
      "    os.remove(_leaf(flask.request.args['a']))",
      "    os.remove(_joined(flask.request.args['b']))",
    ].join('\n');
    assert.deepEqual(lines(code, 'DVR510'), [12]);
  });
});
