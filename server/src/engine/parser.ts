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

/** Parsing gave up: the text took longer than its time budget (tree-sitter's error recovery is superlinear on some broken input). */
export class ParseTimeout extends Error {}

/**
 * CPython refuses more than 100 levels of indentation ("too many levels of indentation"), and
 * tree-sitter-python's scanner state overflows (a native assertion that kills the process)
 * with a string at about 550 levels, so deeper files are refused before tree-sitter sees them.
 */
export const MAX_INDENTATION_LEVELS = 100;

/** The text cannot be parsed safely: skipped with the same notice as a parse that ran out of time. */
export class IndentationTooDeep extends ParseTimeout {}

/** Deepest indentation stack of the text's lines (tabs to multiples of 8), as Python's tokenizer counts it. */
export function indentationDepth(text: string): number {
  const stack: number[] = [0];
  let deepest = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    let width = 0;
    let i = lineStart;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32) width++;
      else if (c === 9) width = (Math.floor(width / 8) + 1) * 8;
      else if (c !== 12) break;
    }
    const c = text.charCodeAt(i);
    if (i < text.length && c !== 10 && c !== 13 && c !== 35 /* # */) {
      while (width < stack[stack.length - 1]) stack.pop();
      if (width > stack[stack.length - 1]) stack.push(width);
      if (stack.length - 1 > deepest) deepest = stack.length - 1;
    }
    const next = text.indexOf('\n', i);
    lineStart = next < 0 ? text.length : next + 1;
  }
  return deepest;
}

/**
 * Time a parse may take: generous (typical code parses at several MB/s), yet bounded:
 * a 500 KB subscript of 66,000 empty elements took tree-sitter 50 s.
 */
export function parseBudgetMs(length: number): number {
  return 5_000 + length / 1_000;
}

/**
 * Parses `text`; with `oldTree` (already edited to match), re-uses its unchanged parts.
 * Throws ParseTimeout when parsing runs over its budget.
 */
export function parsePython(text: string, oldTree?: Tree | null, budgetMs: number = parseBudgetMs(text.length)): Tree {
  const depth = indentationDepth(text);
  if (depth > MAX_INDENTATION_LEVELS) {
    throw new IndentationTooDeep(`${depth} levels of indentation (Python itself stops at ${MAX_INDENTATION_LEVELS})`);
  }
  const parser = pythonParser();
  const deadline = performance.now() + budgetMs;
  const tree = parser.parse(withoutNul(text), oldTree ?? undefined, { progressCallback: () => performance.now() > deadline });
  if (!tree) {
    // A halted parser resumes where it stopped unless told to start afresh.
    parser.reset();
    throw new ParseTimeout(`parsing took longer than ${(budgetMs / 1000).toFixed(0)} s`);
  }
  return tree;
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
