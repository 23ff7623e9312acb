import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { findRulesDirectory } from '../engine/catalogue';
import type { LineIndex, PositionEncoding } from '../engine/lineIndex';
import type { Finding, Level, RuleMeta, Span } from '../engine/types';
import { editorLevel, type EditorLevel } from './levels';

export const SOURCE = 'dvr-hints';

const BY_LEVEL: Record<EditorLevel, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

/** The shared mapping (levels.ts): high Error, medium Warning, low Information; low confidence one step lower, never a Hint. */
export function diagnosticSeverity(severity: Level, confidence: Level): DiagnosticSeverity {
  return BY_LEVEL[editorLevel(severity, confidence)];
}

let rulesDirectory: string | undefined;

/**
 * The rule's documentation shipped with the extension (`rules/DVRnnn.md` beside the
 * bundle, in the VSIX too), as a file URI: the Problems panel and the hover open it.
 */
export function ruleDocsHref(ruleId: string): string {
  rulesDirectory ??= findRulesDirectory();
  return pathToFileURL(path.join(rulesDirectory, `${ruleId}.md`)).href;
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
    codeDescription: { href: ruleDocsHref(meta.id) },
    source: SOURCE,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data,
  };
}
