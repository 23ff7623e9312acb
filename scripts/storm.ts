import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual, parseArgs } from 'util';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { buildRuleSet, analyse } from '../server/src/engine/engine';
import { findRulesDirectory, loadCatalogue } from '../server/src/engine/catalogue';
import { toLintOptions } from '../server/src/config/resolve';
import { toDiagnostic } from '../server/src/lsp/diagnostics';
import { readEditorSettings } from '../server/src/lsp/settings';
import { uriToPath } from '../server/src/lsp/server';
import { ALL_CHECKS } from '../server/src/rules';
import { LspSession } from '../server/test/lspHarness';
import { Random } from './fuzz/random';
import { randomChanges, type LastChange } from './storm/edits';
import { ShadowDocument } from './storm/shadow';

/**
 * `npm run storm -- [--edits N] [--seed S] [--encoding utf-16|utf-8|both]`
 *
 * Edit storms through the real server (dist/server.js over stdio): bursts of random
 * incremental didChange notifications while a shadow copy of each document is kept.
 * After each burst the server's own copy (dvrHints/debugDocument) must equal the shadow,
 * and the diagnostics it publishes for the latest version must equal a fresh full
 * analysis of the shadow text. Exit status 1 on any difference.
 */

const REPO_ROOT = path.dirname(findRulesDirectory());
const rules = buildRuleSet(ALL_CHECKS);
const catalogue = loadCatalogue();
const options = toLintOptions(readEditorSettings({}, true).config);

interface RunStats {
  edits: number;
  notifications: number;
  bursts: number;
  checks: number;
  cancelled: number;
  seconds: number;
  failures: string[];
}

function expectedDiagnostics(doc: ShadowDocument): Diagnostic[] {
  const result = analyse({ path: uriToPath(doc.uri) ?? doc.uri, text: doc.text }, rules, options);
  return result.findings.map((f) => toDiagnostic(f, catalogue.get(f.ruleId) as never, doc.uri, result.lineIndex, doc.encoding));
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function saveMismatch(out: string, name: string, expected: unknown, actual: unknown): string {
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify({ expected, actual }, null, 1));
  return file;
}

async function storm(encoding: 'utf-8' | 'utf-16', edits: number, seed: number, out: string): Promise<RunStats> {
  const rng = new Random(seed ^ (encoding === 'utf-8' ? 0x5eed : 0));
  const fixtures = fs.readdirSync(path.join(REPO_ROOT, 'rules')).filter((f) => f.endsWith('.py')).sort();
  const pastes = fixtures.map((f) => fs.readFileSync(path.join(REPO_ROOT, 'rules', f), 'utf8'));
  const stats: RunStats = { edits: 0, notifications: 0, bursts: 0, checks: 0, cancelled: 0, seconds: 0, failures: [] };
  const started = Date.now();
  const session = await LspSession.start({ encoding, debug: true });
  try {
    if (session.encoding !== encoding) throw new Error(`the server answered positionEncoding ${session.encoding}, not ${encoding}`);
    const docs = ['neutron/agent/storm_a.py', 'neutron/tests/unit/test_storm_b.py'].map((p, i) => new ShadowDocument(`file:///dvr-storm/${p}`, pastes[(i * 7) % pastes.length], encoding));
    for (const doc of docs) await session.open(doc.uri, doc.text, doc.version);
    let last: LastChange | undefined;
    while (stats.edits < edits && stats.failures.length === 0) {
      const burst = rng.between(1, 30);
      for (let n = 0; n < burst && stats.edits < edits; n++) {
        const doc = rng.pick(docs);
        const { changes, last: next } = randomChanges(doc, rng, rng.pick(pastes), last);
        last = next;
        await session.change(doc.uri, doc.version, changes);
        stats.edits += changes.length;
        stats.notifications++;
      }
      stats.bursts++;
      for (const doc of docs) {
        const where = `${encoding} burst ${stats.bursts} ${doc.uri} v${doc.version}`;
        const copy = await session.debugDocument(doc.uri);
        if (!copy || copy.version !== doc.version || copy.text !== doc.text) {
          const at = copy ? firstDifference(copy.text, doc.text) : 0;
          const file = saveMismatch(out, `seed${seed}-${encoding}-burst${stats.bursts}-text`, { version: doc.version, text: doc.text }, copy);
          stats.failures.push(`${where}: the server's text differs (server v${copy?.version}, first difference at offset ${at}); saved ${file}`);
          break;
        }
        stats.cancelled = copy.cancelledAnalyses;
        const published = await session.waitForDiagnostics(doc.uri, doc.version);
        const list = session.diagnostics.get(doc.uri) ?? [];
        const versions = list.map((p) => p.version ?? -1);
        if (versions.some((v, i) => i > 0 && v < versions[i - 1])) stats.failures.push(`${where}: diagnostics published out of order (versions ${versions.slice(-10).join(', ')})`);
        const expected = expectedDiagnostics(doc);
        if (!isDeepStrictEqual(JSON.parse(JSON.stringify(published.diagnostics)), JSON.parse(JSON.stringify(expected)))) {
          const file = saveMismatch(out, `seed${seed}-${encoding}-burst${stats.bursts}-diagnostics`, { text: doc.text, diagnostics: expected }, published.diagnostics);
          stats.failures.push(`${where}: published ${published.diagnostics.length} diagnostics, a fresh analysis gives ${expected.length}; saved ${file}`);
          break;
        }
        stats.checks++;
      }
    }
  } finally {
    await session.stop();
  }
  stats.seconds = (Date.now() - started) / 1000;
  return stats;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      edits: { type: 'string', default: '2000' },
      seed: { type: 'string' },
      encoding: { type: 'string', default: 'both' },
      out: { type: 'string', default: path.join(REPO_ROOT, 'test-output', 'storm') },
    },
  });
  const edits = Number(values.edits);
  const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const encodings = values.encoding === 'both' ? (['utf-16', 'utf-8'] as const) : ([values.encoding] as ['utf-8' | 'utf-16']);
  if (!Number.isInteger(edits) || edits < 1 || !Number.isFinite(seed) || !encodings.every((e) => e === 'utf-8' || e === 'utf-16')) {
    console.error('storm: usage: --edits N --seed S --encoding utf-16|utf-8|both');
    return 2;
  }
  console.log(`storm: seed ${seed}, ${edits} edits over ${encodings.join(' and ')} (reproduce with --seed ${seed})`);
  let passed = 0;
  let failed = 0;
  for (const encoding of encodings) {
    const share = Math.ceil(edits / encodings.length);
    const stats = await storm(encoding, share, seed, values.out as string);
    console.log(
      `storm: ${encoding}: ${stats.edits} edits in ${stats.notifications} didChange notifications, ${stats.bursts} bursts, ` +
        `${stats.checks} text+diagnostics checks, ${stats.cancelled} analyses cancelled by newer versions, ${stats.seconds.toFixed(1)} s`,
    );
    for (const f of stats.failures) console.log(`FAIL ${f}`);
    passed += stats.checks;
    failed += stats.failures.length;
  }
  console.log(`storm: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

void main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`storm: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
