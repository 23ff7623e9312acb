import { callArguments, calleeName, isConstant, lastSegment, literalString, unparenthesize } from '../engine/python';
import { isConfiguredSink, listCommand } from '../analysis/sinks';
import { spanOf, taintAt, taintPath } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode, TaintSink } from '../engine/types';
import { reportThroughCalls, type ThroughCallsRule } from '../analysis/interproc/callSite';
import { SHELL_CALLS, commandArgument, isProcessHelper, isTrueLiteral, mayBeProcessCall } from '../engine/vocabulary';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/env']);

/** A shell script string passed as a list command: `['sh', '-c', script]` (no shell=True needed). */
function shellScriptArgument(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const command = listCommand(call, context);
  if (!command) return undefined;
  const items = command.elements;
  const program = items[0] ? literalString(unparenthesize(items[0]), context.text) : undefined;
  if (program === undefined || !SHELLS.has(program)) return undefined;
  const flag = items.findIndex((item) => literalString(unparenthesize(item), context.text) === '-c');
  return flag > 0 ? items[flag + 1] : undefined;
}

function isConstantName(node: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const n = unparenthesize(node);
  return (n.type === 'identifier' || n.type === 'attribute') && /^[A-Z][A-Z0-9_]*$/.test(lastSegment(textOf(n)));
}

/**
 * The shell command string of a call, if a shell runs it. A configured sink that gets a
 * single string (not a list) is taken to run it through a shell: the user named it.
 */
function shellCommand(call: SyntaxNode, context: RuleContext, name: string): SyntaxNode | undefined {
  if (SHELL_CALLS.has(name)) return commandArgument(call, context.text);
  const helper = isProcessHelper(call, context.text);
  const configured = !helper && isConfiguredSink(call, context);
  if (!helper && !configured) return undefined;
  if (isTrueLiteral(callArguments(call, context.text).keywords.get('shell'))) return commandArgument(call, context.text);
  const script = shellScriptArgument(call, context);
  if (script) return script;
  if (configured) {
    const command = commandArgument(call, context.text);
    const n = command ? unparenthesize(command) : undefined;
    if (n && n.type !== 'list' && n.type !== 'tuple' && n.type !== 'list_splat' && !listCommand(call, context)) return command;
  }
  return undefined;
}

/** The command string of a call that runs it through a shell, as a taint sink. */
function shellSinks(call: SyntaxNode, context: RuleContext): TaintSink[] {
  if (context.settings.taint.sinks.length === 0 && !mayBeProcessCall(call, context.text)) return [];
  const name = calleeName(call, context.text);
  const command = shellCommand(call, context, name);
  return command ? [{ value: command, at: call.childForFieldName('function') ?? call, message: `runs through a shell in ${name}()` }] : [];
}

/** An external value that reaches a shell inside a helper function. */
const THROUGH_CALLS: ThroughCallsRule = {
  ruleId: 'DVR101',
  sinks: shellSinks,
  describe: (taint, _formatted, via, sink) => ({ message: `Shell command built from external value '${taint.name}' through ${via}() (${sink})`, confidence: 'high' }),
};

/** DVR101 shell-command-from-data: a shell runs a command that contains an external value. */
export const DVR101: RuleCheck = {
  id: 'DVR101',
  nodeTypes: ['call'],
  // No anchor: a sink named in the settings (`taint-sinks`) can be called anything.
  // Reads the summaries of the functions a call reaches (taint across calls).
  scope: 'callees',
  taintSinks: shellSinks,
  check(call, context) {
    const sink = shellSinks(call, context)[0];
    if (!sink) {
      reportThroughCalls(call, context, THROUGH_CALLS);
      return;
    }
    const name = calleeName(call, context.text);
    const command = sink.value;
    const callee = sink.at;
    const taint = taintAt(command, context);
    if (taint) {
            context.report({
        node: callee,
        value: taint.name,
        // Test helpers that run the command they are given are test plumbing, not an attack surface.
        confidence: context.file.isTestCode ? 'low' : taint.origin === 'attribute' ? 'medium' : 'high',
        related: taintPath(taint, spanOf(callee), `runs through a shell in ${name}()`),
      });
      return;
    }
    // A constant command through a shell is not injectable today, but one edit away from it.
    // Tests of shell behaviour need shells: not worth a word there.
    if (context.file.isTestCode) return;
    const bare = unparenthesize(command);
    if (isConstant(bare, context.text) || isConstantName(bare, context.text)) {
      context.report({
        node: callee,
        value: context.text(command),
        confidence: 'low',
        message: `Constant command '${context.text(command)}' runs through a shell in ${name}(): prefer a list command without a shell`,
      });
    }
  },
};
