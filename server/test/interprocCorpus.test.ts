import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { LineIndex } from '../src/engine/lineIndex';
import type { Finding } from '../src/engine/types';
import { scan } from '../src/scan/scan';
import { ALL_SELECTED, allRules, lint, REPO_ROOT } from './helpers';

/**
 * The labelled taint corpus (test/corpus/taint/, issue 11's "done when"): realistic tools,
 * agents and controllers under the default threat models, in four categories by name:
 *
 * - `direct_*`: a source reaches a sink in the same function (or at module level);
 * - `helpers_*`: the value reaches the sink through one or more helpers of the module;
 * - `modules_*` (folders, scanned as a workspace): through another module's functions;
 * - `safe_*`: look-alikes in the shapes of OpenStack code that must not be reported.
 *
 * Labels, on the line where the finding is (for a path: the call where the value enters):
 * `# expect: DVRnnn` must be reported, `# ok: DVRnnn` must not, `# miss: DVRnnn` is a
 * known miss (counted against recall, not asserted). A safe file without labels is one
 * case; nothing in a safe file may be reported. A finding on an unlabelled line of any file
 * that claims an untrusted value is a false positive. Every label is asserted; the
 * figures per category are printed.
 */

const CORPUS = path.join(REPO_ROOT, 'test', 'corpus', 'taint');
const TAINT_RULES = new Set(['DVR101', 'DVR102', 'DVR104', 'DVR702']);
const CATEGORIES = ['direct', 'helpers', 'modules', 'safe'] as const;
type Category = (typeof CATEGORIES)[number];

type LabelKind = 'expect' | 'ok' | 'miss';
interface Label {
  kind: LabelKind;
  ruleId: string;
  /** 0-based. */
  line: number;
}

const LABEL = /#\s*(expect|ok|miss):\s*(DVR\d{3}(?:\s*,\s*DVR\d{3})*)/;

function parseLabels(text: string): Label[] {
  const labels: Label[] = [];
  text.split(/\r\n|\r|\n/).forEach((lineText, line) => {
    const m = LABEL.exec(lineText);
    if (!m) return;
    for (const ruleId of m[2].split(',').map((s) => s.trim())) labels.push({ kind: m[1] as LabelKind, ruleId, line });
  });
  return labels;
}

/**
 * A finding that says an untrusted value reaches the sink: any DVR102/DVR104/DVR702 finding above
 * low confidence (they report sources only), DVR101 at high severity. DVR101 at medium
 * severity on a helper's own non-constant shell command, and constant commands (low
 * confidence), are the rule's shell-hygiene levels, not a taint claim.
 */
function claimsUntrustedValue(f: Finding): boolean {
  return f.confidence !== 'low' && (f.ruleId !== 'DVR101' || f.severity === 'high');
}

interface Figures {
  cases: number;
  expected: number;
  found: number;
  missed: string[];
  knownMisses: string[];
  falsePositives: string[];
}

const emptyFigures = (): Figures => ({ cases: 0, expected: 0, found: 0, missed: [], knownMisses: [], falsePositives: [] });

function score(figures: Figures, category: Category, name: string, text: string, findings: readonly Finding[]): void {
  const lines = new LineIndex(text);
  const labels = parseLabels(text).filter((l) => TAINT_RULES.has(l.ruleId));
  const claims = findings.filter((f) => TAINT_RULES.has(f.ruleId) && claimsUntrustedValue(f));
  const reported = (ruleId: string, line: number): boolean => claims.some((f) => f.ruleId === ruleId && lines.lineOf(f.start) === line);
  // A module of helpers (in a `modules_*` folder) without labels is not a case of its own.
  figures.cases += labels.length > 0 ? labels.length : category === 'safe' ? 1 : 0;
  for (const label of labels) {
    const where = `${name}:${label.line + 1} ${label.ruleId}`;
    if (label.kind === 'ok') {
      if (reported(label.ruleId, label.line)) figures.falsePositives.push(where);
      continue;
    }
    figures.expected++;
    if (reported(label.ruleId, label.line)) figures.found++;
    else (label.kind === 'miss' ? figures.knownMisses : figures.missed).push(where);
  }
  for (const f of claims) {
    const line = lines.lineOf(f.start);
    if (category !== 'safe' && labels.some((l) => l.ruleId === f.ruleId && l.line === line)) continue;
    if (labels.some((l) => l.kind === 'ok' && l.ruleId === f.ruleId && l.line === line)) continue;
    figures.falsePositives.push(`${name}:${line + 1} ${f.ruleId}(${f.severity}/${f.confidence})`);
  }
}

function categoryOf(name: string): Category | undefined {
  return CATEGORIES.find((c) => name.startsWith(`${c}_`));
}

function runCorpus(): Map<Category, Figures> {
  const byCategory = new Map<Category, Figures>(CATEGORIES.map((c) => [c, emptyFigures()]));
  for (const entry of fs.readdirSync(CORPUS, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const category = categoryOf(entry.name);
    assert.ok(category, `${entry.name}: a corpus entry's name starts with its category (${CATEGORIES.join(', ')})`);
    const figures = byCategory.get(category)!;
    const full = path.join(CORPUS, entry.name);
    if (entry.isDirectory()) {
      // Scanned from a copy outside the repository, so its root is the folder (not `test/`, which is test code).
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-taint-corpus-'));
      try {
        fs.cpSync(full, copy, { recursive: true });
        const result = scan({ paths: [copy], overrides: { select: ['ALL'] }, rules: allRules(), isolated: true, jobs: 0 });
        for (const report of result.files) score(figures, category, `${entry.name}/${path.basename(report.file)}`, report.text, report.findings);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    } else if (entry.name.endsWith('.py')) {
      const text = fs.readFileSync(full, 'utf8');
      score(figures, category, entry.name, text, lint(text, `tools/${entry.name}`, ALL_SELECTED));
    }
  }
  return byCategory;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${Math.round((100 * part) / whole)}%`;
}

describe('taint corpus (direct, through helpers, across modules, safe look-alikes)', () => {
  const byCategory = runCorpus();
  const all = [...byCategory.values()];
  const total = (pick: (f: Figures) => number): number => all.reduce((sum, f) => sum + pick(f), 0);

  it('prints recall and false positives per category', (t) => {
    for (const [category, f] of byCategory) {
      t.diagnostic(
        `${category.padEnd(8)} ${String(f.cases).padStart(3)} cases, recall ${f.found}/${f.expected} (${percent(f.found, f.expected)}), ` +
          `${f.falsePositives.length} false positives${f.knownMisses.length > 0 ? `, known misses: ${f.knownMisses.join(', ')}` : ''}`,
      );
    }
    t.diagnostic(`all      ${total((f) => f.cases)} cases, recall ${total((f) => f.found)}/${total((f) => f.expected)}, ${total((f) => f.falsePositives.length)} false positives`);
  });

  it('has the cases issue 11 asks for', () => {
    const cases = total((f) => f.cases);
    const paths = byCategory.get('helpers')!.expected + byCategory.get('modules')!.expected;
    const safe = byCategory.get('safe')!.cases;
    assert.ok(cases >= 40, `${cases} cases, fewer than 40`);
    assert.ok(paths >= 10, `${paths} paths through helpers or modules, fewer than 10`);
    assert.ok(safe >= 10, `${safe} safe look-alikes, fewer than 10`);
  });

  it('reports every expected finding', () => {
    assert.deepEqual(all.flatMap((f) => f.missed), []);
  });

  it('reports nothing on the safe look-alikes and unlabelled lines', () => {
    assert.deepEqual(all.flatMap((f) => f.falsePositives), []);
  });
});
