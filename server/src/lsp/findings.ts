import type { Connection } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/engine';
import type { PositionEncoding } from '../engine/lineIndex';
import type { RuleMeta } from '../engine/types';
import { toRange } from './diagnostics';
import { AllFindingsRequest, FindingsNotification, type FileFindings, type FindingItem } from './protocol';
import type { DvrHintsServer } from './server';

/** A file's findings in the shape the findings view shows. */
export function toFindingItems(result: AnalysisResult, catalogue: ReadonlyMap<string, RuleMeta>, encoding: PositionEncoding): FindingItem[] {
  return result.findings.map((finding) => {
    const meta = catalogue.get(finding.ruleId);
    return {
      range: toRange(finding, result.lineIndex, encoding),
      ruleId: finding.ruleId,
      name: meta?.name ?? finding.ruleId,
      title: meta?.title ?? '',
      severity: finding.severity,
      confidence: finding.confidence,
      cwe: meta?.cwe ?? [],
      message: finding.message,
      fixable: finding.fixes.length > 0,
    };
  });
}

/**
 * Keeps every file's current findings and tells the client about each change
 * (`dvrHints/findings`); `dvrHints/allFindings` answers with all of them at once.
 */
export function registerFindings(connection: Connection, server: DvrHintsServer): void {
  const current = new Map<string, FileFindings>();
  server.hooks.published.push(({ uri, version, origin, result }) => {
    const findings = result ? toFindingItems(result, server.catalogue, server.encoding) : [];
    const file: FileFindings = { uri, ...(version !== undefined ? { version } : {}), origin, findings };
    const previous = current.get(uri);
    // Most edits leave the findings as they were: the view need not hear about those.
    const unchanged = previous ? previous.origin === origin && JSON.stringify(previous.findings) === JSON.stringify(findings) : findings.length === 0;
    if (findings.length > 0) current.set(uri, file);
    else current.delete(uri);
    if (!unchanged) void connection.sendNotification(FindingsNotification, file);
  });
  connection.onRequest(AllFindingsRequest, () => [...current.values()]);
}
