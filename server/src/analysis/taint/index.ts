import { CallMatcher } from '../../engine/callNames';
import type { RuleContext, SyntaxNode } from '../../engine/types';
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
export { spanOf, Taint, taintPath, type TaintOrigin } from './value';

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
    });
  });
}

/** The taint of `expr` where it stands. */
export function taintAt(expr: SyntaxNode, context: RuleContext): Taint | undefined {
  return functionTaint(expr, context).taintOf(expr);
}
