import { MarkupKind, type Connection, type Hover, type Position } from 'vscode-languageserver/node';
import type { AnalysisResult } from '../engine/engine';
import type { PositionEncoding } from '../engine/lineIndex';
import type { Finding, RuleMeta } from '../engine/types';
import { ruleDocsHref, toRange } from './diagnostics';
import { cweLinks } from './ruleDocs';
import type { DvrHintsServer } from './server';

/**
 * The hover text for one finding: what was found, why it matters, how to fix it, the CWEs.
 * The rule id links to the rule's bundled documentation (as the Problems panel's code
 * link does); the CWEs are references into the taxonomy, after it.
 */
export function findingHoverMarkdown(finding: Finding, meta: RuleMeta | undefined): string {
  if (!meta) return `**${finding.ruleId}**: ${finding.message}`;
  return [
    `**[${meta.id}](${ruleDocsHref(meta.id)})** \`${meta.name}\`: ${meta.title}`,
    `${finding.message} (severity ${finding.severity}, confidence ${finding.confidence})`,
    `**Why is this bad?**\n\n${meta.docs.whyIsThisBad}`,
    `**Fix**\n\n${meta.docs.fix}`,
    `[Rule documentation](${ruleDocsHref(meta.id)}) · ${cweLinks(meta.cwe)} · \`# dvr-hints: ignore[${meta.id}]\` silences one line`,
  ].join('\n\n');
}

/** The findings whose span holds the position (start and end inclusive, so a cursor just after a finding still counts). */
export function findingsAt(result: AnalysisResult, position: Position, encoding: PositionEncoding): Finding[] {
  const offset = result.lineIndex.offsetAt(position, encoding);
  return result.findings.filter((f) => f.start <= offset && offset <= f.end);
}

export function hoverFor(result: AnalysisResult, position: Position, encoding: PositionEncoding, catalogue: ReadonlyMap<string, RuleMeta>): Hover | null {
  const found = findingsAt(result, position, encoding);
  if (found.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.map((f) => findingHoverMarkdown(f, catalogue.get(f.ruleId))).join('\n\n---\n\n') },
    range: toRange(found[0], result.lineIndex, encoding),
  };
}

/** textDocument/hover on a finding shows its rule's documentation. */
export function registerHover(connection: Connection, server: DvrHintsServer): void {
  connection.onHover(({ textDocument, position }) => {
    const document = server.documents.get(textDocument.uri);
    if (!document) return null;
    let analysed = server.results.get(textDocument.uri);
    // A hover can arrive between an edit and its scheduled analysis: never answer from stale text.
    if (!analysed || analysed.version !== document.version) analysed = server.analyseNow(textDocument.uri);
    if (!analysed) return null;
    return hoverFor(analysed.result, position, server.encoding, server.catalogue);
  });
}
