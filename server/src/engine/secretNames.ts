import { identifierWords } from './identifierWords';

/**
 * Which names look like they hold a secret, for DVR401 (secret-in-log: `looksSecret`) and
 * DVR601/DVR603 (hardcoded credentials: `isSecretName`): one word list, each rule's qualifiers.
 */

/** The catalogue's secret words, one list for DVR401 and DVR601: plurals and run-together forms included. */
export const SECRET_WORDS: ReadonlySet<string> = new Set([
  'password', 'passwords', 'passwd', 'passwds', 'pwd', 'pwds', 'secret', 'secrets', 'token', 'tokens',
  'apikey', 'apikeys', 'privatekey', 'privatekeys', 'authtoken', 'authtokens',
  'credential', 'credentials', 'psk', 'psks', 'auth', 'cookie', 'cookies',
]);
/**
 * Text every name isSecretName accepts contains (ignoring case): one of SECRET_WORDS, or a
 * SECRET_PAIRS pair with separators or digits between. Keep in step with both.
 */
export const SECRET_NAME_TEXT = /passw|pwd|secret|token|auth|credential|psk|cookie|apikey|privatekey|(api|private)[^A-Za-z]*key/i;
/** Two-word secret names (`api_key`, `apiKey`, `private_key`, `private-key`): first word -> second words. */
const SECRET_PAIRS = new Map([
  ['api', new Set(['key', 'keys'])],
  ['private', new Set(['key', 'keys'])],
]);

/**
 * Names in log calls (DVR401): last words that make the secret word a qualifier of another
 * noun (`token_expiry`, `password_policy`, `auth_url`): the name is about the secret, not the secret.
 */
const LOG_QUALIFIERS = new Set([
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
  if (LOG_QUALIFIERS.has(words[words.length - 1])) return undefined;
  if (PREDICATE_PREFIXES.has(words[0]) && words.length > 1) return undefined;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'token' || words[i] === 'tokens') {
      if (words.length === 1 ? !options.lexical : words.some((w) => TOKEN_OWNERS.has(w))) return words[i];
      continue;
    }
    if (SECRET_WORDS.has(words[i])) return words[i];
    const next = words[i + 1];
    if (next !== undefined && SECRET_PAIRS.get(words[i])?.has(next)) return `${words[i]}_${next}`;
  }
  return undefined;
}

export function looksSecret(name: string, options: SecretNameOptions = {}): boolean {
  return secretWordIn(name, options) !== undefined;
}

/**
 * Credential names (DVR601): words that, right after a secret word, say the name is about the secret rather than the
 * secret itself: `token_expiry`, `password_policy`, `auth_url`, `max_password_length`.
 */
const CREDENTIAL_QUALIFIERS = new Set([
  'expiry', 'expires', 'expire', 'expired', 'expiration', 'ttl', 'timeout', 'lifetime', 'age',
  'policy', 'policies', 'strategy', 'type', 'types', 'kind', 'mode', 'method', 'methods', 'plugin', 'plugins',
  'url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints', 'host', 'hosts', 'port', 'region', 'protocol', 'scheme',
  'realm', 'section', 'group', 'version', 'backend', 'driver', 'provider', 'manager', 'handler', 'class',
  'length', 'len', 'size', 'min', 'max', 'count', 'retries', 'interval', 'cache',
  'file', 'files', 'filename', 'path', 'dir', 'directory', 'store', 'storage',
  'header', 'headers', 'name', 'names', 'field', 'fields', 'prefix', 'suffix',
  'format', 'fmt', 'pattern', 'regex', 'encoding', 'hash', 'salt', 'algorithm',
  'required', 'enabled', 'disabled', 'option', 'options', 'opt', 'opts',
  'prompt', 'hint', 'label', 'help', 'message', 'msg', 'error', 'errors',
  'char', 'chars', 'start', 'end', 'index', 'idx', 'pos', 'state', 'status',
  'hdr', 'source', 'location', 'profile', 'placement', 'use', 'usage',
  // predicates: `TokenIsInUse`, `PasswordMismatch`, `token_not_found`
  'is', 'not', 'invalid', 'mismatch', 'missing', 'changed', 'change', 'reset',
  'declined', 'denied', 'revoked', 'failed', 'accepted', 'supported',
  // what the secret is for or about, not the secret: `auth_service`, `password_last_used`
  'service', 'command', 'server', 'user', 'username', 'tenant', 'project', 'domain', 'role', 'scope',
  'last', 'used', 'created', 'updated', 'date', 'time', 'timestamp', 'at',
]);

