import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

/**
 * The client's copy of a document during an edit storm. UTF-16 positions go through
 * vscode-languageserver-textdocument (the implementation VS Code's own LSP libraries
 * use); UTF-8 positions through a converter written here. Neither shares code with the
 * server's LineIndex, so agreement means something.
 */
export class ShadowDocument {
  private document: TextDocument;

  constructor(
    readonly uri: string,
    text: string,
    readonly encoding: 'utf-8' | 'utf-16',
  ) {
    this.document = TextDocument.create(uri, 'python', 1, text);
  }

  get text(): string {
    return this.document.getText();
  }

  get version(): number {
    return this.document.version;
  }

  /** An offset a client can name: not between CR and LF, and (in UTF-8) not inside a surrogate pair. */
  snap(offset: number): number {
    const text = this.text;
    let o = Math.max(0, Math.min(offset, text.length));
    if (o > 0 && text.charCodeAt(o - 1) === 13 && text.charCodeAt(o) === 10) o--;
    if (this.encoding === 'utf-8' && o > 0 && isHigh(text.charCodeAt(o - 1)) && isLow(text.charCodeAt(o))) o--;
    return o;
  }

  positionAt(offset: number): Position {
    if (this.encoding === 'utf-16') return this.document.positionAt(offset);
    const text = this.text;
    const line = lineStarts(text).filter((s) => s <= offset).length - 1;
    const start = lineStarts(text)[line];
    return { line, character: Buffer.byteLength(text.slice(start, offset), 'utf8') };
  }

  offsetAt(position: Position): number {
    if (this.encoding === 'utf-16') return this.document.offsetAt(position);
    const text = this.text;
    const starts = lineStarts(text);
    if (position.line >= starts.length) return text.length;
    const start = starts[position.line];
    let end = position.line + 1 < starts.length ? starts[position.line + 1] : text.length;
    while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    let bytes = 0;
    let i = start;
    for (const ch of text.slice(start, end)) {
      if (bytes >= position.character) break;
      bytes += Buffer.byteLength(ch, 'utf8');
      i += ch.length;
    }
    return i;
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Applies one notification's changes in order, as the LSP says, and bumps the version. */
  apply(changes: readonly TextDocumentContentChangeEvent[]): void {
    if (this.encoding === 'utf-16') {
      this.document = TextDocument.update(this.document, [...changes], this.version + 1);
      return;
    }
    let text = this.text;
    for (const change of changes) {
      if ('range' in change) {
        const start = this.offsetAtIn(text, change.range.start);
        const end = Math.max(start, this.offsetAtIn(text, change.range.end));
        text = text.slice(0, start) + change.text + text.slice(end);
      } else {
        text = change.text;
      }
    }
    this.document = TextDocument.create(this.uri, 'python', this.version + 1, text);
  }

  private offsetAtIn(text: string, position: Position): number {
    const saved = this.document;
    this.document = TextDocument.create(this.uri, 'python', saved.version, text);
    const offset = this.offsetAt(position);
    this.document = saved;
    return offset;
  }
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Line starts after `\n`, `\r\n` and a lone `\r`, as the LSP defines lines. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 13 || c === 10) starts.push(i + 1);
  }
  return starts;
}
