import * as fs from 'fs';

/**
 * The one way this project reads a file from disk (sources, pyproject.toml, files to fix):
 * regular files only, and never more than a limit. A FIFO would block the reader forever,
 * `/dev/zero` or `/dev/urandom` would grow it without end, so the file is opened without
 * blocking (O_NONBLOCK: opening a FIFO with no writer returns at once; on a regular file the
 * flag changes nothing) and checked on the open descriptor (fstat), so a file swapped for a
 * FIFO or a symlink to a device between a check and the read is refused too.
 */
export type RegularRead =
  | { ok: true; bytes: Buffer; stat: fs.Stats }
  /** `unreadable`: an error (permissions, I/O, not a regular file), not a deliberate skip such as the size limit. */
  | { ok: false; reason: string; unreadable: boolean };

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0);

/** What a file that is not a regular file is, for messages. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function tooLargeReason(size: number, maxBytes: number): string {
  return `skipped: ${size} bytes is over the ${maxBytes}-byte limit (max-file-size)`;
}

/**
 * One read buffer per thread, grown as needed: a fresh buffer per file spent most of the
 * reading time on page faults. With `copy: false` the bytes are only valid until the next call.
 */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

/** Reads a whole regular file of at most `maxBytes` bytes (checked before reading, and again while reading: it may grow). */
export function readRegularFile(file: string, maxBytes: number, copy = true): RegularRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${message(error)}`, unreadable: true };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `cannot read: ${fileKind(stat)}, not a regular file`, unreadable: true };
    if (stat.size > maxBytes) return { ok: false, reason: tooLargeReason(stat.size, maxBytes), unreadable: false };
    const limit = maxBytes + 1;
    if (readBuffer.length < Math.min(stat.size + 1, limit)) readBuffer = Buffer.allocUnsafe(Math.min(Math.max(stat.size + 1, readBuffer.length * 2), limit));
    let length = 0;
    // Read to the end, not just `size` bytes (the file may have grown), but never past the limit.
    for (;;) {
      if (length === readBuffer.length) {
        if (length >= limit) break;
        const bigger = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, limit));
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const n = fs.readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return { ok: false, reason: tooLargeReason(length, maxBytes), unreadable: false };
    const bytes = copy ? Buffer.from(readBuffer.subarray(0, length)) : readBuffer.subarray(0, length);
    return { ok: true, bytes, stat };
  } catch (error) {
    return { ok: false, reason: `cannot read: ${message(error)}`, unreadable: true };
  } finally {
    fs.closeSync(fd);
  }
}
