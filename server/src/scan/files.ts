import { TextDecoder } from 'util';
import * as fs from 'fs';
import * as path from 'path';
import { ALWAYS_SKIPPED, ExcludeMatcher, isVirtualenvMarker } from '../config/exclude';

/** Every Python file under the given paths (files named explicitly are always kept), sorted. */
export function findPythonFiles(paths: readonly string[], exclude: ExcludeMatcher): string[] {
  const found = new Set<string>();
  const visit = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (isVirtualenvMarker(entries.map((e) => e.name))) return;
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || entry.name.endsWith('.egg-info') || exclude.matches(full)) continue;
        visit(full);
      } else if (entry.isFile() && /\.pyi?$/.test(entry.name) && !exclude.matches(full)) {
        found.add(full);
      }
    }
  };
  for (const p of paths) {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) visit(p);
    else found.add(p);
  }
  return [...found].sort();
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/**
 * Reads a Python source file as the interpreter would: a UTF-8 BOM is dropped, a PEP 263
 * coding cookie on the first two lines is honoured, undecodable bytes become U+FFFD,
 * binary files (NUL bytes) and files over the size limit are refused with a reason.
 */
export function readPythonSource(file: string, maxBytes: number): ReadResult {
  let bytes: Uint8Array;
  try {
    bytes = readWhole(file, maxBytes);
  } catch (error) {
    if (error instanceof TooLarge) return { ok: false, reason: `skipped: ${error.size} bytes is over the ${maxBytes}-byte limit (max-file-size)` };
    return { ok: false, reason: `cannot read: ${error instanceof Error ? error.message : String(error)}` };
  }
  return decodePythonSource(bytes);
}

class TooLarge extends Error {
  constructor(readonly size: number) {
    super('too large');
  }
}

/**
 * One read buffer per thread, grown as needed: a fresh buffer per file spent most of the
 * reading time on page faults. The bytes are only valid until the next call (decoding copies them).
 */
let readBuffer = Buffer.allocUnsafe(256 * 1024);

function readWhole(file: string, maxBytes: number): Uint8Array {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    if (size > maxBytes) throw new TooLarge(size);
    if (readBuffer.length < size + 1) readBuffer = Buffer.allocUnsafe(Math.max(size + 1, readBuffer.length * 2));
    let length = 0;
    // Read to the end, not just `size` bytes: the file may grow between fstat and read.
    for (;;) {
      if (length === readBuffer.length) {
        const bigger = Buffer.allocUnsafe(readBuffer.length * 2);
        readBuffer.copy(bigger, 0, 0, length);
        readBuffer = bigger;
      }
      const n = fs.readSync(fd, readBuffer, length, readBuffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new TooLarge(length);
    return readBuffer.subarray(0, length);
  } finally {
    fs.closeSync(fd);
  }
}

export function decodePythonSource(bytes: Uint8Array): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'skipped: binary file (NUL bytes)' };
  let start = 0;
  let encoding = 'utf-8';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  else {
    const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r\n|\r|\n/).slice(0, 2);
    for (const line of head) {
      const m = CODING.exec(line);
      if (m) {
        encoding = m[1].toLowerCase().replace(/_/g, '-');
        break;
      }
    }
  }
  // Python's latin-1 (often spelled `latin-1`, which is no WHATWG label) maps every byte to
  // the code point of the same value; TextDecoder would read it as windows-1252.
  if (/^(latin-?1|iso-?8859-1|l1)$/.test(encoding)) return { ok: true, text: Buffer.from(bytes.subarray(start)).toString('latin1') };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding === 'utf8' ? 'utf-8' : encoding, { fatal: false, ignoreBOM: true });
  } catch {
    decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  }
  return { ok: true, text: decoder.decode(bytes.subarray(start)) };
}
