import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyse, type AnalysisResult } from '../src/engine/engine';
import { IncrementalAnalysis } from '../src/engine/incremental';
import { LineIndex } from '../src/engine/lineIndex';
import { parsePython } from '../src/engine/parser';
import { PointIndex } from '../src/engine/points';
import { OpenDocument, type RangeChange } from '../src/lsp/document';
import { ALL_SELECTED, allRules, RULES_DIR } from './helpers';
// Small deterministic generator (mulberry32), so a failure can be replayed from its seed.
import { random } from '../../scripts/bench/stats';

/**
 * The incremental analysis must give exactly what a fresh full analysis gives. Random
 * edits over every fixture, checked after each analysis against `analyse()` on a new parse.
 */

/** Insertions that change structure, suppressions, imports and rule triggers, besides plain typing. */
const INSERTIONS = ['x', ' ', '\n', ':', '(', ')', '"', "'", '#', '    ', 'e', '.', ',', '\n    pass\n', 'import six as s\n', 's.moves', 'six', '  # dvr-hints: ignore', '# dvr-hints: ignore[DVR101]\n', '  # noqa: S605', '  # nosec', 'except Exception:\n    pass\n', 'os.system(cmd)', '"""', '\r\n', 'é'];

/** An LSP position cannot point between the two characters of a CRLF line break: such an offset moves before the \r. */
function notInsideCrlf(text: string, offset: number): number {
  return offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n' ? offset - 1 : offset;
}

function randomChange(text: string, next: () => number): { start: number; end: number; newText: string } {
  const start = notInsideCrlf(text, Math.floor(next() * (text.length + 1)));
  const roll = next();
  if (roll < 0.55) return { start, end: start, newText: INSERTIONS[Math.floor(next() * INSERTIONS.length)] };
  const end = Math.max(start, notInsideCrlf(text, Math.min(text.length, start + 1 + Math.floor(next() * 6))));
  if (roll < 0.85) return { start, end, newText: '' };
  return { start, end, newText: INSERTIONS[Math.floor(next() * INSERTIONS.length)] };
}

function comparable(result: AnalysisResult): unknown {
  return { findings: result.findings, suppressed: result.suppressed, syntaxErrors: result.syntaxErrors };
}

const fixtures = fs
  .readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.py'))
  .sort();

