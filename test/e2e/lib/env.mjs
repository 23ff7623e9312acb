// Paths of the e2e tools (written by test/e2e/setup.sh into the cache's env.sh)
// and of the repository.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const E2E_CACHE = process.env.DVR_HINTS_E2E_CACHE || path.join(os.homedir(), '.cache/dvr-hints-e2e');

/**
 * Fills process.env with the DVR_E2E_* variables from env.sh (variables already
 * set win) and checks that the named ones point at existing files.
 */
export function loadE2eEnv(required = ['DVR_E2E_NODE24', 'DVR_E2E_CODE_SERVER', 'DVR_E2E_CHROMIUM', 'DVR_E2E_PLAYWRIGHT']) {
  const envFile = path.join(E2E_CACHE, 'env.sh');
  if (fs.existsSync(envFile)) {
    for (const m of fs.readFileSync(envFile, 'utf8').matchAll(/^export (DVR_E2E_\w+)='([^']*)'$/gm)) {
      process.env[m[1]] ??= m[2];
    }
  }
  for (const k of required) {
    if (!process.env[k] || !fs.existsSync(process.env[k])) {
      throw new Error(`${k} not set or missing (${process.env[k]}); run test/e2e/setup.sh first`);
    }
  }
  return process.env;
}

/** Command-line option value: `--name value`. */
export function argValue(args, name, fallback) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** Polls `check` (sync or async) until it returns a truthy value; throws `what` on timeout. */
export async function waitUntil(check, { timeout = 30_000, interval = 200, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
