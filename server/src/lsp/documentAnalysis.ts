import type { ActiveRule, AnalysisResult } from '../engine/engine';
import { IncrementalAnalysis } from '../engine/incremental';
import type { LintOptions } from '../engine/options';
import type { OpenDocument } from './document';

/** One incremental analysis per open document; it goes when the document does. */
const analyses = new WeakMap<OpenDocument, IncrementalAnalysis>();

/** Analyses an open document, re-checking only what changed since its last analysis. */
export function analyseDocument(document: OpenDocument, path: string, rules: readonly ActiveRule[], options: LintOptions): AnalysisResult {
  let analysis = analyses.get(document);
  if (!analysis) {
    analysis = new IncrementalAnalysis();
    analyses.set(document, analysis);
  }
  const tree = document.currentTree();
  return analysis.analyse({ path, text: document.text, tree, lineIndex: document.lineIndex, points: document.pointIndex }, document.takeChanges(), rules, options);
}

/** The incremental analysis of a document, if it has been analysed (for tests and the benchmark). */
export function documentAnalysis(document: OpenDocument): IncrementalAnalysis | undefined {
  return analyses.get(document);
}
