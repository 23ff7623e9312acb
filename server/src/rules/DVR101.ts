import { auditTaintAt, functionTaint, spanOf, taintAt, taintPath, type Taint } from '../analysis/taint';
import { calleeNames } from '../analysis/taint/syntax';
import { isConfiguredSink, listCommand } from '../analysis/sinks';
import { callArguments, calleeName, isConstant, lastSegment, literalString, unparenthesize } from '../engine/python';
import type { Level, RuleCheck, RuleContext, SyntaxNode, TaintSink } from '../engine/types';
import { reportThroughCalls, type ThroughCallsRule } from '../analysis/interproc/callSite';
import { SHELL_CALLS, commandArgument, isProcessHelper, isTruthyShellArgument, mayBeProcessCall } from '../engine/vocabulary';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash', '/usr/bin/env']);
/** Modules whose functions can start a shell: a call through an alias of them is a candidate. */
const PROCESS_MODULES = /^(subprocess|os|commands|asyncio|pty|paramiko|neutron\.agent\.linux|neutron\.agent\.common|oslo_concurrency)(\.|$)/;

/** paramiko's `client.exec_command(...)`: the receiver is rarely named after the module. */
const REMOTE_SHELL_METHOD = /\bexec_command\b/;

/** The script of `[shell, ..., '-c', script]` among `items`, if a shell program comes before `-c`. */
function scriptAfterDashC(items: readonly SyntaxNode[], context: RuleContext): SyntaxNode | undefined {
  const literal = (n: SyntaxNode): string | undefined => literalString(unparenthesize(n), context.text);
  const flag = items.findIndex((item) => literal(item) === '-c');
  if (flag <= 0) return undefined;
  return items.slice(0, flag).some((item) => SHELLS.has(literal(item) ?? '')) ? items[flag + 1] : undefined;
}

/** A shell script string passed as a list command: `['sh', '-c', script]` (no shell=True needed). */
function shellScriptArgument(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const command = listCommand(call, context);
  if (!command) return undefined;
  const items = command.elements;
  const program = items[0] ? literalString(unparenthesize(items[0]), context.text) : undefined;
  if (program === undefined || !SHELLS.has(program)) return undefined;
  return scriptAfterDashC(items, context);
}

/** `os.execl('/bin/sh', 'sh', '-c', cmd)`, `os.spawnv(mode, '/bin/sh', ['sh', '-c', cmd])`. */
function execScript(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const items: SyntaxNode[] = [];
  for (const arg of callArguments(call, context.text).positional) {
    const n = unparenthesize(arg);
    if (n.type === 'list' || n.type === 'tuple') items.push(...n.namedChildren.filter((c) => c.type !== 'comment'));
    else items.push(arg);
  }
  return scriptAfterDashC(items, context);
}

function isConstantName(node: SyntaxNode, textOf: (n: SyntaxNode) => string): boolean {
  const n = unparenthesize(node);
  return (n.type === 'identifier' || n.type === 'attribute') && /^[A-Z][A-Z0-9_]*$/.test(lastSegment(textOf(n)));
}

