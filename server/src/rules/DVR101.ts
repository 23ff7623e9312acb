import { callArguments, calleeName, isConstant, lastSegment, literalString, unparenthesize } from '../engine/python';
import { taintAt, taintPath } from '../engine/taint';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { PROCESS_CALL_WORDS, SHELL_CALLS, commandArgument, isProcessHelper, isTrueLiteral, mayBeProcessCall } from '../engine/vocabulary';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/env']);

/** A shell script string passed as a list command: `['sh', '-c', script]` (no shell=True needed). */
function shellScriptArgument(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const command = commandArgument(call, context.text);
  if (!command) return undefined;
  const list = unparenthesize(command);
  if (list.type !== 'list' && list.type !== 'tuple') return undefined;
  const items = list.namedChildren.filter((c) => c.type !== 'comment');
  const program = items[0] ? literalString(items[0], context.text) : undefined;
  if (program === undefined || !SHELLS.has(program)) return undefined;
  const flag = items.findIndex((item) => literalString(item, context.text) === '-c');
  return flag > 0 ? items[flag + 1] : undefined;
}

function isConstantName(node: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const n = unparenthesize(node);
  return (n.type === 'identifier' || n.type === 'attribute') && /^[A-Z][A-Z0-9_]*$/.test(lastSegment(textOf(n)));
}

/** DVR101 shell-command-from-data: a shell runs a command that contains an external value. */
export const DVR101: RuleCheck = {
  id: 'DVR101',
  nodeTypes: ['call'],
  scope: 'definition',
  anchor: PROCESS_CALL_WORDS,
  check(call, context) {
    if (!mayBeProcessCall(call, context.text)) return;
    const name = calleeName(call, context.text);
    const viaShellCall = SHELL_CALLS.has(name);
    if (!viaShellCall && !isProcessHelper(call, context.text)) return;
    const shellKeyword = callArguments(call, context.text).keywords.get('shell');
    const shellString = viaShellCall || isTrueLiteral(shellKeyword) ? commandArgument(call, context.text) : shellScriptArgument(call, context);
    const command = shellString;
    if (!command) return;
    const callee = call.childForFieldName('function') ?? call;
    const taint = taintAt(command, context);
    if (taint) {
      const sinkText = viaShellCall ? `runs through a shell in ${name}()` : `runs through a shell (shell=True) in ${name}()`;
      context.report({
        node: callee,
        value: context.text(command),
        confidence: taint.origin === 'parameter' || taint.origin === 'configured' ? 'high' : 'medium',
        related: taintPath(taint, command, sinkText),
      });
      return;
    }
    // A constant command through a shell is not injectable today, but one edit away from it.
    if (isConstant(command, context.text) || isConstantName(command, context.text)) {
      context.report({
        node: callee,
        value: context.text(command),
        confidence: 'low',
        message: `Constant command '${context.text(command)}' runs through a shell in ${name}(): prefer a list command without a shell`,
      });
    }
  },
};
