import { callArguments, literalString, unparenthesize } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isMockAssertion } from './callFacts';
import { parseAddressLiteral, isRoutable } from './ipAddresses';
import { callName } from './resolvedNames';

/** Protocol clients that send everything, passwords included, in clear text. */
const CLEARTEXT_CLIENTS: ReadonlyMap<string, string | undefined> = new Map([
  ['telnetlib.Telnet', undefined],
  ['ftplib.FTP', 'FTP_TLS'],
]);
const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];
/** HTTP clients and the position of their URL argument. */
const URL_ARGUMENT: ReadonlyMap<string, number> = new Map([
  ...HTTP_VERBS.flatMap((v): [string, number][] => [[`requests.${v}`, 0], [`httpx.${v}`, 0]]),
  ['requests.request', 1],
  ['httpx.request', 1],
  ['httpx.stream', 1],
  ['urllib.request.urlopen', 0],
  ['urllib.request.Request', 0],
  ['urllib2.urlopen', 0],
  ['urllib2.Request', 0],
  ['xmlrpc.client.ServerProxy', 0],
  ['xmlrpclib.ServerProxy', 0],
]);

/** The host of an `http://` URL when it is written down and is not this machine or link-local. */
function remoteHttpHost(url: string): string | undefined {
  const m = /^http:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url);
  if (!m) return undefined;
  const host = m[1].replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '') return undefined;
  const address = parseAddressLiteral(host);
  if (address) return isRoutable(address) ? host : undefined;
  // `http://%s:%s`, `{host}`: the host is not known.
  if (/[%{}]/.test(host)) return undefined;
  return host;
}

/** The literal text a URL argument starts with (a whole literal, or the first part of a concatenation, format or f-string). */
function urlPrefix(arg: SyntaxNode, context: RuleContext): { node: SyntaxNode; text: string } | undefined {
  let n = unparenthesize(arg);
  if (n.type === 'binary_operator') n = unparenthesize(n.childForFieldName('left') ?? n);
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type === 'attribute' && context.text(fn.childForFieldName('attribute') ?? fn) === 'format') n = unparenthesize(fn.childForFieldName('object') ?? n);
  }
  if (n.type !== 'string') return undefined;
  const whole = literalString(n, context.text);
  if (whole !== undefined) return { node: n, text: whole };
  // An f-string: its text before the first interpolation.
  let text = '';
  for (const child of n.namedChildren) {
    if (child.type === 'interpolation') break;
    if (child.type === 'string_content' || child.type === 'escape_sequence') text += context.text(child);
  }
  return { node: n, text };
}

function httpsFix(literal: SyntaxNode, context: RuleContext): Fix | undefined {
  const at = context.text(literal).indexOf('http://');
  if (at < 0) return undefined;
  const start = literal.startIndex + at;
  return { title: 'Use https://', applicability: 'unsafe', edits: [{ start, end: start + 'http://'.length, newText: 'https://' }] };
}

/**
 * DVR907 cleartext-protocol: telnet and plain FTP clients, and `http://` URLs of remote
 * hosts written into HTTP client calls.
 */
export const DVR907: RuleCheck = {
  id: 'DVR907',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /telnetlib|ftplib|http:\/\//,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name || (!CLEARTEXT_CLIENTS.has(name) && !URL_ARGUMENT.has(name)) || isMockAssertion(call, context)) return;
    const callee = call.childForFieldName('function') ?? call;
    if (CLEARTEXT_CLIENTS.has(name)) {
      const secure = CLEARTEXT_CLIENTS.get(name);
      const last = callee.type === 'attribute' ? callee.childForFieldName('attribute') : null;
      const fix: Fix | undefined = secure && last ? { title: `Use ${secure} (FTP over TLS)`, applicability: 'unsafe', edits: [{ start: last.startIndex, end: last.endIndex, newText: secure }] } : undefined;
      context.report({ node: callee, value: name, ...(fix ? { fixes: [fix] } : {}) });
      return;
    }
    const position = URL_ARGUMENT.get(name);
    if (position === undefined) return;
    const args = callArguments(call, context.text);
    const url = args.keywords.get('url') ?? args.positional[position];
    const prefix = url ? urlPrefix(url, context) : undefined;
    if (!prefix) return;
    const host = remoteHttpHost(prefix.text);
    if (!host) return;
    const fix = httpsFix(prefix.node, context);
    context.report({
      node: prefix.node,
      value: `http://${host}`,
      message: `Plain HTTP to '${host}': requests and responses travel in clear text`,
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
};
