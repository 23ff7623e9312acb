import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type * as Sarif from 'sarif';
import { cweUrl } from '../engine/catalogue';
import { CWE_NAMES } from '../engine/cweNames';
import type { Finding, Level, RelatedLocation, RuleMeta } from '../engine/types';
import type { BaselineEntry } from '../baseline/baselineFile';
import type { FileMarks } from '../baseline/compare';
import type { FileReport, ScanResult } from '../scan/scan';

export const INFORMATION_URI = 'https://github.com/dvr-hints/dvr-security-hints';

const LEVEL: Record<Level, Sarif.ReportingConfiguration.level> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Level, string> = { high: '8.0', medium: '5.5', low: '3.0' };

/** The CWE taxonomy the rules point into (SARIF `taxonomies`); the rules' help is their own bundled documentation. */
const CWE_TAXONOMY = 'CWE';

function cweTaxonomy(rules: readonly RuleMeta[]): Sarif.ToolComponent {
  const ids = [...new Set(rules.flatMap((r) => r.cwe))].sort((a, b) => a - b);
  return {
    name: CWE_TAXONOMY,
    organization: 'MITRE',
    informationUri: 'https://cwe.mitre.org/',
    isComprehensive: false,
    taxa: ids.map((id) => ({ id: String(id), ...(CWE_NAMES[id] ? { name: CWE_NAMES[id], shortDescription: { text: CWE_NAMES[id] } } : {}), helpUri: cweUrl(id) })),
  };
}

/**
 * A rule as SARIF: its help is the rule's documentation (rules/DVRnnn.md, the text the
 * editor's code link and `dvr-hints explain` show), with no helpUri: a link to a CWE page
 * would stand for the rule's docs. CWEs are taxonomy references (`relationships`) and tags.
 */
