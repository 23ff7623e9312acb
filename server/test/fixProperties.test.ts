import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { analyse } from '../src/engine/engine';
import { LineIndex } from '../src/engine/lineIndex';
import { parsePython } from '../src/engine/parser';
import type { Finding, TextEdit, Tree } from '../src/engine/types';
import { applyEdits } from '../src/fixes/edits';
import { fixAll, type FixAllResult } from '../src/fixes/fixAll';
import { suppressInFile, suppressOnLine } from '../src/fixes/suppress';
import { syntaxProblems } from '../src/fixes/syntaxCheck';
import { fixturePath } from './expectations';
import { allRules, ALL_SELECTED, REPO_ROOT, RULES_DIR } from './helpers';

/**
 * Properties every fix must keep, checked on every rule fixture and every example file,
 * so that fixes rules attach later are held to them too.
 */

function pythonFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

const corpus: { label: string; file: string; analysedAs: (text: string) => string }[] = [
  ...fs
    .readdirSync(RULES_DIR)
    .filter((f) => f.endsWith('.py'))
    .sort()
    .map((f) => ({ label: `rules/${f}`, file: path.join(RULES_DIR, f), analysedAs: (text: string) => fixturePath(text, `neutron/agent/l3/${f}`) })),
  ...pythonFilesUnder(path.join(REPO_ROOT, 'examples')).map((file) => {
    const relative = path.relative(REPO_ROOT, file).split(path.sep).join('/');
    return { label: relative, file, analysedAs: () => relative };
  }),
];

/**
 * Which of `sources` CPython compiles (parse and compile only, nothing runs), or undefined
 * when no python3 is installed: a second opinion on the fixed text next to tree-sitter's.
 */
function pythonCompiles(sources: string[]): boolean[] | undefined {
  const script = 'import json,sys\nout=[]\nfor s in json.load(sys.stdin):\n    try:\n        compile(s, "<fixed>", "exec", dont_inherit=True)\n        out.append(True)\n    except (SyntaxError, ValueError):\n        out.append(False)\nprint(json.dumps(out))\n';
  const run = spawnSync('python3', ['-I', '-c', script], { input: JSON.stringify(sources), encoding: 'utf8', timeout: 60_000 });
  if (run.error || run.status !== 0) return undefined;
  return JSON.parse(run.stdout) as boolean[];
}

function errorNodes(text: string): number {
  return parsePython(text).rootNode.descendantsOfType('ERROR').length;
}

/** Where offset `p` of a round's text lands after the round's edits (sorted, non-overlapping). */
function mapOffset(p: number, edits: readonly TextEdit[], bias: 'left' | 'right'): number {
  let delta = 0;
  for (const e of edits) {
    const inserted = e.newText.length - (e.end - e.start);
    if (e.end < p || (e.end === p && e.start < e.end)) {
      delta += inserted;
    } else if (e.start === p && e.end === p) {
      if (bias === 'right') delta += inserted;
    } else if (e.start <= p && p < e.end) {
      return bias === 'left' ? e.start + delta : e.start + delta + e.newText.length;
    } else {
      break;
    }
  }
  return p + delta;
}

