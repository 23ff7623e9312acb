import { callArguments, lastSegment, unparenthesize } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { callName, qualifiedName } from './resolvedNames';

const ACCEPTING = new Set(['AutoAddPolicy', 'WarningPolicy']);

/** The policy class a `set_missing_host_key_policy` argument names (`paramiko.AutoAddPolicy()` or the class itself). */
function policyName(arg: SyntaxNode, context: RuleContext): { node: SyntaxNode; name: string } | undefined {
  const a = unparenthesize(arg);
  const classNode = a.type === 'call' ? a.childForFieldName('function') : a;
  if (!classNode) return undefined;
  const name = qualifiedName(classNode, context);
  return name ? { node: classNode, name } : undefined;
}

/** `AutoAddPolicy` -> `RejectPolicy`, same module path. Unsafe: unknown hosts are refused from then on. */
function rejectFix(classNode: SyntaxNode, context: RuleContext): Fix | undefined {
  const last = classNode.type === 'attribute' ? classNode.childForFieldName('attribute') : classNode;
  if (!last || !ACCEPTING.has(context.text(last))) return undefined;
  if (classNode.type === 'identifier') return undefined; // `from paramiko import AutoAddPolicy`: RejectPolicy is not imported
  return { title: 'Use RejectPolicy (refuse unknown host keys)', applicability: 'unsafe', edits: [{ start: last.startIndex, end: last.endIndex, newText: 'RejectPolicy' }] };
}

/**
 * DVR906 ssh-host-key-unchecked: paramiko told to accept unknown host keys
 * (`set_missing_host_key_policy(AutoAddPolicy())` or `WarningPolicy`).
 */
export const DVR906: RuleCheck = {
  id: 'DVR906',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /set_missing_host_key_policy/,
  anchor: /set_missing_host_key_policy/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const fn = call.childForFieldName('function');
    if (!fn || fn.type !== 'attribute' || lastSegment(callName(call, context) || context.text(fn)) !== 'set_missing_host_key_policy') return;
    const arg = callArguments(call, context.text).positional[0];
    const policy = arg ? policyName(arg, context) : undefined;
    if (!policy || !ACCEPTING.has(lastSegment(policy.name))) return;
    // Only paramiko's policies (or a name imported from elsewhere that ends the same way and is used here).
    if (policy.name.includes('.') && !policy.name.startsWith('paramiko.')) return;
    const fix = rejectFix(policy.node, context);
    context.report({ node: policy.node, value: lastSegment(policy.name), ...(fix ? { fixes: [fix] } : {}) });
  },
};
