import { identifierWords } from '../engine/identifierWords';
import { functionName } from '../engine/python';
import type { RuleContext, SyntaxNode } from '../engine/types';

/**
 * What a hash or random value is for, read from the names around it: the variable or
 * attribute it is stored in, the keyword it is passed as, the function it is made in, the
 * expression it is made from. DVR903 and DVR905 decide their confidence (and DVR903 its fix)
 * from it.
 */
export type Purpose = 'security' | 'other' | 'unknown';

const SECURITY_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'secret', 'secrets', 'token', 'tokens', 'signature', 'sign', 'signed',
  'signing', 'auth', 'authenticate', 'authentication', 'hmac', 'credential', 'credentials', 'salt', 'nonce', 'otp',
  'integrity', 'csrf', 'xsrf', 'apikey', 'session', 'verifier', 'pin', 'captcha', 'cipher', 'encrypt', 'encryption',
  'decrypt', 'private', 'privkey', 'psk', 'reset', 'activation',
]);
const OTHER_WORDS = new Set([
  'cache', 'etag', 'checksum', 'md5sum', 'shard', 'bucket', 'partition', 'ring', 'name', 'names', 'device', 'dev',
  'interface', 'iface', 'label', 'tag', 'uuid', 'dedup', 'dedupe', 'short', 'shorten', 'truncate', 'truncated',
  'lock', 'path', 'filename', 'chunk', 'index', 'color', 'colour', 'jitter', 'backoff', 'delay', 'sleep', 'retry',
  'interval', 'shuffle', 'sample', 'port', 'ports', 'mac', 'vlan', 'bridge', 'namespace', 'prefix', 'suffix',
  'test', 'fake', 'mock', 'random', 'choose', 'pick', 'select', 'balance', 'spread', 'weight', 'hostname',
]);

const HOPS = new Set([
  'call', 'attribute', 'argument_list', 'parenthesized_expression', 'binary_operator', 'subscript', 'keyword_argument', 'pair', 'dictionary',
  'generator_expression', 'list_comprehension', 'set_comprehension', 'interpolation', 'string', 'concatenated_string', 'conditional_expression',
  'unary_operator', 'list', 'tuple',
]);

/** Names the value flows into: assignment targets, keywords and dict keys on the way up, and the function. */
export function surroundingNames(node: SyntaxNode, context: RuleContext): string[] {
  const names: string[] = [];
  let current: SyntaxNode = node;
  for (let p = node.parent; p; current = p, p = p.parent) {
    if (p.type === 'keyword_argument') {
      const key = p.childForFieldName('name');
      if (key) names.push(context.text(key));
    } else if (p.type === 'pair') {
      const key = p.childForFieldName('key');
      if (key && key.startIndex !== current.startIndex) names.push(context.text(key));
    } else if (p.type === 'assignment' || p.type === 'augmented_assignment') {
      const left = p.childForFieldName('left');
      if (left && left.startIndex !== current.startIndex) names.push(context.text(left));
      break;
    } else if (p.type === 'return_statement') {
      break;
    } else if (!HOPS.has(p.type)) {
      break;
    }
  }
  const fn = context.model.enclosingFunction(node);
  if (fn) names.push(functionName(fn, context.text));
  return names;
}

/** Security words outrank the others: `password_cache_key` is about a password. */
export function purposeOf(names: readonly string[]): Purpose {
  const words = names.flatMap(identifierWords);
  if (words.some((w) => SECURITY_WORDS.has(w))) return 'security';
  if (words.some((w) => OTHER_WORDS.has(w))) return 'other';
  return 'unknown';
}