/** Words that, right before a secret word, name a condition rather than a secret: `InvalidToken`, `no_auth`. */
const PREFIX_QUALIFIERS = new Set(['invalid', 'bad', 'wrong', 'missing', 'expired', 'revoked', 'without', 'failed', 'no']);

/**
 * Words that, right before `token`, make it a position or cursor rather than a secret:
 * pagination (`next_token`, `page_token`) and parser state (`current_token`).
 */
const TOKEN_QUALIFIERS = new Set([
  'next', 'prev', 'previous', 'current', 'cur', 'last', 'first', 'page', 'pagination', 'continuation',
  'sync', 'input', 'output', 'start', 'end', 'cancel', 'cancellation',
]);

/** Splits a name into lower-case words on `_`, `-`, `.`, other punctuation and camelCase. */
export function nameWords(name: string): string[] {
  const words: string[] = [];
  for (const chunk of name.split(/[^A-Za-z0-9]+/)) {
    if (!chunk) continue;
    // `XAuthToken` -> X, Auth, Token; `APIKey` -> API, Key; `password2` -> password, 2.
    for (const m of chunk.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? []) words.push(m.toLowerCase());
  }
  return words;
}

/** Length of the secret word (1 or 2 words) starting at `i`, or 0. */
function secretWordAt(words: readonly string[], i: number): number {
  if (SECRET_WORDS.has(words[i])) return 1;
  const second = SECRET_PAIRS.get(words[i]);
  return second && i + 1 < words.length && second.has(words[i + 1]) ? 2 : 0;
}

/** True when any word of `name` is a secret word, qualified or not (`next_token`, `PasswordField`). */
export function mentionsSecretWord(name: string): boolean {
  const words = nameWords(name);
  return words.some((_, i) => secretWordAt(words, i) > 0);
}

/**
 * True when `name` (a variable, attribute, dict key, option or header name) looks like it
 * holds a secret: one of its words is a secret word that no qualifier turns into a name
 * about the secret (`token_expiry`, `auth_url`, `InvalidToken` are allowed; `auth_token`
 * is secret).
 */
export function isSecretName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    verdict = decideSecretName(name);
    // Names repeat across a workspace; a bounded cache keeps the word splitting off the hot path.
    if (verdicts.size > 10_000) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
}

const verdicts = new Map<string, boolean>();

function decideSecretName(name: string): boolean {
  const words = nameWords(name).filter((w) => !/^\d+$/.test(w));
  // Six words or more is a description (an error code's name), not a variable holding a secret.
  if (words.length >= 6) return false;
  for (let i = 0; i < words.length; i++) {
    const length = secretWordAt(words, i);
    if (length === 0) continue;
    if (/^tokens?$/.test(words[i]) && i > 0 && TOKEN_QUALIFIERS.has(words[i - 1])) continue;
    if (i > 0 && PREFIX_QUALIFIERS.has(words[i - 1])) continue;
    const next = i + length;
    // In a run of secret words (`auth_token_file`) the last one is qualified, or not.
    if (next < words.length && secretWordAt(words, next) > 0) continue;
    // Any qualifier after the secret word makes the name about the secret (`auth_api_version`).
    if (!words.slice(next).some((w) => CREDENTIAL_QUALIFIERS.has(w))) return true;
  }
  return false;
}
