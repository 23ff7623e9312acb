import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { Random } from '../fuzz/random';
import type { ShadowDocument } from './shadow';

/**
 * Random edits of the kinds an editor sends: typing, deleting, pasting several lines,
 * undoing the last edit, replacing the whole text, with astral characters and mixed
 * line breaks. Each change is generated against the text the previous one left.
 */

const SNIPPETS = [
  'x', ' ', '\n', '\n    ', '\r\n', '\r', '\t', '(', ')', '[', ']', '{', '}', ':', '"', "'", '"""', '#', '\\', ',', '.', '=',
  'os.system(cmd)', 'subprocess.call(cmd, shell=True)', 'import six\n', 'six.moves.range(3)', 'except Exception:\n        pass\n',
  'try:\n    pass\nexcept:\n    pass\n', 'def f(self, name):\n    ', 'utils.execute(["ip", "link", name], run_as_root=True)\n',
  '😀', '𝔘𝔫𝔦', 'é', '中文', '\u{1F469}\u200D\u{1F4BB}', '# dvr-hints: ignore[DVR101]', '# nosec', 'f"{name}"', "'%s' % name",
];

export interface LastChange {
  uri: string;
  version: number;
  start: number;
  inserted: string;
  removed: string;
}

function snippet(rng: Random, paste: string): string {
  if (rng.chance(0.15)) {
    // A multi-line paste from a fixture, with its line breaks as some other editor wrote them.
    const from = rng.int(paste.length);
    const text = paste.slice(from, from + rng.between(20, 1500));
    const eol = rng.pick(['\n', '\r\n', '\r', 'keep']);
    return eol === 'keep' ? text : text.replace(/\r\n|\r|\n/g, eol);
  }
  return rng.pick(SNIPPETS);
}

/** One notification's changes; applies them to `doc` as it goes. Returns the changes and the last one's undo data. */
export function randomChanges(doc: ShadowDocument, rng: Random, paste: string, last: LastChange | undefined): { changes: TextDocumentContentChangeEvent[]; last: LastChange | undefined } {
  const changes: TextDocumentContentChangeEvent[] = [];
  const count = rng.weighted([[6, 1], [2, 2], [1, 3], [1, 5]] as const);
  let lastChange: LastChange | undefined;
  for (let k = 0; k < count; k++) {
    const text = doc.text;
    const before = doc.version;
    let change: TextDocumentContentChangeEvent;
    let start: number;
    let end: number;
    let inserted: string;
    const canUndo = k === 0 && last && last.uri === doc.uri && last.version === doc.version;
    const kind = canUndo && rng.chance(0.15) ? 'undo' : rng.weighted([[text.length > 20_000 ? 1 : 5, 'insert'], [text.length < 200 ? 0.5 : 4, 'delete'], [3, 'replace'], [0.05, 'full']] as const);
    if (kind === 'undo' && last) {
      start = last.start;
      end = last.start + last.inserted.length;
      inserted = last.removed;
    } else if (kind === 'full') {
      start = 0;
      end = text.length;
      inserted = rng.chance(0.5) ? paste : text.slice(0, Math.floor(text.length / 2));
    } else {
      start = doc.snap(rng.int(text.length + 1));
      const span = kind === 'insert' ? 0 : rng.chance(0.8) ? rng.between(1, 12) : rng.between(1, 800);
      end = doc.snap(Math.min(text.length, start + span));
      if (end < start) end = start;
      inserted = kind === 'delete' ? '' : snippet(rng, paste);
    }
    if (kind === 'full' && rng.chance(0.5)) {
      change = { text: inserted };
    } else {
      const range = doc.range(start, end);
      // Now and then a position past the end of its line: clients may send it and both sides clamp it.
      if (doc.encoding === 'utf-16' && kind === 'insert' && rng.chance(0.05)) range.end = range.start = { line: range.start.line, character: range.start.character + rng.between(1, 50) };
      change = { range, text: inserted };
      if ('range' in change) {
        start = doc.offsetAt(change.range.start);
        end = Math.max(start, doc.offsetAt(change.range.end));
      }
    }
    const removed = text.slice(start, end);
    // Apply this change alone to the shadow, so the next change is generated against the result.
    doc.apply([change]);
    changes.push(change);
    lastChange = { uri: doc.uri, version: before + 1, start, inserted, removed };
  }
  return { changes, last: lastChange };
}
