import type { ActiveRule } from '../../engine/engine';
import { LineIndex } from '../../engine/lineIndex';
import type { LintOptions } from '../../engine/options';
import { parsePython } from '../../engine/parser';
import { RulePass } from '../../engine/pass';
import type { RelatedLocation, RuleContext, SourceFile, SyntaxNode } from '../../engine/types';
import { isTestPath } from '../../engine/engine';
import { isMethod, parametersOf, type Callee } from './callees';
import { MAX_CALL_DEPTH, summariesOf, type RuleSinks } from './summaries';
import { moduleNameOf, type FunctionSummary, type ModuleSummaries } from './workspace';

/**
 * A file's summaries as plain data for the workspace index (the CLI's first phase, the
 * language server's index): every module-level function with a flow, its
 * path steps placed by line and column so that another file's findings can show them.
 */

/** Parameters summarised per function. */
const MAX_PARAMETERS = 8;
/** Functions summarised per file. */
const MAX_FUNCTIONS = 1000;
/** A module-level def: only those are summarised. */
const MODULE_FUNCTION = /^(async\s+)?def\s/m;
/** A return statement that builds a string (`%`, `+`, `.format`, `.join`, an f-string): a command or rule a caller may run. */
const BUILDS_STRING = /\breturn\b[^\n]*(%|\+|\.format\(|\.join\(|\bf['"])/;
/** Text that can lead to a sink a rule knows, or hand a built string back: files without any are not summarised. */
const SUMMARY_HINT = /system|popen|spawn|exec|subprocess|shell|_rule|_chain|getoutput|check_|Popen|run\(/;

/** Files whose text cannot give a summary are skipped without parsing. */
export function mayHaveSummaries(text: string): boolean {
  return MODULE_FUNCTION.test(text) && (SUMMARY_HINT.test(text) || BUILDS_STRING.test(text));
}

function toElsewhere(step: RelatedLocation, filePath: string, lines: LineIndex): RelatedLocation {
  if (step.elsewhere) return step;
  return { ...step, elsewhere: { path: filePath, start: lines.positionAt(step.start), end: lines.positionAt(step.end) } };
}

/** The rules that can be followed across calls, each with the context its taintSinks needs. */
function ruleSinks(pass: RulePass, rules: readonly ActiveRule[]): { sinks: RuleSinks; context: RuleContext }[] {
  const result: { sinks: RuleSinks; context: RuleContext }[] = [];
  for (const rule of rules) {
    const find = rule.check.taintSinks;
    const context = pass.contextOf(rule);
    if (!find || !context) continue;
    result.push({ sinks: { ruleId: rule.meta.id, find: (call: SyntaxNode) => find(call, context) }, context });
  }
  return result;
}

/**
 * The functions of a module other modules can call by name: its module-level functions (a
 * method is reached through an instance, which only its own module resolves).
 */
function definitions(context: RuleContext): [string, SyntaxNode][] {
  return [...context.model.functions].slice(0, MAX_FUNCTIONS);
}

/**
 * Summarises one file. `filePath` is where its locations point (for other files' paths),
 * `shownPath` the path rules see, which also gives its module name.
 */
export function summariseFile(filePath: string, shownPath: string, text: string, rules: readonly ActiveRule[], options: LintOptions): ModuleSummaries {
  const result: ModuleSummaries = { path: shownPath, module: moduleNameOf(shownPath), functions: [] };
  if (!mayHaveSummaries(text)) return result;
  const file: SourceFile = { path: shownPath.replace(/\\/g, '/'), text, tree: parsePython(text), isTestCode: isTestPath(shownPath) };
  const pass = new RulePass(file, rules, options);
  const followed = ruleSinks(pass, rules);
  if (followed.length === 0) return result;
  const context = followed[0].context;
  const summaries = summariesOf(context);
  const lines = new LineIndex(text);
  const place = (steps: RelatedLocation[]): RelatedLocation[] => steps.map((s) => toElsewhere(s, filePath, lines));
  const budget = MAX_CALL_DEPTH - 1;
  for (const [name, fn] of definitions(context)) {
    const params = parametersOf(fn, context.text, isMethod(fn)).slice(0, MAX_PARAMETERS);
    const callee: Callee = { kind: 'local', name, fn, params, reads: [] };
    const summary: FunctionSummary = { name, params, sinks: [], returns: [] };
    const reads = new Set<string>();
    for (const { sinks } of followed) {
      if (!summaries.mayReach(callee, sinks, budget, reads)) continue;
      for (const p of params) for (const flow of summaries.sinkFlows(callee, p.name, sinks, budget, reads)) summary.sinks.push({ ...flow, steps: place(flow.steps) });
    }
    // Return flows only of functions that build a string: a getter's pass-through is not worth a taint analysis per parameter of every function.
    const returnsString = BUILDS_STRING.test(context.file.text.slice(fn.startIndex, fn.endIndex));
    for (const p of returnsString ? params : []) {
      const flow = summaries.returnFlow(callee, p.name, budget, reads);
      if (flow) summary.returns.push({ ...flow, steps: place(flow.steps) });
    }
    if (summary.sinks.length > 0 || summary.returns.length > 0) result.functions.push(summary);
  }
  return result;
}
