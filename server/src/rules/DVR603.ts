import { literalString } from '../engine/python';
import type { RuleCheck } from '../engine/types';
import { isRoutable, parseAddressLiteral } from './ipAddresses';

/**
 * DVR603 hardcoded-address: a string literal in code whose whole value is a routable IPv4 or
 * IPv6 address or network. Docstrings and comments are not code; test code is left alone
 * (fixtures need addresses), and so are loopback, link-local, documentation and other
 * special-purpose ranges, the unspecified address and netmasks.
 */
export const DVR603: RuleCheck = {
  id: 'DVR603',
  nodeTypes: ['string'],
  check(literal, context) {
    if (context.file.isTestCode) return;
    const parent = literal.parent;
    if (!parent || parent.type === 'concatenated_string') return;
    // A string statement on its own is a docstring or a comment in disguise.
    if (parent.type === 'expression_statement' && parent.namedChildren.length === 1) return;
    const value = literalString(literal, context.text);
    if (value === undefined || value.length < 2 || value.length > 49) return;
    const address = parseAddressLiteral(value);
    if (address && isRoutable(address)) context.report({ node: literal, value });
  },
};
