import { readsWholeClass } from '../engine/classUnits';
import { calleeName, enclosingClass, enclosingFunction, functionName, lastSegment, type TextOf } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { logCallLevel } from '../engine/vocabulary';

const CREATORS = new Set(['ensure_namespace', 'create_network_namespace', 'add_veth', 'add_dummy', 'add_tuntap', 'add_vxlan', 'add_vlan']);
/** Calls and methods that remove kernel objects again (`netns.delete`, `del_veth`, `delete_network_namespace`, `garbage_collect`). */
const CLEANUP = /^(delete\w*|del_\w+|garbage_collect|destroy\w*|cleanup\w*|_cleanup\w*)$/;
const CLEANUP_METHODS = new Set(['delete', 'garbage_collect']);

/** Text every kernel object creation's callee contains. */
const CREATION_WORDS = /ensure_namespace|create_network_namespace|add_(?:veth|dummy|tuntap|vxlan|vlan)|netns\s*\.\s*add\b/;

export function isKernelObjectCreation(call: SyntaxNode, text: TextOf): boolean {
  const name = calleeName(call, text);
  return CREATORS.has(lastSegment(name)) || name === 'netns.add' || name.endsWith('.netns.add');
}

function isCleanupCall(call: SyntaxNode, text: TextOf): boolean {
  return CLEANUP.test(lastSegment(calleeName(call, text)));
}

function callsIn(root: SyntaxNode): SyntaxNode[] {
  const calls: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.id !== root.id && (node.type === 'function_definition' || node.type === 'lambda')) continue;
    if (node.type === 'call') calls.push(node);
    for (const child of node.namedChildren) stack.push(child);
  }
  return calls;
}

/** A `try` in the function whose `except` or `finally` removes something. */
function hasCleanupHandler(fn: SyntaxNode, text: TextOf): boolean {
  for (const clause of fn.descendantsOfType(['except_clause', 'finally_clause'])) {
    if (callsIn(clause).some((c) => isCleanupCall(c, text))) return true;
  }
  return false;
}

/** The class (or, for a module function, the function) has a delete path for what it creates. */
function ownerHasCleanup(fn: SyntaxNode, context: RuleContext): boolean {
  const text = context.text;
  const cls = enclosingClass(fn);
  const owner = cls ?? fn;
  // Any method of the class may clean up: the editor re-checks this one after any edit of the class.
  if (cls) readsWholeClass(cls, context);
  return context.memo(`DVR502:cleanup:${owner.startIndex}`, () => {
    if (cls) {
      for (const def of cls.descendantsOfType('function_definition')) if (CLEANUP_METHODS.has(functionName(def, text))) return true;
    }
    return callsIn(owner).some((c) => isCleanupCall(c, text));
  });
}

/** DVR502 kernel-resource-without-cleanup: a namespace or device is created, more can fail, and nothing removes it. */
export const DVR502: RuleCheck = {
  id: 'DVR502',
  nodeTypes: ['call'],
  scope: 'definition',
  // Reports only creations: their callee names one of CREATORS or `netns.add`.
  anchor: CREATION_WORDS,
  check(call, context) {
    if (!isKernelObjectCreation(call, context.text)) return;
    const fn = enclosingFunction(call);
    const body = fn?.childForFieldName('body');
    if (!fn || !body) return;
    const later = callsIn(body).filter((c) => c.startIndex > call.endIndex && !logCallLevel(c, context.text));
    if (later.length === 0) return;
    if (hasCleanupHandler(fn, context.text) || ownerHasCleanup(fn, context)) return;
    context.report({ node: call, value: calleeName(call, context.text) });
  },
};
