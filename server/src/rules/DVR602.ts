import { callArguments, calleeName, lastSegment, literalString } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';

const WILDCARDS = new Set(['0.0.0.0', '::']);

/** Calls that bind a listening socket to the address they are given. */
function isBindCall(call: SyntaxNode, context: RuleContext): boolean {
  const name = calleeName(call, context.text);
  const fn = lastSegment(name);
  if (['bind', 'listen', 'create_server', 'start_server', 'make_server'].includes(fn)) return true;
  // wsgi.Server, socketserver.TCPServer, http.server.HTTPServer and friends.
  return /Server$/.test(fn) && /^[A-Z]/.test(fn);
}

/** Parameter, keyword and option names that say "the address to listen on". */
const HOST_NAMES = new Set(['host', 'bind_host', 'bind_address', 'listen', 'listen_host', 'listen_address']);

function isOptionDefault(keyword: SyntaxNode, context: RuleContext): boolean {
  const call = keyword.parent?.parent;
  if (!call || call.type !== 'call' || !/Opt$/.test(lastSegment(calleeName(call, context.text)))) return false;
  const args = callArguments(call, context.text);
  const first = args.positional[0] ?? args.keywords.get('name');
  const option = first ? literalString(first, context.text) : undefined;
  return !!option && HOST_NAMES.has(option);
}

/** True when this wildcard literal is the address something binds or listens on. */
function bindContext(literal: SyntaxNode, context: RuleContext): boolean {
  let node = literal;
  // The address inside an (address, port) tuple.
  if (node.parent?.type === 'tuple' && node.parent.namedChildren[0]?.id === node.id) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'argument_list') return parent.parent?.type === 'call' && isBindCall(parent.parent, context);
  if (parent.type === 'keyword_argument' && parent.childForFieldName('value')?.id === node.id) {
    const name = parent.childForFieldName('name');
    const keyword = name ? context.text(name) : '';
    if (HOST_NAMES.has(keyword)) return true;
    if (keyword === 'default') return isOptionDefault(parent, context);
    if (keyword === 'server_address' || keyword === 'address') return parent.parent?.parent?.type === 'call' && isBindCall(parent.parent.parent, context);
    return false;
  }
  if ((parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && parent.childForFieldName('value')?.id === node.id) {
    const name = parent.childForFieldName('name');
    return !!name && HOST_NAMES.has(context.text(name));
  }
  return false;
}

/**
 * DVR602 bind-all-interfaces: `'0.0.0.0'` or `'::'` given to a bind/listen/server call, as a
 * host/bind_host/listen keyword, or as the default of such a parameter or option.
 */
export const DVR602: RuleCheck = {
  id: 'DVR602',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['string'],
  // Reports only literals whose text is one of WILDCARDS.
  anchor: /0\.0\.0\.0|::/,
  check(literal, context) {
    // '0.0.0.0' or '::' with quotes and a prefix: anything longer cannot be one.
    if (literal.endIndex - literal.startIndex > 12) return;
    const value = literalString(literal, context.text);
    if (value === undefined || !WILDCARDS.has(value)) return;
    if (!bindContext(literal, context)) return;
    // A test server on every interface still opens a port on the machine running the tests,
    // but only for the run: worth a look, not a blocker.
    const inTests = context.file.isTestCode;
    context.report({ node: literal, value, ...(inTests ? { severity: 'low' as const, confidence: 'low' as const } : {}) });
  },
};
