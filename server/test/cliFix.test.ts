import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after, before, describe, it } from 'node:test';
import { runCli, type CliIo } from '../src/cli/main';

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false };
  // DVR301 and DVR302 (whose fixes these tests use) are opt-in: scans opt in unless they select rules themselves.
  const optIn = args[0] === 'scan' && !args.includes('--select') ? ['scan', '--extend-select', 'DVR301,DVR302,DVR401', ...args.slice(1)] : args;
  const code = runCli(optIn, io);
  return { code, stdout, stderr };
}

const HEADER = 'from oslo_log import log as logging\n\nLOG = logging.getLogger(__name__)\n\n\n';
/** A secret in a log call: DVR401's safe fix logs '***' instead. */
const LEAKING = `${HEADER}def cleanup(devices, password):
    for device in devices:
        LOG.debug('Deleting %s with %s', device, password)
        device.link.delete()
`;
const LEAKING_FIXED = `${HEADER}def cleanup(devices, password):
    for device in devices:
        LOG.debug('Deleting %s with %s', device, '***')
        device.link.delete()
`;
/** A bare except stays after the safe fixes: both its fixes (DVR301, DVR302) are unsafe. */
const BARE = `${HEADER}def stop(ns):
    try:
        ns.delete()
    except:
        pass
`;
const BARE_FIXED = `${HEADER}def stop(ns):
    try:
        ns.delete()
    except:
        LOG.debug("Ignored exception", exc_info=True)
`;

describe('dvr-hints scan --fix / --diff', () => {
  let dir: string;
  let n = 0;
  const write = (content: string | Buffer, name = `f${++n}.py`): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dvr-cli-fix-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--fix writes the safe fixes and exits 0 when nothing remains', () => {
    const file = write(LEAKING);
    const run = cli(['scan', '--isolated', '--fix', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), LEAKING_FIXED);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stderr, /Fixed 1 problem in 1 file \(DVR[0-9]{3}\)\./);
  });

  it('--fix reports what remains and exits 1 for it', () => {
    const file = write(BARE);
    const run = cli(['scan', '--isolated', '--fix', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), BARE, 'no safe fix: a new log record changes behaviour');
    assert.equal(run.code, 1);
    assert.match(run.stdout, /DVR301/);
    assert.match(run.stdout, /DVR302/);
  });

  it('--fix --unsafe-fixes applies the fixes that change behaviour too', () => {
    const file = write(BARE);
    cli(['scan', '--isolated', '--fix', '--unsafe-fixes', file]);
    assert.equal(fs.readFileSync(file, 'utf8'), BARE_FIXED.replace('    except:\n', '    except Exception:\n'));
  });

  it('--unsafe-fixes alone is a usage error', () => {
    const file = write(BARE);
    assert.equal(cli(['scan', '--isolated', '--unsafe-fixes', file]).code, 2);
  });

  it('--diff prints a unified diff, changes nothing, and exits 1', () => {
    const file = write(LEAKING);
    const run = cli(['scan', '--isolated', '--diff', file]);
    assert.equal(run.code, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), LEAKING);
    const name = file.split(path.sep).join('/');
    assert.equal(
      run.stdout,
      `--- ${name}
+++ ${name}
@@ -4,6 +4,6 @@
 
 
 def cleanup(devices, password):
     for device in devices:
-        LOG.debug('Deleting %s with %s', device, password)
+        LOG.debug('Deleting %s with %s', device, '***')
         device.link.delete()
`,
    );
    assert.match(run.stderr, /Would fix 1 problem in 1 file/);
  });

  it('--diff exits 0 with no output when there is nothing to fix', () => {
    const file = write(`${HEADER}def f():\n    return 1\n`);
    const run = cli(['scan', '--isolated', '--diff', file]);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '');
    assert.equal(cli(['scan', '--isolated', '--diff', '--exit-zero', write(LEAKING)]).code, 0);
  });

  it('keeps CRLF line ends: the new lines are CRLF too', () => {
    const crlf = LEAKING.replace(/\n/g, '\r\n');
    const file = write(crlf);
    const diff = cli(['scan', '--isolated', '--diff', file]);
    assert.match(diff.stdout, /^\+ {8}LOG\.debug\('Deleting %s with %s', device, '\*\*\*'\)\r$/m);
    cli(['scan', '--isolated', '--fix', file]);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.toString('utf8'), LEAKING_FIXED.replace(/\n/g, '\r\n'));
    assert.doesNotMatch(bytes.toString('utf8'), /[^\r]\n/);
  });

  it('keeps a UTF-8 byte order mark and non-ASCII text', () => {
    const text = LEAKING.replace('def cleanup', '# Nettoyage des périphériques 🧹\ndef cleanup');
    const file = write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    cli(['scan', '--isolated', '--fix', file]);
    const bytes = fs.readFileSync(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), LEAKING_FIXED.replace('def cleanup', '# Nettoyage des périphériques 🧹\ndef cleanup'));
  });

  it('writes a latin-1 file back in latin-1', () => {
    const text = `# -*- coding: latin-1 -*-\n# Répertoire\n${LEAKING}`;
    const file = write(Buffer.from(text, 'latin1'));
    cli(['scan', '--isolated', '--fix', file]);
    assert.deepEqual(fs.readFileSync(file), Buffer.from(`# -*- coding: latin-1 -*-\n# Répertoire\n${LEAKING_FIXED}`, 'latin1'));
  });

  it('leaves a file alone that would not survive a rewrite (undecodable bytes)', () => {
    const bytes = Buffer.concat([Buffer.from(LEAKING, 'utf8'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a])]);
    const file = write(bytes);
    const run = cli(['scan', '--isolated', '--fix', file]);
    assert.deepEqual(fs.readFileSync(file), bytes);
    assert.match(run.stderr, /not fixed: the file does not decode cleanly/);
    assert.equal(run.code, 1);
  });

  it('fixes every file of a folder, honouring --select', () => {
    const sub = path.join(dir, 'pkg');
    fs.mkdirSync(sub);
    const a = write(LEAKING, path.join('pkg', 'a.py'));
    const b = write(BARE, path.join('pkg', 'b.py'));
    const run = cli(['scan', '--isolated', '--fix', '--select', 'DVR301', sub]);
    assert.equal(fs.readFileSync(a, 'utf8'), LEAKING);
    assert.equal(fs.readFileSync(b, 'utf8'), BARE);
    assert.match(run.stderr, /Nothing to fix/);
    const all = cli(['scan', '--isolated', '--fix', sub]);
    assert.equal(fs.readFileSync(a, 'utf8'), LEAKING_FIXED);
    assert.equal(fs.readFileSync(b, 'utf8'), BARE);
    assert.match(all.stderr, /a\.py: fixed DVR401\n/, 'what changed, per file');
    assert.match(all.stderr, /Fixed 1 problem in 1 file \(DVR401\)\./);
  });
});
