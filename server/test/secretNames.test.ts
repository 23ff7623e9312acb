import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSecretName, mentionsSecretWord, nameWords } from '../src/engine/secretNames';

describe('secret names (shared by DVR401 and DVR601)', () => {
  it('splits names on _ - . and camelCase', () => {
    assert.deepEqual(nameWords('metadata_proxy.shared-secret'), ['metadata', 'proxy', 'shared', 'secret']);
    assert.deepEqual(nameWords('XAuthToken'), ['x', 'auth', 'token']);
    assert.deepEqual(nameWords('APIKey'), ['api', 'key']);
    assert.deepEqual(nameWords('adminPassword2'), ['admin', 'password', '2']);
  });

  it('recognises every word of the catalogue list, alone or inside a name', () => {
    for (const name of [
      'password', 'ADMIN_PASSWORD', 'nova_admin_password', 'passwd', 'pwd', 'secret', 'shared_secret',
      'metadata_proxy_shared_secret', 'token', 'auth_token', 'X-Auth-Token', 'authToken', 'api_key', 'apiKey',
      'API_KEYS', 'apikey', 'private_key', 'privateKey', 'credential', 'credentials', 'psk', 'auth', 'cookie',
      'password2', 'db.password',
    ]) {
      assert.equal(isSecretName(name), true, name);
    }
  });

  it('matches whole words only', () => {
    for (const name of ['author', 'authority', 'passport', 'tokenizer', 'secretary', 'keystone', 'cookiecutter', 'api', 'key', 'private', 'pass']) {
      assert.equal(isSecretName(name), false, name);
    }
  });

  it('allows names where the secret word is a qualifier', () => {
    for (const name of [
      'token_expiry', 'password_policy', 'auth_url', 'auth_type', 'auth_strategy', 'max_password_length',
      'auth_token_file', 'secret_name', 'proxy_auth_hdr', 'AUTH_API_VERSION', 'password_last_used',
      'TokenIsInUse', 'PasswordMismatch', 'InvalidToken', 'no_auth', 'next_token', 'page_token', 'current_token',
    ]) {
      assert.equal(isSecretName(name), false, name);
    }
  });

  it('treats long descriptive names (error codes) as descriptions', () => {
    assert.equal(isSecretName('CannotHaveFundingSourceWithoutAccessToken'), false);
    assert.equal(isSecretName('keystone_authtoken_admin_password'), true);
  });

  it('tells whether a name mentions a secret word at all', () => {
    assert.equal(mentionsSecretWord('next_token'), true);
    assert.equal(mentionsSecretWord('NextToken'), true);
    assert.equal(mentionsSecretWord('next_marker'), false);
  });
});