/** The span of the final text that offset `p` of round `from`'s text can have become. */
function track(p: number, result: FixAllResult, from: number): [number, number] {
  let lo = p;
  let hi = p;
  for (const round of result.rounds.slice(from)) {
    // Identical edits shared by several fixes are applied once (edits.ts uniqueEdits), so count them once.
    const edits = [...new Map(round.applied.flatMap((a) => a.edits).map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()].sort((a, b) => a.start - b.start);
    lo = mapOffset(lo, edits, 'left');
    hi = mapOffset(hi, edits, 'right');
  }
  return [lo, hi];
}

const describeFinding = (f: Finding, text: string): string => `${f.ruleId} at line ${new LineIndex(text).lineOf(f.start) + 1}: ${f.message}`;

describe('fix properties over every fixture and example', () => {
  it('has files to check', () => {
    assert.ok(corpus.length >= 20, `only ${corpus.length} files`);
  });

  for (const entry of corpus) {
    const text = fs.readFileSync(entry.file, 'utf8');
    const filePath = entry.analysedAs(text);
    const analyseText = (t: string, tree?: Tree) => analyse({ path: filePath, text: t, tree }, allRules(), ALL_SELECTED);

    it(`${entry.label}: fix-all keeps the file sound`, () => {
      const result = fixAll(text, analyseText);
      assert.deepEqual(result.rejected, [], 'a fix broke the syntax or was malformed');
      assert.ok(result.converged, 'safe fixes still on offer after the last round');
      assert.ok(errorNodes(result.text) <= errorNodes(text), `new ERROR nodes after fix-all:\n${result.text}`);
      assert.ok(syntaxProblems(parsePython(result.text), result.text) <= syntaxProblems(parsePython(text), text), `fix-all broke the structure:\n${result.text}`);
      const compiled = result.text === text ? undefined : pythonCompiles([text, result.text]);
      if (compiled && compiled[0]) assert.ok(compiled[1], `CPython does not compile the fixed text:\n${result.text}`);

      for (const [i, round] of result.rounds.entries()) {
        for (const applied of round.applied) applyEdits(round.before, applied.edits); // throws on a fix overlapping itself
        // Identical edits (e.g. the same `import io` insertion) are shared between fixes and applied once.
        const seen = new Set<string>();
        const edits = round.applied
          .flatMap((a) => a.edits.map((e) => ({ ...e, ruleId: a.ruleId })))
          .filter((e) => {
            const key = `${e.start}:${e.end}:${e.newText}`;
            return !seen.has(key) && !!seen.add(key);
          })
          .sort((a, b) => a.start - b.start || a.end - b.end);
        for (let k = 1; k < edits.length; k++) {
          const [a, b] = [edits[k - 1], edits[k]];
          assert.ok(b.start >= a.end && !(a.start === b.start && a.start === a.end), `round ${i + 1}: ${a.ruleId} and ${b.ruleId} edits overlap at ${b.start}`);
        }
      }

      const final = result.analysis.findings;
      for (const [i, round] of result.rounds.entries()) {
        for (const applied of round.applied) {
          const [lo, hi] = track(applied.finding.start, result, i);
          const still = final.find((f) => f.ruleId === applied.ruleId && f.start >= lo && f.start <= hi);
          assert.equal(still, undefined, `fixed by '${applied.title}' but still there: ${still && describeFinding(still, result.text)}`);
        }
      }
      const original = result.rounds.length > 0 ? analyseText(text).findings : final;
      const origins = original.map((f) => ({ ruleId: f.ruleId, span: track(f.start, result, 0) }));
      for (const f of final) {
        assert.ok(
          origins.some((o) => o.ruleId === f.ruleId && f.start >= o.span[0] && f.start <= o.span[1]),
          `a fix introduced ${describeFinding(f, result.text)}\n${result.text}`,
        );
      }

      const again = fixAll(result.text, analyseText);
      assert.equal(again.text, result.text, 'a second fix-all changed the text');
      assert.equal(again.rounds.length, 0);

      const crlf = text.replace(/\r?\n/g, '\r\n');
      if (crlf !== text) {
        assert.equal(fixAll(crlf, analyseText).text, result.text.replace(/\r?\n/g, '\r\n'), 'fixes differ on the CRLF copy of the file');
      }
    });

    it(`${entry.label}: every suppression is honoured and touches nothing else`, () => {
      const source = { text, tree: parsePython(text), lineIndex: new LineIndex(text) };
      const findings = analyseText(text).findings;
      const errors = errorNodes(text);
      const lineOf = (f: Finding, t: string, lines = new LineIndex(t)): number => lines.lineOf(f.start);
      for (const finding of findings) {
        const line = lineOf(finding, text);
        const others = (list: Finding[], t: string): string[] => {
          const lines = new LineIndex(t);
          return list.filter((f) => f.ruleId !== finding.ruleId).map((f) => `${f.ruleId}:${lines.lineOf(f.start)}:${f.message}`);
        };
        const onLine = suppressOnLine(finding.ruleId, finding, source);
        if (onLine) {
          const after = applyEdits(text, onLine.edits);
          const result = analyseText(after).findings;
          assert.equal(new LineIndex(after).lineCount, new LineIndex(text).lineCount, 'a line suppression added a line');
          assert.ok(!result.some((f) => f.ruleId === finding.ruleId && lineOf(f, after) === line), `${describeFinding(finding, text)} not suppressed by\n${new LineIndex(after).lineText(line)}`);
          assert.deepEqual(others(result, after), others(findings, text));
          assert.ok(errorNodes(after) <= errors);
        }
        const inFile = suppressInFile(finding.ruleId, source);
        assert.ok(inFile, `no file suppression offered for ${describeFinding(finding, text)}`);
        const after = applyEdits(text, inFile.edits);
        const result = analyseText(after).findings;
        assert.ok(!result.some((f) => f.ruleId === finding.ruleId), `${finding.ruleId} not suppressed in the file`);
        const messages = (list: Finding[]): string[] => list.filter((f) => f.ruleId !== finding.ruleId).map((f) => `${f.ruleId}:${f.message}`);
        assert.deepEqual(messages(result), messages(findings));
      }
    });
  }
});
