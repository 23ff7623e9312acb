import * as fs from 'fs';
import { decodePythonSource } from './files';

/** A source file read so that it can be written back byte for byte the way it came. */
export interface RewritableSource {
  text: string;
  bom: boolean;
  /** The PEP 263 encoding (normalised), `utf-8` without a cookie. */
  encoding: string;
}

export type RewritableRead = { ok: true; source: RewritableSource } | { ok: false; reason: string; unwritable: boolean };

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const UTF8 = new Set(['utf-8', 'utf8']);
const LATIN1 = new Set(['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1']);
const ASCII = new Set(['ascii', 'us-ascii']);

function declaredEncoding(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').split(/\r\n|\r|\n/).slice(0, 2);
  for (const line of head) {
    const m = CODING.exec(line);
    if (m) return m[1].toLowerCase().replace(/_/g, '-');
  }
  return 'utf-8';
}

/** The bytes of `text` in the source's encoding, or undefined when that encoding cannot hold it. */
export function encodeSource(text: string, source: Omit<RewritableSource, 'text'>): Buffer | undefined {
  if (UTF8.has(source.encoding)) {
    const body = Buffer.from(text, 'utf8');
    return source.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const limit = LATIN1.has(source.encoding) ? 0xff : ASCII.has(source.encoding) ? 0x7f : -1;
  if (limit < 0) return undefined;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > limit) return undefined;
  return Buffer.from(text, 'latin1');
}

/**
 * Reads a file for rewriting: decoded as the scanner decodes it, and refused unless encoding
 * the decoded text gives back exactly the bytes on disk (no undecodable bytes, an encoding we
 * can write), so that a fix never changes anything but what it means to.
 */
export function readRewritableSource(file: string, maxBytes: number): RewritableRead {
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) return { ok: false, reason: `skipped: ${size} bytes is over the ${maxBytes}-byte limit (max-file-size)`, unwritable: false };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, reason: `cannot read: ${error instanceof Error ? error.message : String(error)}`, unwritable: false };
  }
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, unwritable: false };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const source: RewritableSource = { text: decoded.text, bom, encoding: bom ? 'utf-8' : declaredEncoding(bytes) };
  const again = encodeSource(source.text, source);
  if (!again) return { ok: false, reason: `not fixed: cannot write files encoded in ${source.encoding}`, unwritable: true };
  if (!again.equals(bytes)) return { ok: false, reason: `not fixed: the file does not decode cleanly as ${source.encoding}`, unwritable: true };
  return { ok: true, source };
}
