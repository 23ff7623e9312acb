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
  return pythonParser().parse(text, oldTree ?? undefined);
}
