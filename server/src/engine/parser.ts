import Parser from 'tree-sitter';
import Python from 'tree-sitter-python';
import type { Tree } from './types';

let shared: Parser | undefined;

/** One parser per thread; tree-sitter parsers are not re-entrant but are cheap to reuse. */
export function pythonParser(): Parser {
  if (!shared) {
    shared = new Parser();
    shared.setLanguage(Python as unknown as Parser.Language);
  }
  return shared;
}

/** Parses `text`; with `oldTree` (already edited to match), re-uses its unchanged parts. */
export function parsePython(text: string, oldTree?: Tree | null): Tree {
  return pythonParser().parse(withoutNul(text), oldTree ?? undefined);
}

/**
 * tree-sitter's lexer takes U+0000 for the end of input, and its error recovery then
 * re-reads the rest of a long line for every character: a NUL in a 1 MB comment made
 * parsing take minutes. Python forbids NUL in source anyway; a space of the same length
 * keeps every offset, and findings still read the real text.
 */
function withoutNul(text: string): string {
  return text.includes('\0') ? text.replace(/\0/g, ' ') : text;
}
