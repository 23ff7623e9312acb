import { loggedValues, readLogCall } from '../engine/logCalls';
import { compactText } from '../engine/python';
import type { RuleCheck } from '../engine/types';

/** Names the catalogue gives RPC payload objects; any `*_port` is a port dict too. */
const PAYLOAD_NAMES = new Set(['port', 'router', 'fip', 'ex_gw_port', 'subnet', 'context', 'body', 'request']);

const PAYLOAD_HINT = /port|router|fip|subnet|context|body|request/;

export function isPayloadName(name: string): boolean {
  return PAYLOAD_NAMES.has(name) || /^[a-z0-9]+(_[a-z0-9]+)*_port$/.test(name);
}

/** DVR402 payload-object-in-log: a whole payload object is written to the log. */
export const DVR402: RuleCheck = {
  id: 'DVR402',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['call'],
  check(call, context) {
    // RPC payloads exist in OpenStack services; elsewhere `port` or `request` is usually a number or an HTTP object.
    if (!context.model.isOpenStack || !PAYLOAD_HINT.test(context.text(call))) return;
    const log = readLogCall(call, context.text, true);
    if (!log) return;
    const payload = loggedValues(log, context.text).find((v) => (v.kind === 'identifier' || v.kind === 'attribute') && isPayloadName(v.name));
    if (!payload) return;
    context.report({ node: call.childForFieldName('function') ?? call, value: compactText(payload.node, context.text) });
  },
};
