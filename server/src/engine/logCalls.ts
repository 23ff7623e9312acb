import { callArguments, calleeName, type TextOf } from './python';
import type { SyntaxNode } from './types';
import { logCallLevel } from './vocabulary';

/** A logging call read once for the DVR4xx rules: its message and the values it logs. */
export interface LogCall {
  call: SyntaxNode;
  /** `debug`, `warning`, ... or `print`. */
  level: string;
  /** The message argument (`LOG.log(level, msg)` takes it second), if given positionally. */
  message?: SyntaxNode;
  /** Positional arguments after the message. */
  values: SyntaxNode[];
  /** `*args` / `**kwargs` in the call. */
  hasSplat: boolean;
}

/** Reads `LOG.debug(...)`-style calls, and with `includePrint` also `print(...)` (whose arguments are all values). */
export function readLogCall(call: SyntaxNode, textOf: TextOf, includePrint = false): LogCall | undefined {
  const level = logCallLevel(call, textOf);
  const args = callArguments(call, textOf);
  if (!level) {
    if (!includePrint || calleeName(call, textOf) !== 'print') return undefined;
    return { call, level: 'print', values: args.positional, hasSplat: args.hasSplat };
  }
  const messageIndex = level === 'log' ? 1 : 0;
  const message = args.positional[messageIndex] ?? args.keywords.get('msg');
  return { call, level, message, values: args.positional.slice(messageIndex + 1), hasSplat: args.hasSplat };
}

/** Every expression a logging call writes out: the message and the values (keyword options such as `exc_info` are not logged text). */
export function loggedExpressions(log: LogCall): SyntaxNode[] {
  return log.message ? [log.message, ...log.values] : log.values;
}
