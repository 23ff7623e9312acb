import { isSourced, taintAt } from '../analysis/taint';
import { loggedValues, readLogCall } from '../engine/logCalls';
import { compactText } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';

/** Names the catalogue gives RPC payload objects; any `*_port` is a port dict too. */
const PAYLOAD_NAMES = new Set(['port', 'router', 'fip', 'ex_gw_port', 'subnet', 'context', 'body', 'request']);

const PAYLOAD_HINT = /port|router|fip|subnet|context|body|request/;

export function isPayloadName(name: string): boolean {
  return PAYLOAD_NAMES.has(name) || /^[a-z0-9]+(_[a-z0-9]+)*_port$/.test(name);
}

const PORT_NAME = /(^|_)port$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Whether a logged port name holds a port dict rather than a port number or id: the
 * enclosing function reads it as a mapping (`name[...]`, `name.get(...)`) or gets it from a port
 * API call (`x_port = self.get_x_port(...)`). On real OpenStack
 * code most `port`/`*_port` values in log calls are TCP ports, port ids or names.
 */
function usedAsMapping(name: string, from: SyntaxNode, context: RuleContext): boolean {
  let fn: SyntaxNode | null = from.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return false;
  const text = context.text(fn);
  const name_ = escapeRegExp(name);
  // Read as a mapping, or the result of a port API call (`sn_port = self.get_snat_port(...)`).
  return new RegExp(`(^|[^\\w.])${name_}(\\[|\\.get\\()`).test(text) || new RegExp(`(^|[^\\w.])${name_}\\s*=\\s*[\\w.]*_port\\w*\\(`).test(text);
}

/** A logged value that is only the owner of one element (`port[constants.ID]`) logs that element, not the object. */
function isSingleElement(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent?.type === 'subscript' && parent.childForFieldName('value')?.id === node.id;
}

/** DVR402 payload-object-in-log: a whole payload object is written to the log. */
export const DVR402: RuleCheck = {
  id: 'DVR402',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['call'],
  check(call, context) {
    // RPC payloads exist in OpenStack services; elsewhere `port` or `request` is usually a number or an HTTP object.
    if (context.file.isTestCode || !context.model.isOpenStack || !context.mayMatch(call, PAYLOAD_HINT)) return;
    const log = readLogCall(call, context.text, true);
    if (!log) return;
    // API request bodies and remote payloads only: what the server built itself (agent RPC,
    // notifications) is its own data. The `parameters` threat model audits every payload.
    const payload = loggedValues(log, context.text).find((v) => {
      if ((v.kind !== 'identifier' && v.kind !== 'attribute') || !isPayloadName(v.name) || isSingleElement(v.node)) return false;
      const taint = taintAt(v.node, context, 'keep');
      if (!taint || taint.origin === 'attribute') return false;
      // A remote source (an API body a plugin's create_port receives) is a payload whatever its name;
      // a local source (`os.environ`, `sys.argv`) is an operator's scalar string, never an RPC payload.
      if (taint.origin === 'local') return false;
      if (isSourced(taint)) return true;
      // `self.port`, `listener.protocol_port`: an attribute named port is a number or a name.
      return !PORT_NAME.test(v.name) || (v.kind === 'identifier' && usedAsMapping(v.name, call, context));
    });
    if (!payload) return;
    context.report({ node: call.childForFieldName('function') ?? call, value: compactText(payload.node, context.text) });
  },
};
