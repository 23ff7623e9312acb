import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyse } from '../src/engine/engine';
import { LineIndex } from '../src/engine/lineIndex';
import { asPythonReadsIt, IndentationTooDeep, MAX_SCANNER_INDENT_WIDTHS, parsePython, scannerIndentWidths } from '../src/engine/parser';
import { PointIndex } from '../src/engine/points';
import { OpenDocument } from '../src/lsp/document';
import { declaredEncoding, decodePythonSource } from '../src/scan/files';
import { ALL_SELECTED, allRules, lint } from './helpers';

/** Issue 15 points 1 and 2: no text aborts the process, and a lone `\r` ends a line as in Python. */

/** `levels` nested blocks whose indentation is spelled `shape(i)`, ending in an unterminated string (one open delimiter). */
function nested(levels: number, shape: (i: number) => string): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${shape(i)}if x:\n`;
  return text + `${shape(levels)}s = "open\n`;
}

const CRASHERS: [string, (i: number) => string][] = [
  ['a line that starts with \\r', (i) => '\r' + ' '.repeat(i)],
  ['spaces then tabs', (i) => ' '.repeat(i % 8) + '\t'.repeat(Math.floor(i / 8) + 1)],
  ['backslash continuations', (i) => ' \\\n'.repeat(i)],
  ['plain spaces', (i) => ' '.repeat(i)],
];

const PARSER = path.join(__dirname, '..', 'src', 'engine', 'parser.js');

