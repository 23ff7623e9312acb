import type { TextOf } from '../engine/python';
import type { SyntaxNode, TextEdit } from '../engine/types';

/**
 * Rewrites string literals into printf-style logging messages: f-strings and
 * `str.format` templates become `%s` messages (with `%` escaped as `%%`), only where
 * the result formats to exactly the same text.
 */

export interface StringPiece {
  node: SyntaxNode;
  /** String prefix letters as written (`rf`, `F`, ``). */
  prefix: string;
  quote: string;
  bodyStart: number;
  bodyEnd: number;
  isF: boolean;
}

/** The literal pieces of a string or implicit concatenation; undefined for anything else. */
export function stringPieces(node: SyntaxNode, text: TextOf): StringPiece[] | undefined {
  const parts = node.type === 'concatenated_string' ? node.namedChildren.filter((c) => c.type !== 'comment') : [node];
  const pieces: StringPiece[] = [];
  for (const part of parts) {
    if (part.type !== 'string') return undefined;
    const start = part.children.find((c) => c.type === 'string_start');
    const end = part.children.find((c) => c.type === 'string_end');
    if (!start || !end) return undefined;
    const opener = text(start);
    const prefix = /^[A-Za-z]*/.exec(opener)?.[0] ?? '';
    if (/[bB]/.test(prefix)) return undefined;
    pieces.push({ node: part, prefix, quote: opener.slice(prefix.length), bodyStart: start.endIndex, bodyEnd: end.startIndex, isF: /[fF]/.test(prefix) });
  }
  return pieces;
}

/** Escapes that would spell `%`, `{` or `}` without writing them (`\x25`, `\N{...}`): the rewrite would misread them. */
const HIDDEN_FORMAT_CHARS = /\\(x25|x7[bBdD]|u00(25|7[bBdD])|U0000(25|7[bBdD])|0?45\b|173|175|N\{)/;

export function hasHiddenFormatChars(body: string): boolean {
  return HIDDEN_FORMAT_CHARS.test(body);
}

export function escapePercent(body: string): string {
  return body.replace(/%/g, '%%');
}

/**
 * A `format()` spec that printf spells the same way (`.2f`, `05d`, `#x`); undefined
 * where the two mini-languages differ (alignment, grouping, `%`, no type letter).
 */
export function printfSpec(spec: string): string | undefined {
  const m = /^(#?)(0?)(\d*)(?:\.(\d+))?([dfFeEgGxXo])$/.exec(spec);
  if (!m) return undefined;
  const [, alternate, zero, width, precision, type] = m;
  const integral = /[dxXo]/.test(type);
  if (alternate && !/[xXo]/.test(type)) return undefined;
  if (precision !== undefined && integral) return undefined;
  return `${alternate}${zero}${width}${precision !== undefined ? `.${precision}` : ''}${type}`;
}

export interface PercentRewrite {
  edits: TextEdit[];
  /** Argument expressions, in order, as source text. */
  args: string[];
}

function interpolationToPercent(interpolation: SyntaxNode, text: TextOf): { placeholder: string; arg: string } | undefined {
  if (interpolation.children.some((c) => !c.isNamed && c.type === '=')) return undefined; // f'{x=}' debugging form
  const expression = interpolation.childForFieldName('expression');
  if (!expression || expression.type === 'yield' || expression.descendantsOfType('comment').length > 0) return undefined;
  const conversion = interpolation.childForFieldName('type_conversion');
  const spec = interpolation.childForFieldName('format_specifier');
  const arg = expression.type === 'expression_list' ? `(${text(expression)})` : text(expression);
  const letter = conversion ? text(conversion).slice(1) : 's';
  if (!/^[rsa]$/.test(letter)) return undefined;
  if (!spec) return { placeholder: `%${letter}`, arg };
  if (conversion || spec.namedChildren.some((c) => c.type === 'format_expression')) return undefined;
  const mapped = printfSpec(text(spec).replace(/^:/, ''));
  return mapped ? { placeholder: `%${mapped}`, arg } : undefined;
}

/** f-string (or a concatenation holding one) to a `%` message plus arguments. */
export function fStringToPercent(node: SyntaxNode, text: TextOf): PercentRewrite | undefined {
  const pieces = stringPieces(node, text);
  if (!pieces) return undefined;
  const edits: TextEdit[] = [];
  const args: string[] = [];
  for (const piece of pieces) {
    const source = text(piece.node);
    if (hasHiddenFormatChars(source)) return undefined;
    if (!piece.isF) {
      const body = text(piece.node).slice(piece.bodyStart - piece.node.startIndex, piece.bodyEnd - piece.node.startIndex);
      const escaped = escapePercent(body);
      if (escaped !== body) edits.push({ start: piece.bodyStart, end: piece.bodyEnd, newText: escaped });
      continue;
    }
    let body = '';
    for (const child of piece.node.children) {
      if (child.type === 'string_start' || child.type === 'string_end') continue;
      if (child.type === 'string_content') body += escapePercent(text(child).replace(/\{\{/g, '{').replace(/\}\}/g, '}'));
      else if (child.type === 'escape_sequence') body += text(child);
      else if (child.type === 'interpolation') {
        const converted = interpolationToPercent(child, text);
        if (!converted) return undefined;
        body += converted.placeholder;
        args.push(converted.arg);
      } else return undefined;
    }
    edits.push({ start: piece.node.startIndex, end: piece.node.endIndex, newText: `${piece.prefix.replace(/[fF]/g, '')}${piece.quote}${body}${piece.quote}` });
  }
  return args.length > 0 ? { edits, args } : undefined;
}

/**
 * A `str.format` template with only positional fields (`{}` or `{0}`, `{1}` in order,
 * each once) to a `%` message for `argCount` arguments; undefined where not exact.
 */
export function formatTemplateToPercent(node: SyntaxNode, argCount: number, text: TextOf): TextEdit[] | undefined {
  const pieces = stringPieces(node, text);
  if (!pieces || pieces.some((p) => p.isF)) return undefined;
  const edits: TextEdit[] = [];
  let auto = 0;
  const manual: number[] = [];
  for (const piece of pieces) {
    const body = text(piece.node).slice(piece.bodyStart - piece.node.startIndex, piece.bodyEnd - piece.node.startIndex);
    if (hasHiddenFormatChars(body)) return undefined;
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if ((c === '{' || c === '}') && body[i + 1] === c) {
        out += c;
        i++;
      } else if (c === '}') {
        return undefined;
      } else if (c === '{') {
        const close = body.indexOf('}', i);
        if (close < 0) return undefined;
        const field = body.slice(i + 1, close);
        if (field.includes('{')) return undefined;
        const m = /^(\d*)(?:!([rsa]))?(?::(.*))?$/.exec(field);
        if (!m) return undefined;
        const [, index, conversion, spec] = m;
        if (index === '') auto++;
        else manual.push(Number(index));
        let placeholder = `%${conversion ?? 's'}`;
        if (spec !== undefined && spec !== '') {
          const mapped = conversion ? undefined : printfSpec(spec);
          if (!mapped) return undefined;
          placeholder = `%${mapped}`;
        }
        out += placeholder;
        i = close;
      } else {
        out += c === '%' ? '%%' : c;
      }
    }
    if (out !== body) edits.push({ start: piece.bodyStart, end: piece.bodyEnd, newText: out });
  }
  if (auto > 0 && manual.length > 0) return undefined;
  const fields = auto > 0 ? auto : manual.length;
  if (fields !== argCount || fields === 0) return undefined;
  if (manual.some((n, i) => n !== i)) return undefined;
  return edits;
}
