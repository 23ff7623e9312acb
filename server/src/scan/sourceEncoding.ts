import { declaredEncoding, decodePythonSource } from './files';
import { readRegularFile } from './regularFile';
import type * as fs from 'fs';

/** A source file read so that it can be written back byte for byte the way it came. */
export interface RewritableSource {
  text: string;
  bom: boolean;
  /** The PEP 263 encoding (normalised), `utf-8` without a cookie. */
  encoding: string;
}

export type RewritableRead = { ok: true; source: RewritableSource; bytes: Buffer; stat: fs.Stats } | { ok: false; reason: string; unwritable: boolean; unreadable: boolean };

const UTF8 = new Set(['utf-8']);
const LATIN1 = new Set(['latin-1']);
const ASCII = new Set(['ascii', 'us-ascii']);

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
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) return { ok: false, reason: read.reason, unwritable: false, unreadable: read.unreadable };
  const { bytes, stat } = read;
  const decoded = decodePythonSource(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, unwritable: false, unreadable: decoded.unreadable };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const source: RewritableSource = { text: decoded.text, bom, encoding: bom ? 'utf-8' : declaredEncoding(bytes) };
  const again = encodeSource(source.text, source);
  if (!again) return { ok: false, reason: `not fixed: cannot write files encoded in ${source.encoding}`, unwritable: true, unreadable: false };
  if (!again.equals(bytes)) return { ok: false, reason: `not fixed: the file does not decode cleanly as ${source.encoding}`, unwritable: true, unreadable: false };
  return { ok: true, source, bytes, stat };
}
