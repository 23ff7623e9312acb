import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { pathToFileURL } from 'url';
import { cweUrl } from '../engine/catalogue';
import type { LineIndex, PositionEncoding } from '../engine/lineIndex';
import type { Finding, Level, RuleMeta, Span } from '../engine/types';

export const SOURCE = 'dvr-hints';

const BY_SEVERITY: Record<Level, DiagnosticSeverity> = {
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/** high: Error, medium: Warning, low: Information; a low-confidence finding one step lower. */
export function diagnosticSeverity(severity: Level, confidence: Level): DiagnosticSeverity {
  const base = BY_SEVERITY[severity];
  return confidence === 'low' ? (Math.min(base + 1, DiagnosticSeverity.Hint) as DiagnosticSeverity) : base;
}

export interface DiagnosticData {
  ruleId: string;
  severity: Level;
  confidence: Level;
}

export function toRange(span: Span, lines: LineIndex, encoding: PositionEncoding) {
  return { start: lines.positionAt(span.start, encoding), end: lines.positionAt(span.end, encoding) };
}

export function toDiagnostic(finding: Finding, meta: RuleMeta, uri: string, lines: LineIndex, encoding: PositionEncoding): Diagnostic {
  const related: DiagnosticRelatedInformation[] = finding.related.map((r) => ({
    // A step in another module (taint across modules) is placed in its own file, by line and UTF-16 column.
    location: r.elsewhere ? { uri: pathToFileURL(r.elsewhere.path).toString(), range: { start: r.elsewhere.start, end: r.elsewhere.end } } : { uri, range: toRange(r, lines, encoding) },
    message: r.message,
  }));
  const data: DiagnosticData = { ruleId: finding.ruleId, severity: finding.severity, confidence: finding.confidence };
  return {
    range: toRange(finding, lines, encoding),
    severity: diagnosticSeverity(finding.severity, finding.confidence),
    code: finding.ruleId,
    codeDescription: { href: cweUrl(meta.cwe[0]) },
    source: SOURCE,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}