/** Parses the text in a child process: a native abort there cannot take the test runner with it. */
function parseInChild(text: string): { status: number | null; signal: NodeJS.Signals | null; stdout: string } {
  const script = `const p = require(${JSON.stringify(PARSER)});
let text = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', (d) => (text += d)); process.stdin.on('end', () => {
  try { p.parsePython(text); console.log('parsed'); } catch (e) { console.log(e instanceof p.IndentationTooDeep ? 'refused' : 'threw ' + e.message); }
});`;
  const r = spawnSync(process.execPath, ['-e', script], { input: text, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, signal: r.signal, stdout: r.stdout.trim() };
}

describe('indentation guard: measures what tree-sitter-python\'s scanner measures', () => {
  for (const [name, shape] of CRASHERS) {
    it(`600 levels of ${name} are refused, in a process that lives on`, () => {
      const r = parseInChild(nested(600, shape));
      assert.equal(r.signal, null, `the child died: ${r.signal}`);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'refused');
    });
  }

  it('counts as the scanner does: space 1, tab 8, \\r and \\f restart, continuations go on, comments and blank lines count nothing', () => {
    const widths = scannerIndentWidths('a\n  b\n\tc\n \td\n\r   e\n  \\\n  f\n# c\n\f     g\n   \n');
    assert.deepEqual([...widths].sort((x, y) => x - y), [2, 3, 4, 5, 8, 9]);
    // CRLF continuations too, and a wrap at 16 bits as the scanner's uint16_t.
    assert.deepEqual([...scannerIndentWidths('x\n \\\r\n y\n')].sort(), [1, 2]);
    assert.deepEqual([...scannerIndentWidths('x\n' + '\t'.repeat(8192) + ' y\n')], [1]);
  });

  it('a run of continuations costs one pass (no quadratic re-count)', () => {
    const text = 'x = 1\n' + ' \\\n'.repeat(300_000) + 'y\n';
    const before = process.cpuUsage();
    const widths = scannerIndentWidths(text);
    const cpuMs = (process.cpuUsage(before).user + process.cpuUsage(before).system) / 1000;
    // 300,000 different widths, wrapped to 16 bits as the scanner stores them.
    assert.equal(widths.size, 65_535);
    assert.ok(cpuMs < 5_000, `${cpuMs} ms of CPU`);
  });

  it('below the limit the same shapes parse, and their code is analysed', () => {
    const levels = MAX_SCANNER_INDENT_WIDTHS - 20;
    for (const [name, shape] of CRASHERS.filter(([n]) => n !== 'a line that starts with \\r')) {
      const text = nested(levels, shape).replace(/s = "open\n$/, 'os.system(x)\n');
      const r = parseInChild(text);
      // Python's own limit (100 levels) refuses the spaces; the others are few levels for Python and below the scanner's limit.
      assert.equal(r.stdout, name === 'plain spaces' ? 'refused' : 'parsed', name);
    }
    assert.throws(() => parsePython(nested(150, (i) => ' '.repeat(i))), IndentationTooDeep);
  });
});

describe('line endings: a lone \\r ends a line (and a comment) as in Python', () => {
  it('code after a comment that ends in \\r is analysed', () => {
    const text = 'import os\n\ndef run(cmd):\n    x = 1  # note\r    os.system("ls " + cmd)\n';
    const findings = lint(text).filter((f) => f.ruleId === 'DVR101');
    assert.equal(findings.length, 1);
    const at = new LineIndex(text).positionAt(findings[0].start);
    assert.deepEqual(at, { line: 4, character: 4 });
  });

  it('a file with CR-only line endings reports what its LF twin reports, at the same lines and columns', () => {
    const lf = 'import os\n\n\ndef run(cmd):\n    # a comment\n    try:\n        os.system("ip link del " + cmd)\n    except Exception:\n        pass\n';
    const places = (text: string): string[] => {
      const result = analyse({ path: 'neutron/agent/x.py', text }, allRules(), ALL_SELECTED);
      return result.findings.map((f) => `${f.ruleId}@${JSON.stringify(result.lineIndex.positionAt(f.start))}`).sort();
    };
    const expected = places(lf);
    assert.ok(expected.length >= 2, expected.join());
    assert.deepEqual(places(lf.replace(/\n/g, '\r')), expected);
    assert.deepEqual(places(lf.replace(/\n/g, '\r\n')), expected);
  });

  it('the text tree-sitter sees keeps every offset', () => {
    const text = 'a = 1\r b\r\nc\0';
    assert.equal(asPythonReadsIt(text), 'a = 1\n b\r\nc ');
    assert.equal(parsePython(text).rootNode.endIndex, text.length);
  });

  it('tree-sitter points count a lone \\r as a row break, also after edits', () => {
    const points = new PointIndex('a\rb\r\nc\nd');
    assert.deepEqual(points.pointAt(2), { row: 1, column: 0 });
    assert.deepEqual(points.pointAt(5), { row: 2, column: 0 });
    const edited = new PointIndex('a\nb').edited('a\r\nb', 1, 1, '\r');
    assert.deepEqual(edited.pointAt(3), { row: 1, column: 0 });
  });

  it('an open document edited into and out of lone \\r line breaks gives a full analysis\'s findings', () => {
    const lf = 'import os\n\ndef run(cmd):\n    x = 1  # note\n    os.system("ls " + cmd)\n';
    const document = new OpenDocument('file:///x.py', 1, lf, 'python');
    document.currentTree();
    const breakAt = lf.indexOf('# note') + '# note'.length;
    // The `\n` after the comment becomes `\r`: the call stays on its own line.
    document.applyChanges([{ range: { start: { line: 3, character: 17 }, end: { line: 4, character: 0 } }, text: '\r' }], 2, 'utf-16');
    assert.equal(document.text, lf.slice(0, breakAt) + '\r' + lf.slice(breakAt + 1));
    const tree = document.currentTree();
    assert.equal(tree.rootNode.toString(), parsePython(document.text).rootNode.toString());
    const ids = (input: { text: string; tree?: ReturnType<typeof parsePython> }): string[] => analyse({ path: 'x.py', ...input }, allRules(), ALL_SELECTED).findings.map((f) => `${f.ruleId}@${f.start}`);
    assert.ok(ids({ text: document.text, tree }).some((id) => id.startsWith('DVR101')));
    assert.deepEqual(ids({ text: document.text, tree }), ids({ text: document.text }));
  });
});

describe('coding cookies: decoded as Python decodes them, or refused with a reason', () => {
  const withCookie = (encoding: string, body: string, encodeAs: BufferEncoding = 'latin1'): Buffer => Buffer.from(`# -*- coding: ${encoding} -*-\n${body}`, encodeAs);

  it('utf-7 (which would turn +AAo- into a line break) is refused, not read as UTF-8', () => {
    const r = decodePythonSource(withCookie('utf-7', 'x = 1  # +AAo-os.system(cmd)\n'));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.reason, /utf-7/);
  });

  it('encodings Python refuses for source, or that cannot be decoded here, are refused', () => {
    for (const encoding of ['utf-16', 'utf-32', 'cp437', 'bogus', 'hz-gb-2312']) {
      const r = decodePythonSource(withCookie(encoding, 'x = 1\n'));
      assert.equal(r.ok, false, encoding);
      assert.equal(r.ok ? false : r.unreadable, true, encoding);
    }
  });

  it('supported encodings decode as Python does', () => {
    const cases: [string, Buffer, string][] = [
      ['latin-1', withCookie('latin-1', 'x = "\u00e9\u0080"\n'), 'x = "\u00e9\u0080"\n'],
      ['cp1252', Buffer.concat([Buffer.from('# coding: cp1252\nx = "'), Buffer.from([0x80]), Buffer.from('"\n')]), 'x = "\u20ac"\n'],
      ['koi8-r', Buffer.concat([Buffer.from('# coding=koi8-r\nx = "'), Buffer.from([0xc1]), Buffer.from('"\n')]), 'x = "\u0430"\n'],
      ['utf_8 on line 2', Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=utf_8 :\nx = "\u00e9"\n'), 'x = "\u00e9"\n'],
    ];
    for (const [name, bytes, tail] of cases) {
      const r = decodePythonSource(bytes);
      assert.ok(r.ok, name);
      assert.ok(r.ok && r.text.endsWith(tail), `${name}: ${JSON.stringify(r.ok && r.text)}`);
    }
  });

  it('a cookie on line 2 counts only after a comment or blank line 1; a BOM with another cookie is refused', () => {
    assert.equal(declaredEncoding(Buffer.from('x = 1\n# coding: latin-1\n')), 'utf-8');
    assert.equal(declaredEncoding(Buffer.from('\n# coding: latin-1\n')), 'latin-1');
    assert.equal(declaredEncoding(Buffer.from('# coding: utf-8-unix\n')), 'utf-8');
    const r = decodePythonSource(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('# coding: latin-1\n')]));
    assert.equal(r.ok, false);
  });
});