describe('incremental analysis', () => {
  it('matches a full analysis after every random edit, over every fixture', () => {
    let incremental = 0;
    let analyses = 0;
    let treesRecoveredDifferently = 0;
    for (const name of fixtures) {
      // Seeded by the fixture's name, so adding a fixture does not change the edits of the others.
      const seed = 1000 + ([...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 0) % 100_000);
      const next = random(seed);
      const filePath = `neutron/agent/${name}`;
      const document = new OpenDocument(`file:///${name}`, 1, fs.readFileSync(path.join(RULES_DIR, name), 'utf8'), 'python');
      const analysis = new IncrementalAnalysis();
      const run = (): void => {
        const tree = document.currentTree();
        const got = analysis.analyse({ path: filePath, text: document.text, tree, lineIndex: document.lineIndex }, document.takeChanges(), allRules(), ALL_SELECTED);
        const freshTree = parsePython(document.text);
        // tree-sitter's error recovery can build a broken file's tree differently when it re-parses
        // incrementally; the analysis must then match a full analysis of the tree it was given.
        const sameTree = tree.rootNode.toString() === freshTree.rootNode.toString();
        if (!sameTree) treesRecoveredDifferently++;
        const expected = analyse({ path: filePath, text: document.text, tree: sameTree ? freshTree : tree }, allRules(), ALL_SELECTED);
        analyses++;
        if (analysis.stats.mode === 'incremental') incremental++;
        const where = `${name} (seed ${seed}) at version ${document.version}, ${analysis.stats.mode}`;
        assert.deepEqual(comparable(got), comparable(expected), `incremental result differs from a full analysis: ${where}`);
        // The edited tree must be the tree a fresh parse gives: the edit positions were right.
        if (!freshTree.rootNode.hasError) assert.ok(sameTree, `edited tree differs from a fresh parse: ${where}`);
        // The point index carried along edit by edit must agree with one built from the text.
        const fresh = new PointIndex(document.text);
        for (const offset of [0, Math.floor(document.text.length / 2), document.text.length]) {
          assert.deepEqual(document.pointIndex.pointAt(offset), fresh.pointAt(offset), `point of ${offset}: ${where}`);
        }
      };
      run();
      for (let step = 0; step < 30; step++) {
        // Sometimes several changes in one notification, sometimes several notifications before one analysis.
        const notifications = next() < 0.2 ? 2 : 1;
        for (let k = 0; k < notifications; k++) {
          const changes: RangeChange[] = [];
          const count = next() < 0.2 ? 3 : 1;
          let text = document.text;
          for (let c = 0; c < count; c++) {
            // Later changes in one notification are relative to the text after the earlier ones.
            const change = randomChange(text, next);
            const lines = new LineIndex(text);
            changes.push({ range: { start: lines.positionAt(change.start), end: lines.positionAt(change.end) }, text: change.newText });
            text = text.slice(0, change.start) + change.newText + text.slice(change.end);
          }
          document.applyChanges(changes, document.version + 1, 'utf-16');
          assert.equal(document.text, text);
        }
        run();
      }
    }
    // Only the first analysis of each fixture needs to be full.
    assert.ok(incremental > analyses / 2, `only ${incremental} of ${analyses} analyses were incremental`);
    // Updates that fell back to a full analysis (which then builds scopes at once, not lazily) were compared too.
    assert.ok(analyses - incremental > fixtures.length, `no update fell back to a full analysis (${analyses - incremental} full of ${analyses})`);
    assert.ok(treesRecoveredDifferently < analyses / 20, `${treesRecoveredDifferently} of ${analyses} edited trees differ from a fresh parse`);
  });

  it('re-checks a module-level template when an edit inside a function makes the module write HTML (DVR108)', () => {
    // Whether a module-level jinja2.Environment() renders HTML depends on the whole file's text.
    const text = 'import jinja2\n\nENV = jinja2.Environment()\n\n\ndef page():\n    return "body"\n';
    const document = new OpenDocument('file:///pages.py', 1, text, 'python');
    const analysis = new IncrementalAnalysis();
    const run = (): string[] =>
      analysis.analyse({ path: 'pages.py', text: document.text, tree: document.currentTree() }, document.takeChanges(), allRules(), ALL_SELECTED).findings.map((f) => f.ruleId);
    assert.deepEqual(run(), []);
    // "body" becomes "<div>body": the module now writes HTML.
    document.applyChanges([{ range: { start: { line: 6, character: 12 }, end: { line: 6, character: 12 } }, text: '<div>' }], 2, 'utf-16');
    assert.deepEqual(run(), ['DVR108']);
    assert.deepEqual(analyse({ path: 'pages.py', text: document.text }, allRules(), ALL_SELECTED).findings.map((f) => f.ruleId), ['DVR108']);
  });

  it('re-checks a unit that read the whole file after an edit elsewhere (DVR501, readsWholeFile)', () => {
    const check = (text: string, edit: RangeChange, before: string, after: string): void => {
      const document = new OpenDocument('file:///svc/state.py', 1, text, 'python');
      const analysis = new IncrementalAnalysis();
      const run = (): string[] =>
        analysis
          .analyse({ path: 'svc/state.py', text: document.text, tree: document.currentTree() }, document.takeChanges(), allRules(), ALL_SELECTED)
          .findings.filter((f) => f.ruleId === 'DVR501')
          .map((f) => JSON.stringify([f.message, f.fixes.map((x) => x.edits.map((e) => e.newText))]));
      const full = (): string[] =>
        analyse({ path: 'svc/state.py', text: document.text }, allRules(), ALL_SELECTED)
          .findings.filter((f) => f.ruleId === 'DVR501')
          .map((f) => JSON.stringify([f.message, f.fixes.map((x) => x.edits.map((e) => e.newText))]));
      assert.deepEqual(run(), full());
      assert.match(run().join(), new RegExp(before));
      document.applyChanges([edit], 2, 'utf-16');
      const edited = run();
      assert.equal(analysis.stats.mode, 'incremental');
      assert.deepEqual(edited, full());
      assert.doesNotMatch(edited.join(), new RegExp(before));
      if (after) assert.match(edited.join(), new RegExp(after));
    };
    // A module-level handle is judged on the whole module: g() closing it settles the finding.
    const at = (line: number, character: number): RangeChange['range'] => ({ start: { line, character }, end: { line, character: character + 4 } });
    check("fh = open('state')\n\n\ndef g():\n    pass\n", { range: at(4, 4), text: 'fh.close()' }, 'never closed', '');
    // The with-block fix indents by the file's step: a function indented by two spaces elsewhere changes it.
    check("import json\n\n\ndef other():\n    pass\n\n\ndef load(p):\n    return json.load(open(p))\n", { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 2 } }, text: '' }, 'as f:\\\\n        ', 'as f:\\\\n      ');
  });

  it('re-checks other statements when an import changes what a name means', () => {
    const text = 'import six as s\n\n\ndef f():\n    return s.moves\n\n\ndef g():\n    return 1\n';
    const document = new OpenDocument('file:///six.py', 1, text, 'python');
    const analysis = new IncrementalAnalysis();
    const run = (): AnalysisResult =>
      analysis.analyse({ path: 'six.py', text: document.text, tree: document.currentTree() }, document.takeChanges(), allRules(), ALL_SELECTED);
    assert.deepEqual(run().findings.map((f) => f.ruleId), ['DVR801', 'DVR801']);
    // `import six as s` becomes `import six as t`: s.moves in f() is no longer six.
    document.applyChanges([{ range: { start: { line: 0, character: 14 }, end: { line: 0, character: 15 } }, text: 't' }], 2, 'utf-16');
    assert.deepEqual(run().findings.map((f) => f.ruleId), ['DVR801']);
    assert.equal(analysis.stats.factsChanged, true);
    // An edit inside g() re-checks g() alone.
    document.applyChanges([{ range: { start: { line: 8, character: 11 }, end: { line: 8, character: 12 } }, text: '2' }], 3, 'utf-16');
    assert.deepEqual(run().findings.map((f) => f.ruleId), ['DVR801']);
    assert.equal(analysis.stats.mode, 'incremental');
    assert.equal(analysis.stats.factsChanged, false);
    assert.equal(analysis.stats.checkedUnits, 1);
  });
});
