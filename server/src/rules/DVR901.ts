import { lastSegment, unparenthesize } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isFalseLiteral, isMockAssertion, stringValue } from './callFacts';
import { callName, qualifiedName } from './resolvedNames';

/** Calls that turn certificate or host name checks off whatever their arguments. */
const UNVERIFIED_CALLS = new Set([
  'ssl._create_unverified_context',
  'ssl._create_stdlib_context',
  'urllib3.disable_warnings',
  'requests.packages.urllib3.disable_warnings',
]);
/** Keywords whose literal False turns verification off (requests, httpx, keystoneauth, urllib3). */
const VERIFY_KEYWORDS = new Set(['verify', 'verify_ssl', 'assert_hostname', 'check_hostname', 'ssl_verify']);
const CERT_REQS_KEYWORDS = new Set(['cert_reqs', 'verify_mode']);

function isCertNone(value: SyntaxNode, context: RuleContext): boolean {
  const v = unparenthesize(value);
  if (stringValue(v, context) === 'CERT_NONE') return true;
  const name = qualifiedName(v, context);
  return name !== '' && lastSegment(name) === 'CERT_NONE';
}

/** Inside the arguments of a mock assertion: a description of a call, not a call. */
function inMockAssertion(node: SyntaxNode, context: RuleContext): boolean {
  for (let p = node.parent; p && p.type !== 'expression_statement' && p.type !== 'block'; p = p.parent) {
    if (p.type === 'call' && isMockAssertion(p, context)) return true;
  }
  return false;
}

/**
 * DVR901 tls-verification-disabled: certificate or host name verification turned off
 * (`verify=False`, `CERT_NONE`, `check_hostname = False`, `ssl._create_unverified_context`,
 * `urllib3.disable_warnings`).
 */
export const DVR901: RuleCheck = {
  id: 'DVR901',
  nodeTypes: ['call', 'keyword_argument', 'assignment'],
  scope: 'definition',
  prefilter: /verify|CERT_NONE|check_hostname|assert_hostname|_create_unverified_context|_create_stdlib_context|disable_warnings/,
  check(node, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    if (node.type === 'call') {
      const name = callName(node, context);
      if (UNVERIFIED_CALLS.has(name)) context.report({ node: node.childForFieldName('function') ?? node, value: name });
      return;
    }
    if (node.type === 'keyword_argument') {
      const key = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (!key || !value) return;
      const keyword = context.text(key);
      const off = (VERIFY_KEYWORDS.has(keyword) && isFalseLiteral(value)) || (CERT_REQS_KEYWORDS.has(keyword) && isCertNone(value, context));
      if (!off || inMockAssertion(node, context)) return;
      context.report({ node, value: context.text(node).replace(/\s+/g, '') });
      return;
    }
    // `ctx.check_hostname = False`, `ctx.verify_mode = ssl.CERT_NONE`, `session.verify = False`,
    // `ssl._create_default_https_context = ssl._create_unverified_context`.
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right || left.type !== 'attribute') return;
    const attribute = lastSegment(context.text(left).replace(/\s+/g, ''));
    const off =
      ((attribute === 'check_hostname' || attribute === 'verify') && isFalseLiteral(right)) ||
      (attribute === 'verify_mode' && isCertNone(right, context)) ||
      (attribute === '_create_default_https_context' && qualifiedName(right, context) === 'ssl._create_unverified_context');
    if (off) context.report({ node, value: context.text(node).replace(/\s+/g, ' ') });
  },
};
