import { callArguments, decoratorsOf, literalString, unparenthesize } from '../engine/python';
import { listCommand, resolveValue } from '../analysis/sinks';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { commandArgument, isProcessHelper, isTrueLiteral } from '../engine/vocabulary';

/** Programs that start the rest of the command as root. */
function isRootLauncher(program: string): boolean {
  const base = program.slice(program.lastIndexOf('/') + 1);
  return base === 'sudo' || base === 'doas' || base === 'pkexec' || /rootwrap/.test(base);
}

/** The first word of the command a helper runs, when it is written down. */
function firstCommandWord(call: SyntaxNode, context: RuleContext): string | undefined {
  const list = listCommand(call, context);
  if (list) {
    const first = list.elements[0];
    return first ? literalString(unparenthesize(first), context.text) : undefined;
  }
  const command = commandArgument(call, context.text);
  if (!command) return undefined;
  const text = literalString(resolveValue(command, context), context.text);
  return text?.trim().split(/\s+/)[0];
}

/** Code inside a `@privileged.<context>.entrypoint` function already runs in privsep. */
function insidePrivsepEntrypoint(node: SyntaxNode, context: RuleContext): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition' && decoratorsOf(p, context.text).some((d) => /(^|\.)entrypoint(\(|$)/.test(d.replace(/\s+/g, '')))) return true;
  }
  return false;
}

/** DVR103 run-as-root: a helper started as root (`run_as_root=True`, `sudo`, rootwrap). */
export const DVR103: RuleCheck = {
  id: 'DVR103',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /run_as_root|sudo|rootwrap|doas|pkexec/,
  check(call, context) {
    // Functional tests run commands as root on purpose; the privsep fix does not apply there.
    if (context.file.isTestCode) return;
    if (!isProcessHelper(call, context.text)) return;
    if (insidePrivsepEntrypoint(call, context)) return;
    const callee = call.childForFieldName('function') ?? call;
    const keywords = callArguments(call, context.text).keywords;
    // `privsep_exec=True` runs the command in the privsep daemon: that is the fix, in progress.
    if (isTrueLiteral(keywords.get('privsep_exec'))) return;
    if (isTrueLiteral(keywords.get('run_as_root'))) {
      context.report({ node: callee, value: 'run_as_root=True' });
      return;
    }
    const first = firstCommandWord(call, context);
    if (first && isRootLauncher(first)) context.report({ node: callee, value: first });
  },
};
