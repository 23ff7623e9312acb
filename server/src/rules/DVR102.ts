import { callArguments, calleeName, lastSegment, literalString, unparenthesize } from '../engine/python';
import { isCommandSink, listCommand, type CommandList } from '../analysis/sinks';
import { reportThroughCalls, type ThroughCallsRule } from '../analysis/interproc/callSite';
import { spanOf, taintAt, taintPath, type Taint } from '../analysis/taint';
import { levelRank, type Level, type RelatedLocation, type RuleCheck, type RuleContext, type SyntaxNode, type TaintSink } from '../engine/types';
import { isTrueLiteral } from '../engine/vocabulary';

const SHELLS = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/sh', '/usr/bin/bash']);

/** Shells and Python interpreters, whose `-c` argument is a script. */
function runsScript(first: SyntaxNode | undefined, textOf: (n: SyntaxNode) => string): boolean {
  if (!first) return false;
  const n = unparenthesize(first);
  const program = literalString(n, textOf);
  if (program !== undefined) return SHELLS.has(program) || /(^|\/)python[\d.]*$/.test(program);
  return /^(str\(|os\.fsdecode\()?sys\.executable\)?$/.test(textOf(n).replace(/\s+/g, ''));
}

/**
 * Spliced into a string, the value can change which key or option the program reads
 * (high); as a whole element it can at worst be read as an option (medium). Values
 * only from `self` attributes are object state more often than caller data: one lower.
 */
function confidenceOf(taint: Taint): Level {
  if (taint.formatted) return taint.origin === 'attribute' ? 'medium' : 'high';
  return taint.origin === 'attribute' ? 'low' : 'medium';
}

/** The elements of a list command that can carry an argument (not the program, no literal, nothing after '--'). */
function argumentElements(call: SyntaxNode, context: RuleContext): { command: CommandList; elements: SyntaxNode[] } | undefined {
  if (!isCommandSink(call, context)) return undefined;
  // With shell=True the whole command is a shell script: DVR101 reports it.
  if (isTrueLiteral(callArguments(call, context.text).keywords.get('shell'))) return undefined;
  const command = listCommand(call, context);
  if (!command || command.elements.length === 0) return undefined;
  const elements = command.elements;
  const literal = (n: SyntaxNode | undefined): string | undefined => (n ? literalString(unparenthesize(n), context.text) : undefined);
  // `['sh', '-c', script]` and `[sys.executable, '-c', code]`: a program, not an argument (DVR101's for shells).
  const scriptIndex = runsScript(elements[0], context.text) ? elements.findIndex((e) => literal(e) === '-c') + 1 : -1;
  const candidates: SyntaxNode[] = [];
  // Element 0 is the program, not an argument: choosing it is a different problem (and usually
  // the wrapper's job). `ip_lib.sysctl` takes settings only, with no program in front.
  const first = lastSegment(calleeName(call, context.text)) === 'sysctl' ? 0 : 1;
  for (let i = first; i < elements.length; i++) {
    const element = elements[i];
    const value = literal(element);
    // After '--' nothing can be read as an option.
    if (value === '--') break;
    if (value !== undefined || i === scriptIndex || element.type === 'list_splat' || element.type === 'keyword_argument') continue;
    candidates.push(element);
  }
  return { command, elements: candidates };
}

function commandSinks(call: SyntaxNode, context: RuleContext): TaintSink[] {
  const found = argumentElements(call, context);
  if (!found) return [];
  const at = call.childForFieldName('function') ?? call;
  const message = `${calleeName(call, context.text)}() runs the command`;
  return found.elements.map((value) => ({ value, at, message }));
}

/** An external value that becomes a command argument inside a helper function. */
const THROUGH_CALLS: ThroughCallsRule = {
  ruleId: 'DVR102',
  sinks: commandSinks,
  describe: (taint, formatted, via, sink) => ({
    message: `Command argument built from unchecked external value '${taint.name}' through ${via}() (${sink})`,
    confidence: formatted ? 'high' : 'medium',
  }),
};

/** DVR102 argument-injection: an element of a list command built from an unchecked external value. */
export const DVR102: RuleCheck = {
  id: 'DVR102',
  nodeTypes: ['call'],
  // Taint is per function, through the summaries of the functions a call reaches; sinks and
  // import aliases are file-level facts read through context.memo.
  scope: 'callees',
  taintSinks: commandSinks,
  check(call, context) {
    // Test helpers build commands from their own parameters: no attacker chooses those arguments.
    if (context.file.isTestCode) return;
    const found = argumentElements(call, context);
    if (!found) {
      reportThroughCalls(call, context, THROUGH_CALLS);
      return;
    }
    const command = found.command;
    let best: { element: SyntaxNode; taint: Taint; confidence: Level } | undefined;
    for (const element of found.elements) {
      const taint = taintAt(element, context);
      if (!taint) continue;
      const confidence = confidenceOf(taint);
      if (!best || levelRank(confidence) > levelRank(best.confidence)) best = { element, taint, confidence };
    }
    if (!best) return;

    const callee = call.childForFieldName('function') ?? call;
    const extra: RelatedLocation[] = [];
    if (command.via) {
      const { name, statement, target } = command.via;
      const inList = best.element.startIndex >= statement.start && best.element.endIndex <= statement.end;
      extra.push(inList ? { ...target, message: `put in command list '${name}'` } : { ...spanOf(best.element), message: `added to command list '${name}'` });
    }
    context.report({
      node: callee,
      value: best.taint.name,
      confidence: best.confidence,
      related: taintPath(best.taint, spanOf(callee), `${calleeName(call, context.text)}() runs the command`, extra),
    });
  },
};
