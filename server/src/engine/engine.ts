import { loadCatalogue } from './catalogue';
import { LineIndex } from './lineIndex';
import type { LintOptions } from './options';
import { parsePython, ParseTimeout } from './parser';
import { finishFindings, formatMessage, RulePass, rulesForText, runSubtreeInSteps, setRuleCrashListener, type ResolvedReport, type RuleCrashListener } from './pass';
import { collectSuppressions, directiveComments } from './suppression';
import type { Finding, RuleCheck, RuleMeta, SourceFile, Tree } from './types';
import type { WorkspaceSummaries } from '../analysis/interproc/workspace';

export interface ActiveRule {
  meta: RuleMeta;
  check: RuleCheck;
}

export interface AnalysisResult {
  findings: Finding[];
  /** Findings silenced by comments (counted, not returned). */
  suppressed: number;
  /** ERROR / MISSING nodes in the tree: the file has syntax errors, findings are best effort. */
  syntaxErrors: number;
  lineIndex: LineIndex;
  /** Why the file was not analysed (parse time budget, nesting Python itself refuses), if it was not. */
  skipped?: string;
}

/** Joins the check code with its metadata; every check must have a `rules/<ID>.md`. */
export function buildRuleSet(checks: readonly RuleCheck[], catalogue: Map<string, RuleMeta> = loadCatalogue()): ActiveRule[] {
  return checks.map((check) => {
    const meta = catalogue.get(check.id);
    if (!meta) throw new Error(`rule ${check.id} has check code but no rules/${check.id}.md`);
    return { meta, check };
  });
}

const TEST_PATH = /(^|\/)(tests?|testing)\/|(^|\/)test_[^/]*\.py$|_tests?\.py$/;

export function isTestPath(filePath: string): boolean {
  return TEST_PATH.test(filePath.replace(/\\/g, '/'));
}

export interface AnalyseInput {
  path: string;
  text: string;
  /** A tree already parsed from `text` (the language server keeps one per document). */
  tree?: Tree;
  /** The text's line index, when the caller already has one. */
  lineIndex?: LineIndex;
  /** Summaries of the workspace's other modules (taint across modules), when the caller has them. */
  workspace?: WorkspaceSummaries;
}

/**
 * Runs the selected rules over one file: a single native walk collects the nodes every rule
 * asked for and dispatches them in document order (engine/pass.ts).
 */
export function analyse(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): AnalysisResult {
  const run = prepareRunOrSkip(input, rules, options);
  if ('skipped' in run) return run;
  const syntaxErrors = run.pass.runSubtree(run.file.tree.rootNode, run.reports);
  return finishRun(run, syntaxErrors);
}

/**
 * `analyse` in steps: the generator pauses after each checked subtree of at most a few
 * thousand characters (engine/pass.ts runSubtreeInSteps), so a caller (the language
 * server) can yield to other work between steps and drop an analysis whose document has
 * changed meanwhile by simply not resuming it. The findings equal `analyse`'s.
 */
export function* analysisSteps(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): Generator<void, AnalysisResult> {
  const run = prepareRunOrSkip(input, rules, options);
  if ('skipped' in run) return run;
  const syntaxErrors = yield* runSubtreeInSteps(run.pass, run.file.tree.rootNode, run.reports);
  return finishRun(run, syntaxErrors);
}

/** A text tree-sitter cannot parse in time or safely (parser.ts) yields a skipped result, not an exception. */
function prepareRunOrSkip(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): PreparedRun | (AnalysisResult & { skipped: string }) {
  try {
    return prepareRun(input, rules, options);
  } catch (error) {
    if (!(error instanceof ParseTimeout)) throw error;
    return { findings: [], suppressed: 0, syntaxErrors: 0, lineIndex: input.lineIndex ?? new LineIndex(input.text), skipped: error.message };
  }
}

interface PreparedRun {
  file: SourceFile;
  lineIndex: LineIndex;
  pass: RulePass;
  reports: ResolvedReport[];
  options: LintOptions;
  rules: readonly ActiveRule[];
}

function prepareRun(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): PreparedRun {
  const tree = input.tree ?? parsePython(input.text);
  const file: SourceFile = {
    path: input.path.replace(/\\/g, '/'),
    text: input.text,
    tree,
    isTestCode: isTestPath(input.path),
    ...(input.workspace ? { workspace: input.workspace } : {}),
  };
  const lineIndex = input.lineIndex ?? new LineIndex(input.text);
  const pass = new RulePass(file, rulesForText(rules, options, input.text), options);
  return { file, lineIndex, pass, reports: [], options, rules };
}

function finishRun(run: PreparedRun, syntaxErrors: number): AnalysisResult {
  const { file, lineIndex, reports, options, rules } = run;
  const root = file.tree.rootNode;
  if (root.hasError && syntaxErrors === 0) syntaxErrors = 1;
  const suppressions = collectSuppressions(directiveComments(root, file.text), lineIndex, root);
  const { findings, suppressed } = finishFindings(reports, suppressions, lineIndex, options, file.text, rules);
  return { findings, suppressed, syntaxErrors, lineIndex };
}

export { formatMessage, type RuleCrashListener };

export function onRuleCrash(listener: RuleCrashListener): void {
  setRuleCrashListener(listener);
}
