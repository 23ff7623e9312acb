import { callArguments, calleeName, lastSegment, literalString, unparenthesize, type TextOf } from './python';
import type { RuleContext, SyntaxNode } from './types';

/** Names the catalogue defines once and several rules share. */

const SUBPROCESS_FUNCTIONS = new Set(['call', 'check_call', 'check_output', 'run', 'Popen', 'getoutput', 'getstatusoutput']);
const NAMED_EXECUTORS = new Set(['utils.execute', 'agent_utils.execute', 'linux_utils.execute', 'processutils.execute', 'ip_lib.sysctl']);

/** Calls that always go through a shell. */
export const SHELL_CALLS = new Set([
  'os.system',
  'os.popen',
  'subprocess.getoutput',
  'subprocess.getstatusoutput',
  'commands.getoutput',
  'commands.getstatusoutput',
  'asyncio.create_subprocess_shell',
  'pty.spawn',
]);

/**
 * Words one of which every process helper's callee contains (NAMED_EXECUTORS, SHELL_CALLS,
 * the subprocess and os functions, priv_ helpers, `.execute`). Keep in step with isProcessHelper.
 */
export const PROCESS_CALL_WORDS = /\b(?:subprocess|os|commands|execute|sysctl)\b|\bpriv_/;

/**
 * A cheap test before isProcessHelper: false when the call's text holds none of the words,
 * so the call cannot be a process helper. One regular expression per call (an index lookup
 * for a long call), instead of the native calls that reading the callee takes.
 */
export function mayBeProcessCall(call: SyntaxNode, context: Pick<RuleContext, 'mayMatch'>): boolean {
  return context.mayMatch(call, PROCESS_CALL_WORDS);
}

/**
 * Text every call isProcessHelper accepts by its written name contains (PROCESS_CALL_WORDS
 * plus the two SHELL_CALLS it misses): a cheap test before walking a block for such calls.
 * Keep in step with isProcessHelperNamed.
 */
export const PROCESS_HELPER_TEXT = new RegExp(`${PROCESS_CALL_WORDS.source}|create_subprocess_shell|\\bspawn\\b`);

const COMMAND_VARIABLE = /(^|_)(cmd|cmds|command|commands|args|argv|cmdline|cmd_?list)$/i;
const DATABASE_RECEIVER = /(^|\.)_?(cur|cursor|con|conn|connection|db|database|session|sqlite\w*|engine)$/i;
const SQL_TEXT = /^\s*(select|insert|update|delete|create|drop|alter|pragma|begin|commit|rollback|with|replace|vacuum|attach|explain|savepoint|release)\b/i;

/** `cursor.execute("SELECT ...")` runs SQL, not a command: a DB-API receiver or an SQL string. */
function isDatabaseExecute(call: SyntaxNode, name: string, textOf: TextOf): boolean {
  const receiver = name.slice(0, Math.max(0, name.lastIndexOf('.')));
  if (receiver && DATABASE_RECEIVER.test(receiver)) return true;
  const first = callArguments(call, textOf).positional[0];
  const sql = first ? literalString(unparenthesize(first), textOf) : undefined;
  return sql !== undefined && SQL_TEXT.test(sql);
}

/**
 * Is this call a *process helper* in the catalogue's sense? `qualified`: the callee's name
 * through the module's imports (semantic model), so `sp.call` after `import subprocess as sp` counts.
 */
export function isProcessHelper(call: SyntaxNode, textOf: TextOf, qualified?: string): boolean {
  if (qualified && qualified !== calleeName(call, textOf) && isProcessHelperNamed(call, qualified, textOf)) return true;
  return isProcessHelperNamed(call, calleeName(call, textOf), textOf);
}

