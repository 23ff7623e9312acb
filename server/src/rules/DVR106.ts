import { stdlibImportInsertions } from '../fixes/imports';
import { callArguments } from '../engine/python';
import { resolveValue } from '../analysis/sinks';
import { auditTaintAt, spanOf, taintPath } from '../analysis/taint';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isLiteral, shortText } from './callFacts';
import { callName } from './resolvedNames';

const CODE_RUNNERS = new Set(['builtins.eval', 'builtins.exec', 'builtins.compile']);

/** `eval(text)` -> `ast.literal_eval(text)`: only literals are evaluated afterwards, so it changes behaviour. */
function literalEvalFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
  const fn = call.childForFieldName('function');
  const args = callArguments(call, context.text);
  if (!fn || fn.type !== 'identifier' || args.positional.length !== 1 || args.keywords.size > 0 || args.hasSplat) return undefined;
  const root = context.file.tree.rootNode;
  const imports = stdlibImportInsertions(context.file.text, root, context.text, ['ast']).map((i) => i.edit);
  return {
    title: 'Use ast.literal_eval() (evaluates literals only)',
    applicability: 'unsafe',
    edits: [{ start: fn.startIndex, end: fn.endIndex, newText: 'ast.literal_eval' }, ...imports],
  };
}

/**
 * DVR106 code-from-data: `eval`, `exec` or `compile` of a value that is not a constant.
 * High confidence with a taint path from a source, medium otherwise.
 */
export const DVR106: RuleCheck = {
  id: 'DVR106',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /\b(eval|exec|compile)\b/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!CODE_RUNNERS.has(name)) return;
    const code = callArguments(call, context.text).positional[0];
    if (!code || isLiteral(code, context)) return;
    const bare = resolveValue(code, context);
    // `exec(compile(...))` (also through a variable) is reported once, on the compile.
    if (bare.type === 'call' && callName(bare, context) === 'builtins.compile') return;
    const callee = call.childForFieldName('function') ?? call;
    const short = name.slice('builtins.'.length);
    const taint = auditTaintAt(code, context, 'keep');
    const fix = short === 'eval' ? literalEvalFix(call, context) : undefined;
    context.report({
      node: callee,
      value: shortText(code, context),
      confidence: taint && taint.origin !== 'attribute' ? 'high' : 'medium',
      ...(taint ? { related: taintPath(taint, spanOf(callee), `runs as Python code in ${short}()`) } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
};
