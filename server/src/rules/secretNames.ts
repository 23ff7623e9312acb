import { SECRET_WORDS } from '../engine/secretNames';

/**
 * Which names look like they hold a secret: shared by DVR401 (secret-in-log) and
 * DVR601 (hardcoded-credential). The word list itself is engine/secretNames.ts SECRET_WORDS,
 * shared with DVR401's looksSecret; the qualifier lists here are DVR601's tuning.
 */

/** Two-word secret names (`api_key`, `apiKey`, `private_key`): first word -> second words. */
const SECRET_PAIRS = new Map([
  ['api', new Set(['key', 'keys'])],
  ['private', new Set(['key', 'keys'])],
]);

/**
 * Words that, right after a secret word, say the name is about the secret rather than the
 * secret itself: `token_expiry`, `password_policy`, `auth_url`, `max_password_length`.
 */
const QUALIFIERS = new Set([
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
    if (!words.slice(next).some((w) => QUALIFIERS.has(w))) return true;
  }
  return false;
}
