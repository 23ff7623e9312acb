import { detectLineEnding, fixesWithLineEnding } from '../fixes/lineEndings';
import { loadCatalogue } from './catalogue';
import { LineIndex } from './lineIndex';
import { isRuleSelected, meetsThresholds, type LintOptions } from './options';
import { parsePython, ParseTimeout } from './parser';
import { collectSuppressions, isSuppressed } from './suppression';
import type { Finding, Report, RuleCheck, RuleContext, RuleMeta, SourceFile, SyntaxNode, Tree } from './types';

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
  /** Set when the file was not analysed (parsing ran over its time budget): why, for a notice. */
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

export function formatMessage(template: string, value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return template.replace(/\{value\}/g, shown.replace(/\s+/g, ' '));
}

export interface AnalyseInput {
  path: string;
  text: string;
  /** A tree already parsed from `text` (the language server keeps one per document). */
  tree?: Tree;
}

/**
 * Runs the selected rules over one file: a single pass collects the nodes every rule
 * asked for and dispatches them in document order.
 */
export function analyse(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): AnalysisResult {
  const steps = analysisSteps(input, rules, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Nodes dispatched between two pauses of `analysisSteps`. */
export const NODES_PER_STEP = 200;

/**
 * `analyse` in steps: the generator pauses after every few hundred dispatched nodes, so
 * a caller (the language server) can yield to other work between steps and drop an
 * analysis whose document has changed meanwhile by simply not resuming it.
 */
export function* analysisSteps(input: AnalyseInput, rules: readonly ActiveRule[], options: LintOptions): Generator<void, AnalysisResult> {
  let tree: Tree;
  try {
    tree = input.tree ?? parsePython(input.text);
  } catch (error) {
    if (!(error instanceof ParseTimeout)) throw error;
    return { findings: [], suppressed: 0, syntaxErrors: 0, lineIndex: new LineIndex(input.text), skipped: error.message };
  }
  const file: SourceFile = {
    path: input.path.replace(/\\/g, '/'),
    text: input.text,
    tree,
    isTestCode: isTestPath(input.path),
  };
  const lineIndex = new LineIndex(input.text);
  const selected = rules.filter((r) => isRuleSelected(r.meta, options));

  const byType = new Map<string, ActiveRule[]>();
  for (const rule of selected) {
    for (const type of rule.check.nodeTypes) {
      const list = byType.get(type) ?? [];
      list.push(rule);
      byType.set(type, list);
    }
  }
  const wanted = new Set(byType.keys());
  wanted.add('comment');
  wanted.add('ERROR');

  const text = (node: SyntaxNode): string => input.text.slice(node.startIndex, node.endIndex);
  const memo = new Map<string, unknown>();
  const raw: { rule: ActiveRule; report: Report }[] = [];
  const comments: { node: SyntaxNode; text: string }[] = [];
  let syntaxErrors = 0;

  const contextFor = (rule: ActiveRule): RuleContext => ({
    file,
    settings: options.analysis,
    report: (report) => raw.push({ rule, report }),
    text,
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  });
  const contexts = new Map(selected.map((r) => [r.meta.id, contextFor(r)]));

  let dispatched = 0;
  for (const node of tree.rootNode.descendantsOfType([...wanted])) {
    if (++dispatched % NODES_PER_STEP === 0) yield;
    if (node.type === 'comment') comments.push({ node, text: text(node) });
    else if (node.type === 'ERROR') syntaxErrors++;
    const interested = byType.get(node.type);
    if (!interested) continue;
    for (const rule of interested) {
      try {
        rule.check.check(node, contexts.get(rule.meta.id) as RuleContext);
      } catch (error) {
        // A rule bug must not take the file's other findings down with it.
        reportRuleCrash(rule.meta.id, file.path, error);
      }
    }
  }
  if (tree.rootNode.hasError && syntaxErrors === 0) syntaxErrors = 1;

  const suppressions = collectSuppressions(comments, lineIndex);
  const findings: Finding[] = [];
  let suppressed = 0;
  const seen = new Set<string>();
  for (const { rule, report } of raw) {
    const start = report.node ? report.node.startIndex : report.span?.start ?? 0;
    const end = report.node ? report.node.endIndex : report.span?.end ?? start;
    const key = `${rule.meta.id}:${start}:${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const severity = options.severity[rule.meta.id] ?? report.severity ?? rule.meta.severity;
    const confidence = report.confidence ?? rule.meta.confidence;
    if (!meetsThresholds(severity, confidence, options)) continue;
    if (isSuppressed(suppressions, lineIndex.lineOf(start), rule.meta.id, rule.meta.bandit)) {
      suppressed++;
      continue;
    }
    findings.push({
      ruleId: rule.meta.id,
      start,
      end,
      message: report.message ?? formatMessage(rule.meta.message, report.value),
      severity,
      confidence,
      related: report.related ?? [],
      fixes: report.fixes ? fixesWithLineEnding(report.fixes, detectLineEnding(input.text)) : [],
    });
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings, suppressed, syntaxErrors, lineIndex };
}

export type RuleCrashListener = (ruleId: string, path: string, error: unknown) => void;
let crashListener: RuleCrashListener = (ruleId, path, error) => {
  process.stderr.write(`dvr-hints: rule ${ruleId} failed on ${path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
};

export function onRuleCrash(listener: RuleCrashListener): void {
  crashListener = listener;
}

function reportRuleCrash(ruleId: string, path: string, error: unknown): void {
  crashListener(ruleId, path, error);
}
