import type { WorkspaceSummaries } from '../analysis/interproc/workspace';
import type { ActiveRule, AnalysisResult } from '../engine/engine';
import { IncrementalAnalysis } from '../engine/incremental';
import type { LintOptions } from '../engine/options';
import type { OpenDocument } from './document';

/** One incremental analysis per open document; it goes when the document does. */
const analyses = new WeakMap<OpenDocument, IncrementalAnalysis>();

/** Analyses an open document, re-checking only what changed since its last analysis. */
export function analyseDocument(document: OpenDocument, path: string, rules: readonly ActiveRule[], options: LintOptions, workspace?: WorkspaceSummaries): AnalysisResult {
  const steps = analyseDocumentSteps(document, path, rules, options, workspace);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `analyseDocument` in steps (for the server's sliced, cancellable runs). The document's
 * text, tree and changes are read at the first step; a run dropped before its end leaves
 * the next analysis of the document a full one.
 */
export function* analyseDocumentSteps(document: OpenDocument, path: string, rules: readonly ActiveRule[], options: LintOptions, workspace?: WorkspaceSummaries): Generator<void, AnalysisResult> {
  let analysis = analyses.get(document);
  if (!analysis) {
    analysis = new IncrementalAnalysis();
    analyses.set(document, analysis);
  }
  const tree = document.currentTree();
  const input = { path, text: document.text, tree, lineIndex: document.lineIndex, points: document.pointIndex, ...(workspace ? { workspace } : {}) };
  return yield* analysis.analysisSteps(input, document.takeChanges(), rules, options);
}

/** The incremental analysis of a document, if it has been analysed (for tests and the benchmark). */
export function documentAnalysis(document: OpenDocument): IncrementalAnalysis | undefined {
  return analyses.get(document);
}
