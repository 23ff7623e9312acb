import { lastSegment } from '../engine/python';
import type { Level, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { argument } from './callFacts';
import { callName, qualifiedName } from './resolvedNames';

/** Protocol constants of SSL 2/3 and TLS 1.0/1.1, by module. */
const WEAK_PROTOCOLS = new Set([
  ...['PROTOCOL_SSLv2', 'PROTOCOL_SSLv3', 'PROTOCOL_TLSv1', 'PROTOCOL_TLSv1_1'].map((p) => `ssl.${p}`),
  ...['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1_1'].map((p) => `ssl.TLSVersion.${p}`),
  ...['SSLv2_METHOD', 'SSLv3_METHOD', 'TLSv1_METHOD', 'TLSv1_1_METHOD'].map((p) => `OpenSSL.SSL.${p}`),
]);
const WRAP_SOCKET = new Set(['ssl.wrap_socket']);

/** A mapping or list of three or more protocols: a table an operator chooses from, not a choice. */
function inProtocolTable(node: SyntaxNode): boolean {
  let p = node.parent;
  if (p?.type === 'pair') p = p.parent;
  if (!p || (p.type !== 'dictionary' && p.type !== 'list' && p.type !== 'tuple')) return false;
  return p.namedChildren.filter((c) => c.type !== 'comment').length >= 3;
}

/** The name nodes this rule may report: attributes (`ssl.PROTOCOL_TLSv1`) and imported names (`PROTOCOL_TLSv1`). */
function isNameUse(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  // The whole attribute chain is checked, not its parts.
  if (parent.type === 'attribute' && parent.childForFieldName('object')?.id === node.id) return false;
  if (node.type === 'identifier' && (parent.type === 'attribute' || parent.type === 'dotted_name' || parent.type === 'aliased_import' || parent.type === 'import_from_statement' || parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === node.id)) return false;
  return true;
}

/**
 * DVR902 weak-tls-version: SSL 2/3 and TLS 1.0/1.1 chosen in code (`ssl.PROTOCOL_TLSv1`,
 * `minimum_version = TLSVersion.TLSv1`, pyOpenSSL's `TLSv1_METHOD`), and `ssl.wrap_socket`
 * without a protocol.
 */
export const DVR902: RuleCheck = {
  id: 'DVR902',
  nodeTypes: ['attribute', 'identifier', 'call'],
  scope: 'definition',
  prefilter: /SSLv2|SSLv3|TLSv1\b|TLSv1_1|TLSv1_METHOD|TLSv1_1_METHOD|wrap_socket/,
  check(node, context: RuleContext) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    if (node.type === 'call') {
      const name = callName(node, context);
      if (!WRAP_SOCKET.has(name) || argument(node, context, 5, 'ssl_version')) return;
      context.report({ node: node.childForFieldName('function') ?? node, value: name, message: `'${name}' without ssl_version: removed in Python 3.12, use an SSLContext` });
      return;
    }
    if (!isNameUse(node)) return;
    const name = qualifiedName(node, context);
    if (!WEAK_PROTOCOLS.has(name)) return;
    // `if proto == ssl.PROTOCOL_TLSv1` and `getattr` tests look at a version, they do not choose it.
    if (node.parent?.type === 'comparison_operator') return;
    const confidence: Level = inProtocolTable(node) ? 'low' : 'high';
    context.report({ node, value: lastSegment(name), confidence });
  },
};