function isProcessHelperNamed(call: SyntaxNode, name: string, textOf: TextOf): boolean {
  if (!name) return false;
  if (NAMED_EXECUTORS.has(name) || SHELL_CALLS.has(name)) return true;
  const dot = name.lastIndexOf('.');
  const module = dot < 0 ? '' : name.slice(0, dot);
  const fn = lastSegment(name);
  if (module === 'subprocess' && SUBPROCESS_FUNCTIONS.has(fn)) return true;
  if (module === 'os' && /^(exec|spawn)[lvpe]*$/.test(fn)) return true;
  if (fn.startsWith('priv_') || /(^|\.)priv_[A-Za-z0-9_]*\./.test(name)) return true;
  if (name.endsWith('.netns.execute')) return true;
  if (fn === 'execute' && !isDatabaseExecute(call, name, textOf)) {
    const first = callArguments(call, textOf).positional[0];
    if (first) {
      const arg = unparenthesize(first);
      if (arg.type === 'list' || arg.type === 'string' || arg.type === 'concatenated_string' || arg.type === 'binary_operator') return true;
      // A variable counts when its name says it holds a command: `execute(cmd)`, not `action.execute(context)`.
      if (arg.type === 'identifier' && COMMAND_VARIABLE.test(textOf(arg))) return true;
    }
  }
  return false;
}

/** The command argument of a process helper call (first positional, or `args=`/`cmd=`). */
export function commandArgument(call: SyntaxNode, textOf: TextOf): SyntaxNode | undefined {
  const args = callArguments(call, textOf);
  return args.positional[0] ?? args.keywords.get('args') ?? args.keywords.get('cmd') ?? args.keywords.get('command');
}

export function isTrueLiteral(node: SyntaxNode | undefined): boolean {
  return !!node && node.type === 'true';
}

/** `shell=` anything but a false literal (`False`, `None`, `0`, `''`): Python runs a shell for any truthy value. */
export function isTruthyShellArgument(node: SyntaxNode | undefined, textOf: TextOf): boolean {
  if (!node) return false;
  const n = unparenthesize(node);
  if (n.type === 'false' || n.type === 'none') return false;
  if (n.type === 'integer' && /^0+$/.test(textOf(n).replace(/_/g, ''))) return false;
  return literalString(n, textOf) !== '';
}

const LOGGER_RECEIVER = /^(LOG|log|_LOG|LOGGER|logger|_logger|logging|[A-Za-z_]*_logging|self\.(log|logger|LOG|_log|_logger)|[A-Za-z_]*(log|logger|LOG|Log|Logger))$/;
export const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log', 'trace', 'audit']);

/** `LOG.debug(...)`, `logger.warning(...)`, `logging.error(...)` and friends. */
export function logCallLevel(call: SyntaxNode, textOf: TextOf): string | undefined {
  const name = calleeName(call, textOf);
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  const method = name.slice(dot + 1);
  if (!LOG_METHODS.has(method)) return undefined;
  return LOGGER_RECEIVER.test(name.slice(0, dot)) ? method : undefined;
}

/** A logging call that records a traceback: `LOG.exception(...)` or `exc_info=` truthy. */
export function logsTraceback(call: SyntaxNode, textOf: TextOf): boolean {
  const level = logCallLevel(call, textOf);
  if (!level) return false;
  if (level === 'exception') return true;
  const excInfo = callArguments(call, textOf).keywords.get('exc_info');
  return !!excInfo && excInfo.type !== 'false' && excInfo.type !== 'none';
}

/** String value of a constant command, whether a string or a list of strings joined by spaces. */
export function constantCommandText(node: SyntaxNode, textOf: TextOf): string | undefined {
  const n = unparenthesize(node);
  const s = literalString(n, textOf);
  if (s !== undefined) return s;
  if (n.type === 'list' || n.type === 'tuple') {
    const parts = n.namedChildren.filter((c) => c.type !== 'comment').map((c) => literalString(c, textOf));
    return parts.every((p) => p !== undefined) ? parts.join(' ') : undefined;
  }
  return undefined;
}
