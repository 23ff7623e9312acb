/**
 * `npm run quality`: runs every rule over the real-code corpus (scripts/corpus/fetch.sh), matches
 * the findings with the judged labels (test/quality/labels.jsonl) and prints per-rule precision,
 * confidence calibration and findings per 1,000 lines, then the findings still to judge.
 *
 *   node out/scripts/quality/realCode.js [--write FILE] [--todo FILE] [--per-rule N] [--list N]
 *
 * --write FILE   also write the report (without the to-judge list) to FILE, e.g. docs/quality.md
 * --todo FILE    write label lines (verdict and reason left to fill in) for a sample of
 *                unjudged findings, at most N per rule counting those already judged (--per-rule, 25)
 * --list N       list at most N unjudged findings (default 40)
 *
 * Exit status: 0 when the default rules meet the targets, 1 when they do not, 2 when the corpus
 * is missing (run scripts/corpus/fetch.sh) or the labels file is malformed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { buildRuleSet } from '../../server/src/engine/engine';
import { ALL_CHECKS } from '../../server/src/rules';
import { scan } from '../../server/src/scan/scan';
import { corpusCache, corpusPackages, FETCH_SCRIPT, missingPackages, REFERENCE_PACKAGE, REPO_ROOT, scanRoot, type CorpusPackage } from './corpus';
import { locateFindings } from './locate';
import { formatLabel, LabelError, parseLabels, type Label } from './labels';
import { matchLabels, summarise, tallyRules, targetProblems, type CorpusFinding } from './precision';
import { formatReport, type PackageFigures } from './report';
import { sampleToJudge } from './sample';

const LABELS_FILE = path.join(REPO_ROOT, 'test', 'quality', 'labels.jsonl');

function fail(code: number, message: string): never {
  process.stderr.write(`\nquality: ERROR: ${message}\n\n`);
  process.exit(code);
}

/** Scans one package with every rule; findings located by package-relative path. */
function scanPackage(cache: string, pkg: CorpusPackage, rules: ReturnType<typeof buildRuleSet>, enabled: ReadonlySet<string>): { figures: PackageFigures; findings: CorpusFinding[] } {
  const root = scanRoot(pkg);
  // Paths the rules see are relative to the cache (python3-x/usr/lib/python3/dist-packages/...),
  // so nothing above the package (a cache under /tmp/tests/, say) makes code look like tests.
  const result = scan({ paths: [root], overrides: { select: ['ALL'] }, rules, isolated: true });
  if (result.skipped.length > 0) process.stderr.write(`quality: ${pkg.name}: ${result.skipped.length} files skipped (${result.skipped[0].reason})\n`);
  const findings: CorpusFinding[] = [];
  let defaultFindings = 0;
  for (const report of result.files) {
    if (report.findings.length === 0) continue;
    const relative = path.relative(path.join(cache, root), report.file).split(path.sep).join('/');
    const located = locateFindings(pkg.name, relative, report.lineIndex, report.findings);
    defaultFindings += located.filter((f) => enabled.has(f.rule)).length;
    findings.push(...located);
  }
  return { figures: { pkg, files: result.files.length, lines: result.lines, defaultFindings }, findings };
}

function todoLine(finding: CorpusFinding): string {
  const label = { package: finding.package, path: finding.path, rule: finding.rule, line: finding.line, fingerprint: finding.fingerprint, verdict: '', reason: '' };
  return `${formatLabel(label as unknown as Label)}\t# ${finding.confidence} ${finding.message} | ${finding.statement.trim()}`;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      write: { type: 'string' },
      todo: { type: 'string' },
      'per-rule': { type: 'string', default: '25' },
      list: { type: 'string', default: '40' },
      labels: { type: 'string', default: LABELS_FILE },
    },
  });
  const packages = corpusPackages();
  const cache = corpusCache();
  const missing = missingPackages(cache, packages);
  if (missing.length > 0) {
    fail(2, `the real-code corpus is missing, so precision cannot be measured:\n  ${missing.join('\n  ')}\nFetch it with: ${path.relative(process.cwd(), FETCH_SCRIPT) || FETCH_SCRIPT}`);
  }
  let labels: Label[];
  try {
    labels = parseLabels(fs.existsSync(values.labels) ? fs.readFileSync(values.labels, 'utf8') : '', values.labels);
  } catch (error) {
    if (error instanceof LabelError) fail(2, error.message);
    throw error;
  }
  const rules = buildRuleSet(ALL_CHECKS);
  const enabled = new Set(rules.filter((r) => r.meta.enabled).map((r) => r.meta.id));
  const here = process.cwd();
  process.chdir(cache);
  const scanned = packages.map((pkg) => scanPackage(cache, pkg, rules, enabled));
  process.chdir(here);
  const findings = scanned.flatMap((s) => s.findings);
  const matching = matchLabels(findings, labels);
  const stats = tallyRules(rules.map((r) => ({ id: r.meta.id, enabled: r.meta.enabled })), findings, matching);
  const reference = scanned.find((s) => s.figures.pkg.name === REFERENCE_PACKAGE);
  const summary = summarise(stats, REFERENCE_PACKAGE, reference?.figures.lines ?? 0);
  const problems = targetProblems(stats, summary);
  const report = formatReport(scanned.map((s) => s.figures), stats, summary, problems, labels.length);
  process.stdout.write(report);
  if (values.write) fs.writeFileSync(values.write, report);

  const unjudged = findings.filter((f) => !matching.labelOf.has(f));
  const limit = Number(values.list);
  process.stdout.write(`\n## Unjudged findings (${unjudged.length}${unjudged.length > limit ? `, first ${limit}` : ''})\n\n`);
  for (const f of unjudged.slice(0, limit)) process.stdout.write(`- ${f.rule} ${f.confidence} ${f.package}/${f.path}:${f.line} ${f.message} | ${f.statement.trim()}\n`);
  if (matching.stale.length > 0) process.stdout.write(`\n${matching.stale.length} labels match no current finding (see "gone" above).\n`);
  if (values.todo) {
    const judgedPerRule = new Map<string, number>();
    for (const label of matching.labelOf.values()) judgedPerRule.set(label.rule, (judgedPerRule.get(label.rule) ?? 0) + 1);
    const sample = sampleToJudge(unjudged, Number(values['per-rule']), judgedPerRule);
    fs.writeFileSync(values.todo, sample.map(todoLine).join('\n') + '\n');
    process.stdout.write(`\nWrote ${sample.length} findings to judge to ${values.todo}\n`);
  }
  if (problems.length > 0) {
    process.stderr.write(`\nquality: the default rules miss ${problems.length} target(s):\n  ${problems.join('\n  ')}\n`);
    process.exitCode = 1;
  }
}

main();
