// An isolated code-server (VS Code in the browser) plus headless Chromium, for
// the e2e tests. Everything lives in one temp dir: user data, extensions,
// XDG dirs, config; nothing is written under $HOME.
//
// Installing a VSIX (what `extensions` does):
//   "$DVR_E2E_NODE24" "$DVR_E2E_CODE_SERVER" --user-data-dir UD --extensions-dir EXT \
//       --install-extension file.vsix        # then: --list-extensions --show-versions
// with the same --user-data-dir/--extensions-dir (and XDG_* dirs) as the server.
//
// First-run dialogs: nothing is clicked. A settings.json pre-written into
// UD/User/ turns off workspace trust (else the "Do you trust the authors"
// dialog blocks the editor), the welcome page, telemetry, recommendations,
// update checks and AI/chat features; `--disable-update-check` and
// `--disable-telemetry` cover code-server's own notices; EXTENSIONS_GALLERY='{}'
// turns off the (unreachable) open-vsx gallery.
import { spawn, execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const DEFAULT_USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Kills the whole process group (code-server forks its extension host, which
// forks language servers).
async function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
  const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch {} }, 5000);
  await exited;
  clearTimeout(t);
}

export class CodeServer {
  /**
   * @param {object} o
   * @param {NodeJS.ProcessEnv} o.env   loaded e2e env (DVR_E2E_*)
   * @param {string} o.tmp              temp dir owned by this server
   * @param {string} o.logFile          code-server's stdout/stderr
   * @param {string[]} [o.vsixes]       VSIX files to install first
   * @param {object} [o.settings]       user settings added to DEFAULT_USER_SETTINGS
   * @param {string[]} [o.vscodeOptions] passed as --vscode-option (e.g. enable-smoke-test-driver)
   * @param {(msg: string) => void} [o.log]
   */
  static async start({ env, tmp, logFile, vsixes = [], settings = {}, vscodeOptions = [], log = () => {}, timeout = 60_000 }) {
    const cs = new CodeServer(env, tmp, log);
    await cs.#start(logFile, vsixes, settings, vscodeOptions, timeout);
    return cs;
  }

  constructor(env, tmp, log) {
    this.env = env;
    this.tmp = tmp;
    this.log = log;
    const dir = (p) => { const d = path.join(tmp, p); fs.mkdirSync(d, { recursive: true }); return d; };
    this.userData = dir('user-data');
    this.extensionsDir = dir('extensions');
    this.childEnv = {
      ...process.env,
      XDG_CONFIG_HOME: dir('xdg-config'), XDG_DATA_HOME: dir('xdg-data'), XDG_CACHE_HOME: dir('xdg-cache'),
      // No extension gallery (default open-vsx.org is unreachable; offline tests).
      EXTENSIONS_GALLERY: '{}',
    };
    this.child = undefined;
    this.port = undefined;
  }

  #cli(...args) {
    return [this.env.DVR_E2E_CODE_SERVER, '--user-data-dir', this.userData, '--extensions-dir', this.extensionsDir, ...args];
  }

  /** Installs a VSIX into this server's extensions dir (code-server's own CLI). */
  installExtension(vsix) {
    this.log(`installing ${vsix}`);
    execFileSync(this.env.DVR_E2E_NODE24, this.#cli('--install-extension', vsix), { env: this.childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  }

  listExtensions() {
    return execFileSync(this.env.DVR_E2E_NODE24, this.#cli('--list-extensions', '--show-versions'), { env: this.childEnv }).toString().trim().split('\n').filter(Boolean);
  }

  /** The folder an installed extension was unpacked to (`publisher.name-version`). */
  extensionFolder(id) {
    const name = fs.readdirSync(this.extensionsDir).find((d) => d.toLowerCase().startsWith(`${id.toLowerCase()}-`));
    return name && path.join(this.extensionsDir, name);
  }

  async #start(logFile, vsixes, settings, vscodeOptions, timeout) {
    fs.mkdirSync(path.join(this.userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(this.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_USER_SETTINGS, ...settings }, null, 2));
    for (const vsix of vsixes) this.installExtension(vsix);
    if (vsixes.length) this.log(`extensions: ${this.listExtensions().join(', ')}`);

    this.port = await freePort();
    const config = path.join(this.tmp, 'config.yaml');
    fs.writeFileSync(config, `bind-addr: 127.0.0.1:${this.port}\nauth: none\ncert: false\n`);
    this.log(`starting code-server on 127.0.0.1:${this.port} (log: ${logFile})`);
    fs.mkdirSync(path.dirname(logFile), { recursive: true });
    const logFd = fs.openSync(logFile, 'w');
    this.child = spawn(this.env.DVR_E2E_NODE24, this.#cli(
      '--config', config, '--auth', 'none', '--bind-addr', `127.0.0.1:${this.port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--ignore-last-opened',
      ...vscodeOptions.flatMap((o) => ['--vscode-option', o]),
    ), { env: this.childEnv, detached: true, stdio: ['ignore', logFd, logFd] });
    fs.closeSync(logFd);

    const deadline = Date.now() + timeout;
    const url = `${this.origin}/healthz`;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited early with code ${this.child.exitCode} (log: ${logFile})`);
      try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
      if (Date.now() > deadline) throw new Error(`code-server did not answer ${url} in time`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  get origin() { return `http://127.0.0.1:${this.port}`; }

  /** Workbench URL opening `folder`; `payload` is VS Code's [key, value] list (extension development/tests). */
  folderUrl(folder, payload) {
    let url = `${this.origin}/?folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`;
    if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return url;
  }

  async stop() {
    await killGroup(this.child);
  }

  /** SIGKILLs the process group at once (global-timeout path). */
  killNow() {
    try { process.kill(-this.child.pid, 'SIGKILL'); } catch {}
  }
}

/** Headless Debian Chromium driven by playwright-core. */
export async function launchChromium(env, childEnv) {
  const { chromium } = createRequire(import.meta.url)(env.DVR_E2E_PLAYWRIGHT);
  return chromium.launch({
    executablePath: env.DVR_E2E_CHROMIUM,
    headless: true,
    env: childEnv, // XDG dirs: keeps chromium's ~/.config/chromium in the temp dir too
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function newPage(browser, { timeout = 120_000, log = () => {} } = {}) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  return page;
}

/** Opens the workbench at `url` and waits until the explorer lists `expectFile`. */
export async function openWorkbench(browser, url, { expectFile, timeout = 120_000, log = () => {} } = {}) {
  const page = await newPage(browser, { timeout, log });
  log(`opening ${url}`);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench');
  if (expectFile) await page.locator('.explorer-folders-view .monaco-list-row', { hasText: expectFile }).first().waitFor();
  return page;
}
