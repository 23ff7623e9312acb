/**
 * Which names look like they hold a secret: shared by DVR401 (secret-in-log) and
 * DVR601 (hardcoded-credential), so both rules agree on the word list and the allow list.
 */

/** Single words that name a secret (catalogue list, plurals and common run-together forms). */
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'passwds', 'pwd', 'pwds',
  'secret', 'secrets', 'token', 'tokens',
  'apikey', 'apikeys', 'privatekey', 'privatekeys', 'authtoken', 'authtokens',
  'credential', 'credentials', 'psk', 'psks',
  'auth', 'cookie', 'cookies',
]);

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

/**
 * True when `name` (a variable, attribute, dict key, option or header name) looks like it
 * holds a secret: one of its words is a secret word that is not merely qualified by the
 * word after it (`token_expiry`, `auth_url` are allowed; `auth_token` is secret).
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  for (let i = 0; i < words.length; i++) {
    const length = secretWordAt(words, i);
    if (length === 0) continue;
    let next = i + length;
    while (next < words.length && /^\d+$/.test(words[next])) next++;
    // In a run of secret words (`auth_token_file`) the last one is qualified, or not.
    if (next < words.length && secretWordAt(words, next) > 0) continue;
    if (next >= words.length || !QUALIFIERS.has(words[next])) return true;
  }
  return false;
}
