import { iptablesArguments } from '../analysis/sinks';
import { spanOf, taintAt, taintPath, type Taint } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode, TaintSink } from '../engine/types';
import { reportThroughCalls, type ThroughCallsRule } from '../analysis/interproc/callSite';

function iptablesSinks(call: SyntaxNode, context: RuleContext): TaintSink[] {
  const args = iptablesArguments(call, context);
  if (!args) return [];
  const at = call.childForFieldName('function') ?? call;
  const method = at.childForFieldName('attribute');
  const message = `${method ? context.text(method) : 'iptables'}() writes it into the iptables-restore input`;
  return args.map((value) => ({ value, at, message, formattedOnly: true }));
}

/** An external value formatted into an iptables rule inside a helper function. */
const THROUGH_CALLS: ThroughCallsRule = {
  ruleId: 'DVR104',
  sinks: iptablesSinks,
  describe: (taint, _formatted, via, sink) => ({ message: `iptables rule built from unchecked external value '${taint.name}' through ${via}() (${sink})`, confidence: 'medium' }),
};

/** DVR104 iptables-rule-from-data: a rule or chain string formatted from an unchecked external value. */
export const DVR104: RuleCheck = {
  id: 'DVR104',
  nodeTypes: ['call'],
  // Reads the summaries of the functions a call reaches (taint across calls). A file that never
  // names a rule or chain is skipped, so a helper in another module is followed only from such files.
  scope: 'callees',
  prefilter: /_rule\b|_chain\b/,
  taintSinks: iptablesSinks,
  check(call, context) {
    const args = iptablesArguments(call, context);
    if (!args) {
      reportThroughCalls(call, context, THROUGH_CALLS);
      return;
    }
    let best: Taint | undefined;
    for (const arg of args) {
      const taint = taintAt(arg, context);
      // A whole value passed through (`add_rule(chain, rule)` with a rule from a helper) is not built here.
      if (!taint || !taint.formatted) continue;
      if (!best || (best.origin === 'attribute' && taint.origin !== 'attribute')) best = taint;
    }
    if (!best) return;
    const callee = call.childForFieldName('function') ?? call;
    const method = callee.childForFieldName('attribute');
    context.report({
      node: callee,
      value: best.name,
      // Attributes of self are mostly the router's own state, set up by the agent.
      confidence: best.origin === 'attribute' || context.file.isTestCode ? 'low' : 'medium',
      related: taintPath(best, spanOf(callee), `${method ? context.text(method) : 'iptables'}() writes it into the iptables-restore input`),
    });
  },
};
