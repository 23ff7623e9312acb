import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { REPO_ROOT } from './helpers';

/**
 * Issue 15 point 4: every reader refuses what is not a regular file (FIFO, device, socket,
 * symlinks to them, folders) with a message, and checks the size before reading. The readers
 * run in a child process with a time limit: a reader that blocks on a FIFO or reads
 * /dev/zero to the end fails the test instead of hanging it.
 */

const OUT = path.join(__dirname, '..', 'src');
const BIN = path.join(REPO_ROOT, 'bin', 'dvr-hints.js');
const posix = process.platform !== 'win32';

let dir = '';
let server: net.Server | undefined;
const specials: [string, string][] = [];

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-special-'));
  if (!posix) return;
  execFileSync('mkfifo', [path.join(dir, 'fifo.py')]);
  specials.push(['a FIFO', 'fifo.py']);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.py'));
  specials.push(['a symlink to /dev/zero', 'zero.py']);
  fs.symlinkSync(path.join(dir, 'fifo.py'), path.join(dir, 'fifo-link.py'));
  specials.push(['a symlink to a FIFO', 'fifo-link.py']);
  fs.mkdirSync(path.join(dir, 'folder.py'));
  specials.push(['a folder', 'folder.py']);
  const socket = path.join(dir, 'socket.py');
  server = net.createServer();
  await new Promise<void>((resolve) => server?.listen(socket, resolve));
  specials.push(['a socket', 'socket.py']);
});

after(() => {
  server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs `body` (JavaScript, with the compiled modules as `m`) in a child with a time limit; returns its JSON output. */
function inChild(body: string): unknown {
  const script = `const m = { files: require(${JSON.stringify(path.join(OUT, 'scan', 'files.js'))}), enc: require(${JSON.stringify(path.join(OUT, 'scan', 'sourceEncoding.js'))}), py: require(${JSON.stringify(path.join(OUT, 'config', 'pyproject.js'))}), ex: require(${JSON.stringify(path.join(OUT, 'config', 'exclude.js'))}) };
const out = (() => { ${body} })(); process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20 });
  assert.equal(r.signal, null, `the reader hung or died (${r.signal}): ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('special files: a FIFO/device/socket/folder matrix for every reader', { skip: !posix && 'POSIX special files' }, () => {
  it('readPythonSource (scan, watched files, didClose) and readRewritableSource (--fix) refuse each one with its kind', () => {
    for (const [kind, name] of specials) {
      const file = path.join(dir, name);
      const got = inChild(`const f = ${JSON.stringify(file)}; return [m.files.readPythonSource(f, 1e6), m.enc.readRewritableSource(f, 1e6)];`) as { ok: boolean; reason: string; unreadable: boolean }[];
      for (const r of got) {
        assert.equal(r.ok, false, kind);
        assert.equal(r.unreadable, true, kind);
        assert.match(r.reason, kind === 'a socket' ? /cannot read/ : /not a regular file/, kind);
      }
    }
  });

  it('pyproject.toml that is a FIFO or /dev/zero, in the scanned folder or a parent, is a configuration error, not a hang', () => {
    for (const target of ['fifo.py', 'zero.py']) {
      const project = fs.mkdtempSync(path.join(dir, 'project-'));
      fs.mkdirSync(path.join(project, 'pkg'));
      fs.symlinkSync(path.join(dir, target), path.join(project, 'pyproject.toml'));
      const got = inChild(`try { m.py.findProjectConfig(${JSON.stringify(path.join(project, 'pkg'))}); return 'read'; } catch (e) { return e.message; }`) as string;
      assert.match(got, /pyproject\.toml.*not a regular file/, target);
      const r = spawnSync(process.execPath, [BIN, 'scan', 'pkg'], { cwd: project, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 2, target);
      assert.match(r.stderr, /not a regular file/);
    }
  });

  it('explicit paths: the CLI scan and --fix report each special file and exit 2, never hang', () => {
    for (const [kind, name] of specials.filter(([k]) => k !== 'a folder')) {
      for (const args of [['scan', name, '--isolated'], ['scan', name, '--isolated', '--fix']]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        assert.equal(r.signal, null, `${kind} ${args.join(' ')} hung`);
        assert.equal(r.status, 2, `${kind} ${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, new RegExp(`${name.replace('.', '\\.')}: cannot read`), kind);
      }
    }
  });

  it('the folder walker never lists special files, and reads each given path once', () => {
    const got = inChild(`return m.files.walkPythonFiles([${JSON.stringify(dir)}], new m.ex.ExcludeMatcher([], ${JSON.stringify(dir)}));`) as { files: string[]; unreadable: unknown[] };
    assert.deepEqual(got.files, []);
    assert.deepEqual(got.unreadable, []);
  });

  it('--max-file-size is checked before reading: a 3 GB sparse file is refused at once', () => {
    const big = path.join(dir, 'sparse.py');
    fs.closeSync(fs.openSync(big, 'w'));
    fs.truncateSync(big, 3 * 1024 ** 3);
    try {
      const got = inChild(`return m.files.readPythonSource(${JSON.stringify(big)}, 1000);`) as { ok: boolean; reason: string; unreadable: boolean };
      assert.equal(got.ok, false);
      assert.equal(got.unreadable, false);
      assert.match(got.reason, /3221225472 bytes is over the 1000-byte limit/);
    } finally {
      fs.rmSync(big);
    }
  });
});
