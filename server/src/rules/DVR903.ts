import { callArguments, literalString, unparenthesize } from '../engine/python';
import type { Fix, Level, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { keywordArgument, isFalseLiteral } from './callFacts';
import { purposeOf, surroundingNames } from './purposeWords';
import { callName } from './resolvedNames';

const WEAK = /^(md5|md4|md2|sha1|sha|ripemd160|sha-1)$/i;
/** Constructors that take `usedforsecurity=` (Python 3.9+, and oslo.utils' wrapper). */
const FLAGGABLE = new Set(['hashlib.md5', 'hashlib.sha1', 'oslo_utils.secretutils.md5']);
/** Weak hashes of other libraries: no flag to say what they are for. */
const OTHER_WEAK = new Set([
  ...['Crypto', 'Cryptodome'].flatMap((lib) => ['MD2', 'MD4', 'MD5', 'SHA', 'SHA1'].map((h) => `${lib}.Hash.${h}.new`)),
  'cryptography.hazmat.primitives.hashes.MD5',
  'cryptography.hazmat.primitives.hashes.SHA1',
]);

/** The weak algorithm a call builds, or undefined. */
function weakAlgorithm(call: SyntaxNode, name: string, context: RuleContext): string | undefined {
  if (FLAGGABLE.has(name) || OTHER_WEAK.has(name)) return name;
  if (name !== 'hashlib.new') return undefined;
  const algorithm = callArguments(call, context.text).positional[0] ?? keywordArgument(call, context, 'name');
  const value = algorithm ? literalString(unparenthesize(algorithm), context.text) : undefined;
  return value !== undefined && WEAK.test(value) ? `hashlib.new('${value}')` : undefined;
}

/**
 * Adds `usedforsecurity=False` after the last argument. Never safe: before Python 3.9 the
 * keyword is a TypeError, and on a FIPS build it turns a call that raised into one that works.
 */
function notForSecurityFix(call: SyntaxNode): Fix | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const last = args.namedChildren.filter((c) => c.type !== 'comment').pop();
  const edit = last ? { start: last.endIndex, end: last.endIndex, newText: ', usedforsecurity=False' } : { start: args.startIndex + 1, end: args.startIndex + 1, newText: 'usedforsecurity=False' };
  return {
    title: 'Declare usedforsecurity=False (not a security use)',
    applicability: 'unsafe',
    edits: [edit],
  };
}

/**
 * DVR903 weak-hash: MD5, SHA-1 and older hashes. Security uses (passwords, tokens,
 * signatures) have high confidence; other uses without `usedforsecurity=False` are
 * reported low (they fail on FIPS systems) with a fix that declares them.
 */
export const DVR903: RuleCheck = {
  id: 'DVR903',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /md5|sha1|MD5|SHA|md4|MD4|MD2|hashlib/,
  check(call, context) {
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name) return;
    const algorithm = weakAlgorithm(call, name, context);
    if (!algorithm) return;
    if (isFalseLiteral(keywordArgument(call, context, 'usedforsecurity'))) return;
    const data = callArguments(call, context.text).positional[name === 'hashlib.new' ? 1 : 0];
    const names = [...surroundingNames(call, context), ...(data ? data.descendantsOfType('identifier').map(context.text) : [])];
    const purpose = purposeOf(names);
    // SHA-1 is still sound (and FIPS-approved) for identifiers and checksums: only security uses count.
    if (purpose !== 'security' && !/md[245]/i.test(algorithm)) return;
    const confidence: Level = purpose === 'security' ? 'high' : purpose === 'other' ? 'low' : 'medium';
    const flaggable = FLAGGABLE.has(name) || name === 'hashlib.new';
    const fix = flaggable && purpose !== 'security' ? notForSecurityFix(call) : undefined;
    context.report({ node: call.childForFieldName('function') ?? call, value: algorithm, confidence, ...(fix ? { fixes: [fix] } : {}) });
  },
};
