import { TextDecoder } from 'util';
import * as fs from 'fs';
import * as path from 'path';
import { ALWAYS_SKIPPED, isVirtualenvMarker } from '../config/exclude';
import { readRegularFile } from './regularFile';

/** A file or folder that could not be read, with the reason. */
export interface Unreadable {
  file: string;
  reason: string;
}

export interface FoundFiles {
  /** Sorted; one entry per file even when it was given under several spellings (`a.py ./a.py`). */
  files: string[];
  /** Given paths and folders that could not be read (reported: a scan never skips them silently). */
  unreadable: Unreadable[];
}

/** Which files and folders a walk leaves out: an ExcludeMatcher, or each project's own (the CLI's ScanConfigs). */
export interface PathExcluder {
  matches(file: string): boolean;
}

/**
 * Every Python file under the given paths (files named explicitly are always kept). Symbolic
 * links met in folders are not followed; a folder holding `pyvenv.cfg` (a virtualenv) is
 * skipped, unless it is a path given here (a project may keep its virtualenv config at its root).
 */
export function walkPythonFiles(paths: readonly string[], exclude: PathExcluder): FoundFiles {
  const found = new Map<string, string>();
  const unreadable: Unreadable[] = [];
  const add = (key: string, file: string): void => {
    if (!found.has(key)) found.set(key, file);
  };
  // `real` is the folder's real path: files are told apart by it, whatever spelling reached them.
  const visit = (dir: string, real: string, given: boolean): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      unreadable.push({ file: dir, reason: `cannot read folder: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    if (!given && isVirtualenvMarker(entries.map((e) => e.name))) return;
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || entry.name.endsWith('.egg-info') || exclude.matches(full)) continue;
        visit(full, path.join(real, entry.name), false);
      } else if (entry.isFile() && /\.pyi?$/.test(entry.name) && !exclude.matches(full)) {
        add(path.join(real, entry.name), full);
      }
    }
  };
  for (const p of paths) {
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(p);
      stat = fs.statSync(real);
    } catch (error) {
      unreadable.push({ file: p, reason: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    if (stat.isDirectory()) visit(p, real, true);
    // Anything else named explicitly is kept: reading it refuses what is not a regular file, with a reason.
    else add(real, p);
  }
  return { files: [...found.values()].sort(), unreadable };
}

/** walkPythonFiles without the unreadable paths. */
export function findPythonFiles(paths: readonly string[], exclude: PathExcluder): string[] {
  return walkPythonFiles(paths, exclude).files;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string; unreadable: boolean };

/**
 * Reads a Python source file as the interpreter would: a UTF-8 BOM is dropped, a PEP 263
 * coding cookie on the first two lines is honoured, undecodable bytes become U+FFFD;
 * files that are not regular files, binary files (NUL bytes), files over the size limit
 * (checked before reading) and encodings that cannot be decoded as Python would are
 * refused with a reason.
 */
export function readPythonSource(file: string, maxBytes: number): ReadResult {
  const read = readRegularFile(file, maxBytes, false);
  if (!read.ok) return read;
  return decodePythonSource(read.bytes);
}

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(#|$)/;

/** The PEP 263 encoding the first two lines declare, as Python normalises it (`utf-8` when none). */
export function declaredEncoding(bytes: Uint8Array): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const [first = '', second = ''] = Buffer.from(bytes.subarray(start, start + 1024)).toString('latin1').split(/\r\n|\r|\n/, 2);
  // Python looks at the second line only when the first is blank or a comment.
  const m = CODING.exec(first) ?? (BLANK_OR_COMMENT.test(first) ? CODING.exec(second) : null);
  if (!m) return 'utf-8';
  const name = m[1].toLowerCase().replace(/_/g, '-');
  if (name === 'utf8' || name === 'utf-8' || name.startsWith('utf-8-')) return 'utf-8';
  if (/^(latin-1|iso-8859-1|iso-latin-1)(-|$)/.test(name) || name === 'latin1' || name === 'l1' || name === 'iso8859-1') return 'latin-1';
  return name;
}

const WINDOWS_1252 = new Set(['cp1252', 'windows-1252', 'x-cp1252']);
/** U+0080..U+009F as cp1252 has them (Python leaves five bytes undefined: U+FFFD here). */
const CP1252_HIGH = [0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd, 0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178];

/** Node's TextDecoder reads windows-1252 as latin-1 (0x80 stays U+0080); Python's cp1252 has the euro sign there. */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes).toString('latin1');
  return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80])) : latin1;
}

export type SourceDecoder = { ok: true; decode: (bytes: Uint8Array) => string } | { ok: false; reason: string };

/**
 * How to decode a declared encoding the way Python does, or why it cannot be: Node's
 * TextDecoder knows the WHATWG labels, which agree with Python's codecs except where handled
 * here. An encoding it does not know (utf-7, cp437, ...) is refused rather than read as UTF-8:
 * utf-7 turns `+AAo-` into a line break, so a reader that guessed would miss code Python runs.
 */
export function sourceDecoder(encoding: string): SourceDecoder {
  // Python's latin-1 maps every byte to the code point of the same value; WHATWG reads the label as windows-1252.
  if (encoding === 'latin-1') return { ok: true, decode: (bytes) => Buffer.from(bytes).toString('latin1') };
  if (WINDOWS_1252.has(encoding)) return { ok: true, decode: decodeWindows1252 };
  // Python's ascii refuses bytes over 0x7f (WHATWG reads this label as windows-1252 too): they become U+FFFD.
  const label = encoding === 'ascii' || encoding === 'us-ascii' || encoding === '646' ? 'utf-8' : encoding;
  if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(label)) return { ok: false, reason: `cannot read: the coding cookie declares ${encoding}, which Python refuses for source files ("encoding problem")` };
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: false, ignoreBOM: true });
  } catch {
    return { ok: false, reason: `cannot read: the coding cookie declares ${encoding}, an encoding this tool cannot decode as Python would` };
  }
  if (decoder.encoding === 'replacement' || decoder.encoding === 'x-user-defined' || decoder.encoding.startsWith('utf-16')) {
    return { ok: false, reason: `cannot read: the coding cookie declares ${encoding}, an encoding this tool cannot decode as Python would` };
  }
  return { ok: true, decode: (bytes) => decoder.decode(bytes) };
}

export function decodePythonSource(bytes: Uint8Array): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: 'skipped: binary file (NUL bytes)', unreadable: false };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const encoding = declaredEncoding(bytes);
  if (bom && encoding !== 'utf-8') return { ok: false, reason: `cannot read: a UTF-8 byte order mark with a coding cookie for ${encoding} (Python refuses the file)`, unreadable: true };
  const decoder = sourceDecoder(encoding);
  if (!decoder.ok) return { ok: false, reason: decoder.reason, unreadable: true };
  return { ok: true, text: decoder.decode(bytes.subarray(bom ? 3 : 0)) };
}
