import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import { allRules, lint, RULES_DIR } from './helpers';
import { fixturePath, parseExpectations } from './expectations';

/**
 * One runner for every rule: each `rules/DVRnnn*.py` fixture must produce exactly the
 * findings of DVRnnn its `# expect:` comments name, on those lines; findings of other
 * rules are checked only where a line names them.
 */
const implemented = new Set(allRules().map((r) => r.meta.id));
const fixtures = fs
  .readdirSync(RULES_DIR)
  .filter((f) => /^DVR\d{3}(\..+)?\.py$/.test(f))
  .filter((f) => implemented.has(f.slice(0, 6)))
  .sort();

describe('rule fixtures', () => {
  it('every implemented rule has a fixture', () => {
    for (const id of implemented) assert.ok(fixtures.some((f) => f.startsWith(id)), `rules/${id}.py is missing`);
  });

  for (const file of fixtures) {
    const ruleId = file.slice(0, 6);
    it(`${file}`, () => {
      const text = fs.readFileSync(path.join(RULES_DIR, file), 'utf8');
      const expectations = parseExpectations(text);
      const findings = lint(text, fixturePath(text, `neutron/agent/l3/${file}`));
      const lines = new LineIndex(text);
      const found = findings.map((f) => ({ ...f, line: lines.lineOf(f.start) }));
      const describeFinding = (f: (typeof found)[number]): string => `${f.line + 1}: ${f.ruleId} ${f.message}`;

      const expectedOwn = new Set(expectations.filter((e) => e.ruleId === ruleId).map((e) => e.line));
      const unexpected = found.filter((f) => f.ruleId === ruleId && !expectedOwn.has(f.line));
      assert.deepEqual(unexpected.map(describeFinding), [], `${file}: findings on lines without '# expect: ${ruleId}'`);

      const missing = expectations.filter((e) => !found.some((f) => f.ruleId === e.ruleId && f.line === e.line));
      assert.deepEqual(missing.map((e) => `${e.line + 1}: ${e.ruleId}`), [], `${file}: expected findings not reported`);

      for (const e of expectations) {
        const onLine = found.filter((f) => f.ruleId === e.ruleId && f.line === e.line);
        if (e.confidence) {
          assert.ok(onLine.some((f) => f.confidence === e.confidence), `${file}:${e.line + 1}: expected ${e.ruleId} with confidence ${e.confidence}, got ${onLine.map((f) => f.confidence).join(', ')}`);
        }
        if (e.severity) {
          assert.ok(onLine.some((f) => f.severity === e.severity), `${file}:${e.line + 1}: expected ${e.ruleId} with severity ${e.severity}, got ${onLine.map((f) => f.severity).join(', ')}`);
        }
      }
      if (file === `${ruleId}.py`) assert.ok(expectedOwn.size >= 3, `${file}: a fixture needs at least three positive cases`);
    });
  }
});
