import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import { parsePython } from '../src/engine/parser';
import type { Fix } from '../src/engine/types';
import { applyEdits } from '../src/fixes/edits';
import { suppressInFile, suppressOnLine } from '../src/fixes/suppress';
import { lint } from './helpers';

function source(text: string) {
  return { text, tree: parsePython(text), lineIndex: new LineIndex(text) };
}

/** The suppression for the first finding of `ruleId`, applied; `null` when none is offered. */
function suppressed(text: string, ruleId: string, where: 'line' | 'file'): string | null {
  const finding = lint(text).find((f) => f.ruleId === ruleId);
  assert.ok(finding, `no ${ruleId} finding in:\n${text}`);
  const fix: Fix | undefined = where === 'line' ? suppressOnLine(ruleId, finding, source(text)) : suppressInFile(ruleId, source(text));
  if (!fix) return null;
  const after = applyEdits(text, fix.edits);
  assert.equal(lint(after).filter((f) => f.ruleId === ruleId && (where === 'file' || f.message === finding.message)).length, 0, `the engine still reports ${ruleId} after:\n${after}`);
  return after;
}

const swallow = (exceptLine: string): string => `try:\n    ns.delete()\n${exceptLine}\n    pass\n`;

describe('suppress on this line', () => {
  it('adds a directive at the end of the finding line', () => {
    assert.equal(suppressed(swallow('except RuntimeError:'), 'DVR302', 'line'), swallow('except RuntimeError:  # dvr-hints: ignore[DVR302]'));
  });

  it('replaces trailing whitespace rather than keeping it before the comment', () => {
    assert.equal(suppressed(swallow('except RuntimeError:   '), 'DVR302', 'line'), swallow('except RuntimeError:  # dvr-hints: ignore[DVR302]'));
  });

  it('keeps other comments and adds the directive after them', () => {
    assert.equal(suppressed(swallow('except RuntimeError:  # noqa: E722'), 'DVR302', 'line'), swallow('except RuntimeError:  # noqa: E722  # dvr-hints: ignore[DVR302]'));
    assert.equal(suppressed(swallow('except RuntimeError:  # type: ignore'), 'DVR302', 'line'), swallow('except RuntimeError:  # type: ignore  # dvr-hints: ignore[DVR302]'));
  });

  it('merges into an existing directive instead of adding a second', () => {
    assert.equal(suppressed(swallow('except:  # dvr-hints: ignore[DVR301]'), 'DVR302', 'line'), swallow('except:  # dvr-hints: ignore[DVR301,DVR302]'));
    assert.equal(suppressed(swallow('except:  # noqa  # dvr-hints: ignore[DVR999, DVR301]'), 'DVR302', 'line'), swallow('except:  # noqa  # dvr-hints: ignore[DVR999, DVR301, DVR302]'));
  });

  it('offers nothing when the line directive already covers the rule', () => {
    const text = swallow('except:  # dvr-hints: ignore[DVR302]');
    const finding = lint(text).find((f) => f.ruleId === 'DVR301');
    assert.ok(finding);
    assert.equal(suppressOnLine('DVR302', finding, source(text)), undefined);
  });

  it('never writes into a string that goes on after the line, nor after a backslash', () => {
    const inString = 'import subprocess\n\n\ndef f(name):\n    subprocess.call("ls %s" % name + """\n    x""", shell=True)\n';
    assert.ok(lint(inString).some((f) => f.ruleId === 'DVR101'));
    assert.equal(suppressed(inString, 'DVR101', 'line'), null);
    const continued = 'import subprocess\n\n\ndef f(name):\n    subprocess.call("ls %s" % name, \\\n                    shell=True)\n';
    assert.ok(lint(continued).some((f) => f.ruleId === 'DVR101'));
    assert.equal(suppressed(continued, 'DVR101', 'line'), null);
  });

  it('writes inside brackets that go on, where a comment is allowed', () => {
    const text = 'import subprocess\n\n\ndef f(name):\n    subprocess.call("ls %s" % name,\n                    shell=True)\n';
    assert.equal(suppressed(text, 'DVR101', 'line'), text.replace('% name,\n', '% name,  # dvr-hints: ignore[DVR101]\n'));
  });

  it('keeps CRLF line ends intact', () => {
    const crlf = swallow('except RuntimeError:').replace(/\n/g, '\r\n');
    assert.equal(suppressed(crlf, 'DVR302', 'line'), swallow('except RuntimeError:  # dvr-hints: ignore[DVR302]').replace(/\n/g, '\r\n'));
  });
});

describe('suppress in this file', () => {
  it('adds a file directive on the first line', () => {
    assert.equal(suppressed(swallow('except RuntimeError:'), 'DVR302', 'file'), `# dvr-hints: ignore-file[DVR302]\n${swallow('except RuntimeError:')}`);
  });

  it('goes after a shebang and a coding line, before the licence header and docstring', () => {
    const head = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n';
    const rest = '# Licensed under the Apache License, Version 2.0\n"""Module docstring."""\n' + swallow('except RuntimeError:');
    assert.equal(suppressed(head + rest, 'DVR302', 'file'), `${head}# dvr-hints: ignore-file[DVR302]\n${rest}`);
  });

  it('merges into a file directive in the first ten lines', () => {
    const text = `# dvr-hints: ignore-file[DVR101]\n${swallow('except RuntimeError:')}`;
    assert.equal(suppressed(text, 'DVR302', 'file'), `# dvr-hints: ignore-file[DVR101,DVR302]\n${swallow('except RuntimeError:')}`);
  });

  it('does not merge into a file directive the engine would not read (line 11 on)', () => {
    const text = '\n'.repeat(10) + `# dvr-hints: ignore-file[DVR101]\n${swallow('except RuntimeError:')}`;
    assert.equal(suppressed(text, 'DVR302', 'file'), `# dvr-hints: ignore-file[DVR302]\n${text}`);
  });

  it('uses the file line ending and stays after a byte order mark', () => {
    const crlf = `\uFEFF${swallow('except RuntimeError:').replace(/\n/g, '\r\n')}`;
    assert.equal(suppressed(crlf, 'DVR302', 'file'), `\uFEFF# dvr-hints: ignore-file[DVR302]\r\n${crlf.slice(1)}`);
  });
});
