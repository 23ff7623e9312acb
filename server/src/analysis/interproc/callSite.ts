import { taintAt, type Taint } from '../taint';
import type { Level, RelatedLocation, RuleContext, SyntaxNode, TaintSink } from '../../engine/types';
import { bindArguments } from './callees';
import { isEntryTaint, MAX_CALL_DEPTH, passedStep, summariesOf } from './summaries';
import type { SinkFlow } from './workspace';

/**
 * Findings across calls: an untrusted value handed to a function whose summary says the
 * parameter reaches one of the rule's sinks. The finding is where the value enters the
 * chain (this call), names the sink, and carries the whole path: the value's own steps,
 * the hand-over, and the steps inside each callee down to the sink.
 */

/** How a rule words and rates a finding across calls. */
export interface ThroughCallsRule {
  ruleId: string;
  sinks(call: SyntaxNode, context: RuleContext): TaintSink[];
  /** `formatted`: the value was spliced into a string somewhere on the path. */
  describe(taint: Taint, formatted: boolean, via: string, sink: string): { message: string; confidence: Level };
  /** How the caller's argument is read: 'keep' follows caller-chosen ids (DVR702); 'clean' (the default) does not. */
  ids?: 'clean' | 'keep';
}

/** Reports (once per call) an untrusted argument that reaches one of the rule's sinks inside the callee. */
export function reportThroughCalls(call: SyntaxNode, context: RuleContext, rule: ThroughCallsRule): boolean {
  const summaries = summariesOf(context);
  // Only an argument can carry the value: without a variable one, neither the callee nor its summary matters.
  if (!summaries.passesValue(call)) return false;
  const reads = new Set<string>();
  try {
    const callee = summaries.callee(call, reads);
    if (!callee) return false;
    const sinks = { ruleId: rule.ruleId, find: (c: SyntaxNode) => rule.sinks(c, context) };
    if (!summaries.mayReach(callee, sinks, MAX_CALL_DEPTH - 1, reads)) return false;
    let best: { taint: Taint; arg: SyntaxNode; param: string; flow: SinkFlow; formatted: boolean } | undefined;
    for (const [param, arg] of bindArguments(call, callee.params, context)) {
      const taint = taintAt(arg, context, rule.ids ?? 'clean');
      if (!taint || !isEntryTaint(taint)) continue;
      for (const flow of summaries.sinkFlows(callee, param, sinks, MAX_CALL_DEPTH - 1, reads)) {
        const formatted = taint.formatted || flow.formatted;
        if (flow.formattedOnly && !formatted) continue;
        if (!best || flow.depth < best.flow.depth || (flow.depth === best.flow.depth && formatted && !best.formatted)) best = { taint, arg, param, flow, formatted };
      }
    }
    if (!best) return false;
    const { taint, arg, param, flow, formatted } = best;
    const { message, confidence } = rule.describe(taint, formatted, callee.name, flow.sink);
    const related: RelatedLocation[] = [taint.source, ...taint.steps, passedStep(arg, callee, param), ...flow.steps];
    context.report({ node: call.childForFieldName('function') ?? call, value: taint.name, message, confidence: context.file.isTestCode ? 'low' : confidence, related });
    return true;
  } finally {
    if (reads.size > 0) context.readsDefinitions(reads);
  }
}
