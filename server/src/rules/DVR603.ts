import { calleeName, literalString } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { isRoutable, parseAddressLiteral } from './ipAddresses';
import { nameWords } from '../engine/secretNames';

const COLLECTIONS = new Set(['list', 'tuple', 'set']);
const WRAPPERS = new Set(['argument_list', 'call', 'pair', 'dictionary', 'parenthesized_expression', 'keyword_argument']);

/**
 * A network that is one of three or more in a list, tuple or set (possibly wrapped in calls
 * or dicts: `[IPv4Network('10.0.0.0/8'), ...]`, `[{'Cidr': ...}, ...]`) belongs to a table of
 * ranges that code classifies addresses against: data about the address space, not an
 * address the code talks to.
 */
function isInNetworkTable(literal: SyntaxNode, context: RuleContext): boolean {
  let node: SyntaxNode | null = literal.parent;
  while (node && WRAPPERS.has(node.type)) node = node.parent;
  if (!node || !COLLECTIONS.has(node.type)) return false;
  let networks = 0;
  for (const s of node.descendantsOfType('string')) {
    const value = literalString(s, context.text);
    if (value && value.includes('/') && parseAddressLiteral(value)?.prefix !== undefined && ++networks >= 3) return true;
  }
  return false;
}

/**
 * Text every address isRoutable accepts contains: IPv4 digits around a dot; IPv6 in 2000::/3
 * or fc00::/7, whose first group is four hex digits (it cannot be left out); `ffff:` of an
 * IPv4-mapped address.
 */
const ROUTABLE_ADDRESS_TEXT = /\d\.\d|[23][0-9a-f]{3}:|f[cd][0-9a-f]{2}:|ffff:/i;

/** Words in a nearby name that say a dotted number is not an address: `__version__`, `ObjectIdentifier(...)`. */
const NOT_AN_ADDRESS = new Set(['version', 'ver', 'release', 'oid', 'identifier']);

/** The name the literal is given to: the callee, keyword, assignment target, dict key or parameter. */
function namingContext(literal: SyntaxNode, context: RuleContext): string {
  let node = literal;
  if (node.parent?.type === 'list' || node.parent?.type === 'tuple') node = node.parent;
  const parent = node.parent;
  if (!parent) return '';
  switch (parent.type) {
    case 'argument_list':
      return parent.parent?.type === 'call' ? calleeName(parent.parent, context.text) : '';
    case 'keyword_argument':
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = parent.childForFieldName('name');
      return name ? context.text(name) : '';
    }
    case 'assignment': {
      const left = parent.childForFieldName('left');
      return left ? context.text(left) : '';
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      return key ? literalString(key, context.text) ?? '' : '';
    }
    default:
      return '';
  }
}

/**
 * DVR603 hardcoded-address: a string literal in code whose whole value is a routable IPv4 or
 * IPv6 address or network. Docstrings and comments are not code; test code is left alone
 * (fixtures need addresses), and so are loopback, link-local, documentation and other
 * special-purpose ranges, the unspecified address and netmasks.
 */
export const DVR603: RuleCheck = {
  id: 'DVR603',
  nodeTypes: ['string'],
  scope: 'definition',
  anchor: ROUTABLE_ADDRESS_TEXT,
  check(literal, context) {
    if (context.file.isTestCode) return;
    // Cheap test on the raw text first: an address has a digit and a dot or a colon, and fits in 49 characters.
    const length = literal.endIndex - literal.startIndex;
    if (length < 4 || length > 56) return;
    const raw = context.file.text.slice(literal.startIndex, literal.endIndex);
    if (!/\d/.test(raw) || !/[.:]/.test(raw)) return;
    const parent = literal.parent;
    if (!parent || parent.type === 'concatenated_string') return;
    // A string statement on its own is a docstring or a comment in disguise.
    if (parent.type === 'expression_statement' && parent.namedChildren.length === 1) return;
    const value = literalString(literal, context.text);
    if (value === undefined || value.length < 2 || value.length > 49) return;
    const address = parseAddressLiteral(value);
    if (!address || !isRoutable(address)) return;
    if (address.prefix !== undefined && isInNetworkTable(literal, context)) return;
    // Four-part versions and OIDs look like IPv4 addresses; `1.0.0.0` without a prefix is a version.
    if (address.version === 4 && address.prefix === undefined && /^\d+\.0\.0\.0$/.test(value)) return;
    if (address.version === 4 && address.prefix === undefined && nameWords(namingContext(literal, context)).some((w) => NOT_AN_ADDRESS.has(w))) return;
    context.report({ node: literal, value });
  },
};