function sarifRule(rule: RuleMeta): Sarif.ReportingDescriptor {
  const cweLinks = rule.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`).join(', ');
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.whatItDoes },
    help: {
      text: `${rule.docs.whatItDoes}\n\nWhy: ${rule.docs.whyIsThisBad}\n\nFix: ${rule.docs.fix}`,
      markdown: `${rule.docs.markdown}\n\n${cweLinks}`,
    },
    relationships: rule.cwe.map((c) => ({ target: { id: String(c), toolComponent: { name: CWE_TAXONOMY } }, kinds: ['superset'] })),
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: rule.enabled },
    properties: {
      tags: ['security', ...rule.cwe.map((c) => `CWE-${c}`), ...rule.bandit.map((b) => `bandit:${b}`), ...rule.ruff.map((r) => `ruff:${r}`)],
      precision: rule.confidence,
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      confidence: rule.confidence,
    },
  };
}

function artifactUri(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, path.resolve(file));
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(path.resolve(file)).href };
}

function region(report: FileReport, start: number, end: number): Sarif.Region {
  const s = report.lineIndex.positionAt(start);
  const e = report.lineIndex.positionAt(end);
  return { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, charOffset: start, charLength: end - start };
}

function elsewhereRegion(r: RelatedLocation): Sarif.Region {
  const place = r.elsewhere as NonNullable<RelatedLocation['elsewhere']>;
  return {
    startLine: place.start.line + 1,
    startColumn: place.start.character + 1,
    endLine: place.end.line + 1,
    endColumn: place.end.character + 1,
    charOffset: r.start,
    charLength: r.end - r.start,
  };
}

/** A fingerprint that survives unrelated edits: rule, file, the finding's line text, and its occurrence. */
function fingerprint(finding: Finding, report: FileReport, occurrences: Map<string, number>, fileUri: string): string {
  const lineText = report.lineIndex.lineText(report.lineIndex.lineOf(finding.start)).trim();
  const base = `${finding.ruleId}\0${fileUri}\0${lineText}`;
  const n = occurrences.get(base) ?? 0;
  occurrences.set(base, n + 1);
  return `${createHash('sha256').update(`${base}\0${n}`).digest('hex').slice(0, 32)}:${n + 1}`;
}

/** A scan compared with a baseline: every finding's fingerprint and state, and the entries no longer found. */
export interface SarifBaseline {
  marks: ReadonlyMap<string, FileMarks>;
  absent: readonly BaselineEntry[];
  /** The baseline's folder (entries' paths are relative to it). */
  root: string;
}

/** A baselined finding that no longer occurs: SARIF's `baselineState: absent`, located at its file. */
function absentResult(entry: BaselineEntry, ruleIndex: ReadonlyMap<string, number>, rules: readonly RuleMeta[], root: string, baselineRoot: string): Sarif.Result {
  const rule = rules[ruleIndex.get(entry.rule) ?? -1];
  return {
    ruleId: entry.rule,
    ...(rule ? { ruleIndex: ruleIndex.get(entry.rule), level: LEVEL[rule.severity] } : {}),
    message: { text: `No longer found (baselined${entry.reason ? `: ${entry.reason}` : ''}): ${entry.statement}` },
    locations: [{ physicalLocation: { artifactLocation: artifactUri(path.join(baselineRoot, entry.file), root) } }],
    fingerprints: { [FINGERPRINT_KEY]: entry.fingerprint },
    baselineState: 'absent',
  };
}

/** The key of the baseline fingerprint in SARIF `fingerprints`. */
export const FINGERPRINT_KEY = 'dvr-hints/v1';

export function toSarif(result: ScanResult, rules: readonly RuleMeta[], version: string, root: string = process.cwd(), baseline?: SarifBaseline): Sarif.Log {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results: Sarif.Result[] = [];
  for (const report of result.files) {
    const artifact = artifactUri(report.file, root);
    const occurrences = new Map<string, number>();
    const marks = baseline?.marks.get(report.file);
    for (const [i, f] of report.findings.entries()) {
      const physical = (start: number, end: number): Sarif.PhysicalLocation => ({ artifactLocation: artifact, region: region(report, start, end) });
      // A step in another module (taint across modules) is placed in its own file.
      const relatedPhysical = (r: RelatedLocation): Sarif.PhysicalLocation =>
        r.elsewhere ? { artifactLocation: artifactUri(r.elsewhere.path, root), region: elsewhereRegion(r) } : physical(r.start, r.end);
      const sarifResult: Sarif.Result = {
        ruleId: f.ruleId,
        ruleIndex: ruleIndex.get(f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: physical(f.start, f.end) }],
        partialFingerprints: { primaryLocationLineHash: fingerprint(f, report, occurrences, artifact.uri) },
        properties: { severity: f.severity, confidence: f.confidence },
      };
      if (f.related.length > 0) {
        sarifResult.relatedLocations = f.related.map((r, i) => ({ id: i + 1, physicalLocation: relatedPhysical(r), message: { text: r.message } }));
        sarifResult.codeFlows = [
          {
            threadFlows: [
              {
                locations: f.related.map((r, i) => ({
                  location: { physicalLocation: relatedPhysical(r), message: { text: r.message } },
                  executionOrder: i + 1,
                })),
              },
            ],
          },
        ];
      }
      if (f.fixes.length > 0) {
        sarifResult.fixes = f.fixes.map((fix) => ({
          description: { text: fix.title },
          artifactChanges: [
            {
              artifactLocation: artifact,
              // Line/column and offsets both, in document order, all relative to the unfixed file; an empty region is an insertion point.
              replacements: [...fix.edits].sort((a, b) => a.start - b.start).map((e) => ({ deletedRegion: region(report, e.start, e.end), insertedContent: { text: e.newText } })),
            },
          ],
          properties: { applicability: fix.applicability },
        }));
      }
      if (marks) {
        sarifResult.fingerprints = { [FINGERPRINT_KEY]: marks.fingerprints[i].fingerprint };
        sarifResult.baselineState = marks.states[i];
      }
      results.push(sarifResult);
    }
  }
  for (const entry of baseline?.absent ?? []) results.push(absentResult(entry, ruleIndex, rules, root, baseline?.root ?? root));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'dvr-hints', fullName: 'DVR Security Hints', version, semanticVersion: version, informationUri: INFORMATION_URI, rules: rules.map(sarifRule) } },
        taxonomies: [cweTaxonomy(rules)],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(root + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: result.skipped.map((s) => ({ level: 'note' as const, message: { text: `${s.file}: ${s.reason}` } })) }],
      },
    ],
  };
}
