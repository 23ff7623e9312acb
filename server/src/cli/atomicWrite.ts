import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { readRegularFile } from '../scan/regularFile';

export type WriteOutcome = { ok: true } | { ok: false; reason: string };

/** What the file held when it was read: it is only replaced while it still holds exactly that. */
export interface ReadState {
  bytes: Buffer;
  stat: fs.Stats;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sameFile(a: fs.Stats, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Best effort: a folder's fsync makes the rename itself durable (not possible on every platform). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Replaces a file's content so that at every moment, whatever kills the process, the file
 * holds either its old bytes or the new ones: the new bytes go to a temporary file in the
 * same folder, with the old file's mode and owner, are flushed to disk (fsync) and renamed
 * over the old file. The file must still hold the bytes it was read with (`read`): a file
 * saved meanwhile (by an editor, say) is left alone. A symbolic link is followed, so the
 * link stays a link and its target gets the new content.
 */
export function replaceFileContent(file: string, bytes: Buffer, read: ReadState): WriteOutcome {
  let target: string;
  try {
    target = fs.realpathSync(file);
  } catch (error) {
    return { ok: false, reason: `not fixed: ${message(error)}` };
  }
  const now = readRegularFile(target, Math.max(read.bytes.length, 1));
  if (!now.ok || !now.bytes.equals(read.bytes) || !sameFile(now.stat, read.stat)) {
    return { ok: false, reason: 'not fixed: the file changed since it was read (run again)' };
  }
  const folder = path.dirname(target);
  // A short name: the file's own name may already be as long as the file system allows.
  const temporary = path.join(folder, `.dvr-hints-${process.pid}-${crypto.randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let step = 'cannot write';
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    let written = 0;
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
    step = "cannot keep the file's owner and mode";
    if (process.platform !== 'win32') {
      const { uid, gid } = read.stat;
      if (uid !== process.getuid?.() || gid !== process.getgid?.()) fs.fchownSync(fd, uid, gid);
    }
    fs.fchmodSync(fd, read.stat.mode & 0o7777);
    step = 'cannot write';
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    // The last moment to notice a change: from here on the rename is one step.
    const latest = fs.statSync(target);
    if (!sameFile(latest, read.stat)) throw new Changed();
    fs.renameSync(temporary, target);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    try {
      fs.unlinkSync(temporary);
    } catch {
      // Never created, or already renamed.
    }
    if (error instanceof Changed) return { ok: false, reason: 'not fixed: the file changed since it was read (run again)' };
    return { ok: false, reason: `not fixed: ${step}: ${message(error)}` };
  }
  syncFolder(folder);
  return { ok: true };
}

class Changed extends Error {}
