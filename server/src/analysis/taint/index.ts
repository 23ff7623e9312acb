import { CallMatcher } from '../../engine/callNames';
import { DEFAULT_THREAT_MODELS, type RuleContext, type SyntaxNode } from '../../engine/types';
import { callFlows } from '../interproc/summaries';
import { FunctionTaint } from './flow';
import type { TaintPurpose } from './purpose';
import type { Taint } from './value';

/**
 * Taint analysis for rules: the analysis of the function around a node, built once per
 * function and analysed tree. Parts: value.ts (the taint value and its join),
 * reaching.ts (reaching definitions), policy.ts (sanitisers, guards, propagation tables),
 * guards.ts (conditions), evaluator.ts (expressions and calls), flow.ts (statements).
 */

export { FunctionTaint } from './flow';
export type { TaintPurpose } from './purpose';
export type { Definition } from './reaching';
export { isSourced, spanOf, Taint, taintPath, unionOf, type TaintOrigin } from './value';
export type { CallFlows } from './evaluator';

/**
 * The function-level analysis that covers `node`, built once per file and function.
 * `ids`: 'clean' (the default) treats UUID ids as never command text; 'keep' follows a
 * caller-chosen id (DVR702).
 */
export function functionTaint(node: SyntaxNode, context: RuleContext, ids: 'clean' | 'keep' = 'clean', view: TaintView = 'models', purpose?: TaintPurpose): FunctionTaint {
  const model = context.model;
  const fn = model.enclosingFunction(node);
  const key = `taint:${ids}:${view}:${purpose ? `${purpose.name}:` : ''}${fn ? fn.startIndex : 'module'}`;
  return context.memo(key, () => {
    const { taint } = context.settings;
    const threatModels = view === 'audit' ? [...(context.settings.threatModels ?? DEFAULT_THREAT_MODELS), 'parameters' as const] : context.settings.threatModels;
    return new FunctionTaint(fn, context.file.tree.rootNode, context.text, {
      sources: context.memo('taint:sources', () => new CallMatcher(taint.sources)),
      sanitizers: context.memo('taint:sanitizers', () => new CallMatcher(taint.sanitizers)),
      model,
      threatModels: new Set(threatModels ?? DEFAULT_THREAT_MODELS),
      ids,
      calls: callFlows(context, purpose),
      ...(purpose ? { purpose } : {}),
    });
  });
}

/** The taint of `expr` where it stands; the summaries of helpers it read count as read by the rule (RuleScope 'callees'). */
export function taintAt(expr: SyntaxNode, context: RuleContext, ids: 'clean' | 'keep' = 'clean'): Taint | undefined {
  return readTaint(functionTaint(expr, context, ids), expr, context);
}

/**
 * 'models': the configured threat models; 'audit': those plus `parameters`, for rules that
 * also report values nobody proved safe at a lower severity (DVR101's non-constant commands).
 */
export type TaintView = 'models' | 'audit';

/** The taint of `expr` in the audit view: any parameter or `self` attribute counts. */
export function auditTaintAt(expr: SyntaxNode, context: RuleContext, ids: 'clean' | 'keep' = 'clean'): Taint | undefined {
  return readTaint(functionTaint(expr, context, ids, 'audit'), expr, context);
}

function readTaint(facts: FunctionTaint, expr: SyntaxNode, context: RuleContext): Taint | undefined {
  const taint = facts.taintOf(expr);
  const reads = facts.options.calls?.reads;
  if (reads && reads.size > 0) context.readsDefinitions(reads);
  return taint;
}

/** The taint of `expr` under the threat models, for a use whose purpose changes what cleans a value (purpose.ts). */
export function taintFor(purpose: TaintPurpose, expr: SyntaxNode, context: RuleContext): Taint | undefined {
  return readTaint(functionTaint(expr, context, 'clean', 'models', purpose), expr, context);
}
