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
 * CPython refuses more than 100 levels of indentation ("too many levels of indentation").
 * tree-sitter-python's scanner keeps its own stack of indentation widths and aborts the
 * whole process (a native assertion) when that stack no longer fits the 1,024 bytes its
 * state may take (scannerIndentWidths below): deeper files are refused before tree-sitter sees them.
 */
export const MAX_INDENTATION_LEVELS = 100;

/**
 * The scanner's state is 2 bytes per indentation level after up to 257 bytes of string
 * delimiters, and the assertion fails from 384 levels on (with 255 open strings; 511 with
 * one). Its stack strictly increases, so it never holds more levels than there are distinct
 * widths the scanner can measure: texts with more than this many are refused.
 */
export const MAX_SCANNER_INDENT_WIDTHS = 300;

/**
 * Above this many distinct widths an open document is parsed from scratch rather than against
 * its old tree: scanner states kept from an earlier text could add their own widths.
 */
export const MAX_INCREMENTAL_INDENT_WIDTHS = 150;

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

const NOT_MEASURED = -1;

/**
 * Every non-zero indentation width tree-sitter-python's external scanner (src/scanner.c) can
 * push, counted as it counts them: a space 1, a tab 8 (not to the next multiple), `\r` and `\f`
 * start the count again, a backslash before a line break (`\\\n`, `\\\r\n`) continues it on
 * the next line, a comment line is no width, and the sum wraps at 16 bits (uint16_t). A count
 * starts after every `\n`, `\r` and `\f` and ends at the first other character. One pass from
 * the end, so long runs of continuations cost no more than other text.
 */
export function scannerIndentWidths(text: string): Set<number> {
  const widths = new Set<number>();
  const n = text.length;
  // Width measured from position i+1 to the end of its run; NOT_MEASURED when the run ends in
  // a comment, another line break or the end of the text (then no width is pushed).
  let after = NOT_MEASURED;
  // The same, from just after the nearest `\n` to the right (what a continuation goes on with).
  let afterNewline = NOT_MEASURED;
  const record = (width: number): void => {
    const wrapped = width & 0xffff;
    if (width !== NOT_MEASURED && wrapped !== 0) widths.add(wrapped);
  };
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 32) after = after === NOT_MEASURED ? NOT_MEASURED : after + 1;
    else if (c === 9) after = after === NOT_MEASURED ? NOT_MEASURED : after + 8;
    else if (c === 10 || c === 13 || c === 12) {
      record(after);
      if (c === 10) afterNewline = after;
      after = NOT_MEASURED;
    } else if (c === 92 /* \\ */) {
      const next = text.charCodeAt(i + 1);
      if (i + 1 >= n) after = NOT_MEASURED;
      else if (next === 10 || (next === 13 && text.charCodeAt(i + 2) === 10)) after = afterNewline;
      else after = 0;
    } else {
      after = c === 35 /* # */ ? NOT_MEASURED : 0;
    }
  }
  return widths;
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
  return parsePythonReusing(text, oldTree, budgetMs).tree;
}

/** parsePython, and whether the old tree was used (it is not when that could be unsafe; see below). */
export function parsePythonReusing(text: string, oldTree?: Tree | null, budgetMs: number = parseBudgetMs(text.length)): { tree: Tree; reused: boolean } {
  const parsed = asPythonReadsIt(text);
  const depth = indentationDepth(parsed);
  if (depth > MAX_INDENTATION_LEVELS) {
    throw new IndentationTooDeep(`${depth} levels of indentation (Python itself stops at ${MAX_INDENTATION_LEVELS})`);
  }
  const widths = scannerIndentWidths(parsed).size;
  if (widths > MAX_SCANNER_INDENT_WIDTHS) {
    throw new IndentationTooDeep(`${widths} different indentation widths (the parser handles at most ${MAX_SCANNER_INDENT_WIDTHS})`);
  }
  // A lone `\r` became `\n` here, which moves tree-sitter's rows: an old tree's points no longer fit.
  const reuse = oldTree && widths <= MAX_INCREMENTAL_INDENT_WIDTHS && !hasLoneCarriageReturn(text) ? oldTree : undefined;
  const parser = pythonParser();
  const deadline = performance.now() + budgetMs;
  const tree = parser.parse(parsed, reuse, { progressCallback: () => performance.now() > deadline });
  if (!tree) {
    // A halted parser resumes where it stopped unless told to start afresh.
    parser.reset();
    throw new ParseTimeout(`parsing took longer than ${(budgetMs / 1000).toFixed(0)} s`);
  }
  return { tree, reused: reuse !== undefined };
}

const LONE_CR = /\r(?!\n)/g;

/** True when the text has a `\r` that is a line break on its own (not part of `\r\n`). */
export function hasLoneCarriageReturn(text: string): boolean {
  if (!text.includes('\r')) return false;
  LONE_CR.lastIndex = 0;
  return LONE_CR.test(text);
}

/**
 * The text as tree-sitter must see it to read what Python reads, with every offset kept:
 * Python ends a line (and so a comment) at a lone `\r`, tree-sitter only at `\n`, so
 * `x = 1  # note\r os.system(cmd)` would hide the call from every rule; a lone `\r` is
 * given as `\n`. And NUL (below) as a space.
 */
export function asPythonReadsIt(text: string): string {
  const lines = hasLoneCarriageReturn(text) ? text.replace(LONE_CR, '\n') : text;
  return withoutNul(lines);
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
