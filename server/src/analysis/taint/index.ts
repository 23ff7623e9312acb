import { CallMatcher } from '../../engine/callNames';
import type { RuleContext, SyntaxNode } from '../../engine/types';
import { callFlows } from '../interproc/summaries';
import { FunctionTaint } from './flow';
import type { Taint } from './value';

/**
 * Taint analysis for rules: the analysis of the function around a node, built once per
 * function and analysed tree. Parts: value.ts (the taint value and its join),
 * reaching.ts (reaching definitions), policy.ts (sanitisers, guards, propagation tables),
 * guards.ts (conditions), evaluator.ts (expressions and calls), flow.ts (statements).
 */

export { FunctionTaint } from './flow';
export type { Definition } from './reaching';
export { spanOf, Taint, taintPath, unionOf, type TaintOrigin } from './value';
export type { CallFlows } from './evaluator';

/** The function-level analysis that covers `node`, built once per file and function. */
export function functionTaint(node: SyntaxNode, context: RuleContext): FunctionTaint {
  const model = context.model;
  const fn = model.enclosingFunction(node);
  const key = `taint:${fn ? fn.startIndex : 'module'}`;
  return context.memo(key, () => {
    const taint = context.settings.taint;
    return new FunctionTaint(fn, context.file.tree.rootNode, context.text, {
      sources: context.memo('taint:sources', () => new CallMatcher(taint.sources)),
      sanitizers: context.memo('taint:sanitizers', () => new CallMatcher(taint.sanitizers)),
      model,
      calls: callFlows(context),
    });
  });
}

/** The taint of `expr` where it stands; the summaries of helpers it read count as read by the rule (RuleScope 'callees'). */
export function taintAt(expr: SyntaxNode, context: RuleContext): Taint | undefined {
  const facts = functionTaint(expr, context);
  const taint = facts.taintOf(expr);
  const reads = facts.options.calls?.reads;
  if (reads && reads.size > 0) context.readsDefinitions(reads);
  return taint;
}
