import { identifierWords } from './identifierWords';

/** The catalogue's secret words, one list for DVR401 and DVR601: plurals and run-together forms included. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwords', 'passwd', 'passwds', 'pwd', 'pwds', 'secret', 'secrets', 'token', 'tokens',
  'apikey', 'apikeys', 'privatekey', 'privatekeys', 'authtoken', 'authtokens',
  'credential', 'credentials', 'psk', 'psks', 'auth', 'cookie', 'cookies',
]);
/** Two-word secrets: `api_key`, `private_key` (and `apiKey`, `private-key`). */
const SECRET_PAIRS: readonly [string, string][] = [['api', 'key'], ['api', 'keys'], ['private', 'key'], ['private', 'keys']];

/**
 * Last words that make the secret word a qualifier of another noun (`token_expiry`,
 * `password_policy`, `auth_url`): the name is about the secret, not the secret.
 */
const QUALIFIERS = new Set([
  'expiry', 'expires', 'expiration', 'policy', 'url', 'uri', 'strategy', 'type', 'method', 'plugin',
  'section', 'version', 'file', 'path', 'length', 'ttl', 'timeout',
  // Not in the catalogue's list, but as plainly not secret: names, counts, positions, switches.
  'name', 'names', 'count', 'size', 'len', 'dir', 'required', 'enabled', 'mode', 'provider', 'class', 'handler',
  'scheme', 'schemes', 'pos', 'position', 'range', 'index', 'idx', 'kind',
]);

/**
 * `token` alone is also a lexer's token, a pagination or cache token: it counts as a
 * secret when the name says whose token it is (`auth_token`, `access_token`,
 * `token_id`), or when it is the whole name outside lexer and parser code.
 */
const TOKEN_OWNERS = new Set([
  'auth', 'access', 'refresh', 'bearer', 'id', 'api', 'session', 'csrf', 'xsrf', 'keystone', 'admin', 'service',
  'user', 'oauth', 'oauth2', 'jwt', 'security', 'identity', 'login', 'personal', 'private', 'secret', 'trust', 'project',
]);

export interface SecretNameOptions {
  /** The code is a lexer or parser, where a bare `token` is a piece of syntax. */
  lexical?: boolean;
}

/** Leading words that make a name a yes/no about a secret (`has_password`, `is_auth`). */
const PREDICATE_PREFIXES = new Set(['is', 'has', 'use', 'uses', 'needs', 'no', 'require', 'requires']);

/** The secret word a name contains, unless the word only qualifies another noun; undefined when not secret. */
export function secretWordIn(name: string, options: SecretNameOptions = {}): string | undefined {
  const words = identifierWords(name);
  if (words.length === 0) return undefined;
  if (QUALIFIERS.has(words[words.length - 1])) return undefined;
  if (PREDICATE_PREFIXES.has(words[0]) && words.length > 1) return undefined;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'token' || words[i] === 'tokens') {
      if (words.length === 1 ? !options.lexical : words.some((w) => TOKEN_OWNERS.has(w))) return words[i];
      continue;
    }
    if (SECRET_WORDS.has(words[i])) return words[i];
    const next = words[i + 1];
    if (next !== undefined && SECRET_PAIRS.some(([a, b]) => a === words[i] && b === next)) return `${words[i]}_${next}`;
  }
  return undefined;
}

export function looksSecret(name: string, options: SecretNameOptions = {}): boolean {
  return secretWordIn(name, options) !== undefined;
}
