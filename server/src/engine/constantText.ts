/**
 * A lexical test on source text, for cheap early exits: does a piece of code (an argument
 * list) read no variable at all? Without a name there is nothing a value could come from:
 * only literals, operators and brackets. Text instead of nodes, because reading a node's
 * children costs tree-sitter an object per child.
 */

/** Names that are constants, not variables. */
const CONSTANT_NAMES = new Set(['True', 'False', 'None']);
/** String prefixes that keep a literal a constant: raw, bytes, unicode (not f-strings or template strings). */
const STRING_PREFIX = /^(?:[rRuUbB]|[bB][rR]|[rR][bB])$/;

const isNameStart = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
const isNamePart = (c: number): boolean => isNameStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const QUOTE_SINGLE = 39;
const QUOTE_DOUBLE = 34;
const HASH = 35;
const BACKSLASH = 92;
const EQUALS = 61;
const DOT = 46;
const OPEN_PAREN = 40;
const COMMA = 44;

/** The index after the string literal whose opening quote is at `start` (escapes and triple quotes handled); -1 if unterminated. */
function stringEnd(text: string, start: number): number {
  const quote = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
  let i = start + (triple ? 3 : 1);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      i += 2;
      continue;
    }
    if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) return i + (triple ? 3 : 1);
    i++;
  }
  return -1;
}

const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 12;

/** The index of the next character that is not a space, tab or line break, at or after `i` (text.length at the end). */
function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * True when `text`, an argument list with its parentheses, mentions no variable: every name
 * in it is a keyword argument's name (`(name=` or `, name=` directly in the list), `True`,
 * `False`, `None` or the prefix of a string that does not interpolate. False (the safe
 * answer) for anything this lexer does not follow: comments, line continuations,
 * unterminated strings, any other name.
 */
export function readsNoVariable(text: string): boolean {
  let depth = 0;
  /** The last significant character before the current token. */
  let previous = -1;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === QUOTE_SINGLE || c === QUOTE_DOUBLE) {
      const end = stringEnd(text, i);
      if (end < 0) return false;
      i = end;
      previous = c;
      continue;
    }
    if (c === HASH || c === BACKSLASH) return false;
    if (isDigit(c) || (c === DOT && isDigit(text.charCodeAt(i + 1)))) {
      // A number, with its letters (`0x1F`, `1e5`, `2j`) and dots.
      while (i < text.length && (isNamePart(text.charCodeAt(i)) || text.charCodeAt(i) === DOT)) i++;
      previous = c;
      continue;
    }
    if (isNameStart(c)) {
      const start = i;
      while (i < text.length && isNamePart(text.charCodeAt(i))) i++;
      const name = text.slice(start, i);
      const after = text.charCodeAt(i);
      if (after === QUOTE_SINGLE || after === QUOTE_DOUBLE) {
        // A string's prefix: raw, bytes or unicode only (an f-string or template string interpolates).
        if (!STRING_PREFIX.test(name)) return false;
        continue;
      }
      const keyword = depth === 1 && (previous === OPEN_PAREN || previous === COMMA);
      previous = c;
      if (CONSTANT_NAMES.has(name)) continue;
      const next = skipSpaces(text, i);
      if (keyword && text.charCodeAt(next) === EQUALS && text.charCodeAt(next + 1) !== EQUALS) {
        i = next + 1;
        previous = EQUALS;
        continue;
      }
      return false;
    }
    if (c === OPEN_PAREN || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    previous = c;
    i++;
  }
  return true;
}
