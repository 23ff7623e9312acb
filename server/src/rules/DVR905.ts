import { stdlibImportInsertions } from '../fixes/imports';
import { lastSegment } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { purposeOf, surroundingNames } from './purposeWords';
import { callName } from './resolvedNames';

/** The module-level functions of `random` (its shared Mersenne Twister). */
const RANDOM_FUNCTIONS = new Set(['random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'uniform', 'shuffle', 'randbytes', 'triangular']);
/** Same-signature replacements in `secrets`. */
const SECRETS_EQUIVALENT: Record<string, string> = { choice: 'choice', getrandbits: 'randbits', randbytes: 'token_bytes' };

/** `random.choice(x)` -> `secrets.choice(x)` (and `import secrets`). Unsafe: seeding no longer repeats the values. */
function secretsFix(call: SyntaxNode, fn: string, context: RuleContext): Fix | undefined {
  const callee = call.childForFieldName('function');
  const replacement = SECRETS_EQUIVALENT[fn];
  if (!callee || !replacement) return undefined;
  const imports = stdlibImportInsertions(context.file.text, context.file.tree.rootNode, context.text, ['secrets']).map((i) => i.edit);
  return {
    title: `Use secrets.${replacement}()`,
    applicability: 'unsafe',
    edits: [{ start: callee.startIndex, end: callee.endIndex, newText: `secrets.${replacement}` }, ...imports],
  };
}

/**
 * DVR905 insecure-random: `random`'s functions making a value whose names say it is a
 * secret (password, token, salt, nonce, key material).
 */
export const DVR905: RuleCheck = {
  id: 'DVR905',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /random/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name.startsWith('random.') || name.split('.').length !== 2) return;
    const fn = lastSegment(name);
    if (!RANDOM_FUNCTIONS.has(fn)) return;
    if (purposeOf(surroundingNames(call, context)) !== 'security') return;
    const fix = secretsFix(call, fn, context);
    context.report({ node: call.childForFieldName('function') ?? call, value: name, ...(fix ? { fixes: [fix] } : {}) });
  },
};