/** The default of parameter `name` of `fn`, if it has one. */
function parameterDefault(fn: SyntaxNode, name: string, context: RuleContext): SyntaxNode | undefined {
  for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (param.type !== 'default_parameter' && param.type !== 'typed_default_parameter') continue;
    const paramName = param.childForFieldName('name');
    if (paramName && context.text(paramName) === name) return param.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/**
 * `shell=shell` in a wrapper whose own `shell` parameter defaults to False, or that takes it
 * as `kwargs.pop('shell', False)`: the wrapper runs no shell unless a caller asks for one, so
 * the finding belongs at that caller.
 */
function isShellOffByDefault(flag: SyntaxNode, call: SyntaxNode, context: RuleContext): boolean {
  const n = unparenthesize(flag);
  if (n.type !== 'identifier') return false;
  const name = context.text(n);
  const fn = context.model.enclosingFunction(call);
  if (!fn) return false;
  const definition = functionTaint(call, context).definitionBefore(name, call.startIndex);
  if (definition) {
    const value = unparenthesize(definition.value);
    if (value.type !== 'call' || !/\.(pop|get)$/.test(calleeName(value, context.text))) return false;
    const args = callArguments(value, context.text).positional;
    return args.length === 2 && !isTruthyShellArgument(args[1], context.text);
  }
  const fallback = parameterDefault(fn, name, context);
  return !!fallback && !isTruthyShellArgument(fallback, context.text);
}

/**
 * The shell command string of a call, if a shell runs it. A configured sink that gets a
 * single string (not a list) is taken to run it through a shell: the user named it.
 */
function shellCommand(call: SyntaxNode, context: RuleContext, name: string, qualified: string): SyntaxNode | undefined {
  if (SHELL_CALLS.has(name) || SHELL_CALLS.has(qualified)) return commandArgument(call, context.text);
  // paramiko's `exec_command` runs its string through the remote user's shell.
  if (lastSegment(name) === 'exec_command' && name.includes('.')) return commandArgument(call, context.text);
  if (/^os\.(exec|spawn)[lvpe]*$/.test(qualified)) return execScript(call, context);
  const helper = isProcessHelper(call, context.text, qualified);
  const configured = !helper && isConfiguredSink(call, context);
  if (!helper && !configured) return undefined;
  const shellFlag = callArguments(call, context.text).keywords.get('shell');
  if (shellFlag && isTruthyShellArgument(shellFlag, context.text) && !isShellOffByDefault(shellFlag, call, context)) return commandArgument(call, context.text);
  const script = shellScriptArgument(call, context);
  if (script) return script;
  if (configured) {
    const command = commandArgument(call, context.text);
    const n = command ? unparenthesize(command) : undefined;
    if (n && n.type !== 'list' && n.type !== 'tuple' && n.type !== 'list_splat' && !listCommand(call, context)) return command;
  }
  return undefined;
}

/** Local names the module binds to process modules or their functions (`sp`, `launch`): calls through them are candidates. */
function processAliases(context: RuleContext): RegExp | undefined {
  return context.memo('DVR101:aliases', () => {
    const names = context.model.imports.filter((i) => !i.relative && PROCESS_MODULES.test(i.qualified)).map((i) => i.local);
    return names.length > 0 ? new RegExp(`\\b(${[...new Set(names)].map((n) => n.replace(/[^A-Za-z0-9_]/g, '')).join('|')})\\b`) : undefined;
  });
}

/** The command string of a call that runs it through a shell, as a taint sink. */
function shellSinks(call: SyntaxNode, context: RuleContext): TaintSink[] {
  if (context.settings.taint.sinks.length === 0 && !mayBeProcessCall(call, context) && !context.mayMatch(call, REMOTE_SHELL_METHOD)) {
    const aliases = processAliases(context);
    if (!aliases || !context.mayMatch(call, aliases)) return [];
  }
  const { name, qualified } = calleeNames(call, context.text, context.model);
  const command = shellCommand(call, context, name, qualified);
  return command ? [{ value: command, at: call.childForFieldName('function') ?? call, message: `runs through a shell in ${name}()` }] : [];
}

/** A source's value that reaches a shell inside a helper function. */
const THROUGH_CALLS: ThroughCallsRule = {
  ruleId: 'DVR101',
  sinks: shellSinks,
  describe: (taint, _formatted, via, sink) => ({ message: `Shell command built from external value '${shortened(taint.name)}' through ${via}() (${sink})`, confidence: 'high' }),
};

/**
 * DVR101 shell-command-from-data: a shell runs a command that is not a constant. High when
 * a threat-model source reaches the command, itself or through helper functions (reported
 * where the value enters the chain), medium when only an unverified parameter or
 * attribute does (Bandit B602's view); a constant command with a shell is reported at low confidence.
 */
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
    const command = sink.value;
    const callee = sink.at;
    const name = calleeNames(call, context.text, context.model).name;
    const sourced = taintAt(command, context);
    // Tests run the commands they build themselves: only an untrusted source is worth a word there.
    // paramiko's `exec_command` has no shell-free form: a wrapper running its caller's command is
    // the library's job, and a caller passing untrusted data is reported through the summaries.
    if (!sourced && (context.file.isTestCode || lastSegment(name) === 'exec_command')) return;
    const taint: Taint | undefined = sourced ?? auditTaintAt(command, context);
    if (taint) {
      // Test helpers that run the command they are given are test plumbing, not an attack surface.
      const confidence: Level = context.file.isTestCode ? 'low' : taint.origin === 'attribute' ? 'medium' : 'high';
      context.report({
        node: callee,
        value: taint.name,
        severity: sourced ? 'high' : 'medium',
        confidence: sourced ? confidence : taint.origin === 'attribute' ? 'low' : 'medium',
        ...(sourced ? {} : { message: `Shell command built from '${shortened(taint.name)}', which nothing checked (no untrusted source reaches it under the threat models)` }),
        related: taintPath(taint, spanOf(callee), sink.message),
      });
      return;
    }
    // A constant command through a shell is not injectable today, but one edit away from it.
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

function shortened(value: string): string {
  return value.length > 60 ? `${value.slice(0, 57)}...` : value;
}
