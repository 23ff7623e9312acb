import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyse } from '../src/engine/engine';
import { scan } from '../src/scan/scan';
import { workerScriptPath } from '../src/scan/pool';
import { ALL_SELECTED, allRules, RULES_DIR } from './helpers';

/**
 * The fast paths must not change results: anchors and prefilters only skip work a rule
 * would not report on, and a scan on worker threads finds what a scan on one thread finds.
 */
describe('fast paths give the same findings', () => {
  it('anchored and prefiltered rules report what they report without anchor and prefilter', () => {
    const plain = allRules().map((rule) => ({ meta: rule.meta, check: { ...rule.check, anchor: undefined, prefilter: undefined } }));
    assert.ok(allRules().some((rule) => rule.check.anchor), 'some rule has an anchor');
    let compared = 0;
    for (const name of fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.py'))) {
      const text = fs.readFileSync(path.join(RULES_DIR, name), 'utf8');
      const fast = analyse({ path: name, text }, allRules(), ALL_SELECTED);
      const slow = analyse({ path: name, text }, plain, ALL_SELECTED);
      assert.deepEqual(fast.findings, slow.findings, name);
      assert.equal(fast.suppressed, slow.suppressed, name);
      compared += fast.findings.length;
    }
    assert.ok(compared > 0);
  });

  it('a scan on worker threads equals a scan on the calling thread', () => {
    assert.ok(workerScriptPath(), 'the compiled worker script sits beside pool.js');
    const request = { paths: [RULES_DIR], overrides: { select: ['ALL'] }, rules: allRules(), isolated: true };
    const serial = scan({ ...request, jobs: 0 });
    const parallel = scan({ ...request, jobs: 2 });
    assert.ok(serial.files.length > 10);
    assert.deepEqual(
      parallel.files.map((f) => ({ file: f.file, findings: f.findings, lines: f.lineIndex.lineCount })),
      serial.files.map((f) => ({ file: f.file, findings: f.findings, lines: f.lineIndex.lineCount })),
    );
    assert.equal(parallel.lines, serial.lines);
    assert.deepEqual(parallel.skipped, serial.skipped);
  });
});
