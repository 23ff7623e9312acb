import { loggedValues, readLogCall, type LogCall, type LoggedValue } from '../engine/logCalls';
import { parsePercentFormat, type PercentFormat } from '../engine/percentFormat';
import { compactText, isConstant, unparenthesize, type TextOf } from '../engine/python';
import { looksSecret } from '../engine/secretNames';
import type { Fix, RuleCheck, RuleContext, SyntaxNode, TextEdit } from '../engine/types';
import { planFromImport } from '../fixes/fromImport';
import { hasHiddenFormatChars, stringPieces } from '../fixes/percentMessages';

/**
 * Keys `strutils.mask_dict_password` masks (it tests whether one of these occurs in the
 * lower-cased key). Only dicts whose secret keys all match are fixed by wrapping them.
 */
const ORACLE_MASKED_KEYS = ['password', 'secret', 'token', 'private_key', 'passphrase', 'admin_pass', 'new_pass', 'adminpass', 'sys_pswd'];
const MASK = '***';

function isMaskedByOslo(key: string): boolean {
  const lower = key.toLowerCase();
  return ORACLE_MASKED_KEYS.some((k) => lower.includes(k));
}

/** The literal body of a message (implicit concatenations joined), when it is a plain literal. */
function messageFormat(message: SyntaxNode | undefined, text: TextOf): { format: PercentFormat; quote: string } | undefined {
  if (!message) return undefined;
  const pieces = stringPieces(unparenthesize(message), text);
  if (!pieces || pieces.some((p) => p.isF)) return undefined;
  const body = pieces.map((p) => text(p.node).slice(p.bodyStart - p.node.startIndex, p.bodyEnd - p.node.startIndex)).join('');
  const format = hasHiddenFormatChars(body) ? undefined : parsePercentFormat(body);
  return format && { format, quote: pieces[0].quote.length === 1 ? pieces[0].quote : "'" };
}

/** Secret-looking `%(name)s` placeholders filled from a mapping that is not a dict literal (`locals()`, `self.__dict__`). */
function secretPlaceholder(log: LogCall, text: TextOf, lexical: boolean): string | undefined {
  let template: SyntaxNode | undefined;
  let mapping: SyntaxNode | undefined;
  const message = log.message && unparenthesize(log.message);
  if (message && message.type === 'binary_operator' && message.childForFieldName('operator')?.type === '%') {
    template = message.childForFieldName('left') ?? undefined;
    mapping = message.childForFieldName('right') ?? undefined;
  } else if (message && log.values.length === 1) {
    template = message;
    mapping = log.values[0];
  }
  if (!template || !mapping || unparenthesize(mapping).type === 'dictionary' || isConstant(mapping, text)) return undefined;
  // A mapping already passed through strutils.mask_dict_password()/mask_password() is masked.
  const unwrapped = unparenthesize(mapping);
  if (unwrapped.type === 'call' && /(^|\.)mask_(dict_)?password$/.test(compactText(unwrapped.childForFieldName('function') ?? unwrapped, text))) return undefined;
  const parsed = messageFormat(template, text);
  const secret = parsed?.format.named.find((name) => looksSecret(name, { lexical }));
  return secret === undefined ? undefined : `%(${secret})s`;
}

/** The conversion letter the message applies to a value argument or dict key, if the message says. */
function conversionFor(log: LogCall, value: LoggedValue, format: PercentFormat | undefined): string | undefined {
  if (log.level === 'print') return 's';
  if (!format) return undefined;
  if (value.node.id !== value.top.id) {
    const index = format.named.indexOf(value.name);
    return index >= 0 ? format.conversions[index] : undefined;
  }
  const position = log.values.findIndex((v) => v.id === value.top.id);
  if (position < 0 || format.positional !== format.conversions.length) return undefined;
  return format.conversions[position];
}

/**
 * A fix adds no dependency: strutils is imported only where the module already uses
 * oslo_utils, or oslo_log (which oslo.log itself requires).
 */
function canImportOsloUtils(context: RuleContext): boolean {
  const packages = context.model.importedPackages;
  return packages.has('oslo_utils') || packages.has('oslo_log');
}

/**
 * Masks every secret of the call: a dict literal whose secret keys `mask_dict_password`
 * recognises is wrapped in it; a bare secret argument (or dict value) is logged as
 * '***'. `mask_password()` is not used on bare values: it only masks `key=value` text
 * and returns a bare secret unchanged.
 */
function maskFix(log: LogCall, secrets: LoggedValue[], context: RuleContext): Fix[] {
  const text = context.text;
  const message = messageFormat(log.message, text);
  const quote = message?.quote ?? "'";
  const edits: TextEdit[] = [];
  let strutils: ReturnType<typeof planFromImport> | undefined;
  const byTop = new Map<number, LoggedValue[]>();
  for (const s of secrets) byTop.set(s.top.id, [...(byTop.get(s.top.id) ?? []), s]);
  for (const group of byTop.values()) {
    const top = group[0].top;
    if (log.message && top.id === log.message.id) return [];
    const dict = unparenthesize(top);
    const dictKeys = group.filter((s) => s.kind === 'key' && s.node.parent?.type === 'pair' && s.node.parent.parent?.id === dict.id);
    if (dict.type === 'dictionary' && dictKeys.length === group.length && group.every((s) => isMaskedByOslo(s.name)) && canImportOsloUtils(context)) {
      strutils ??= planFromImport(context.file, 'oslo_utils', 'strutils');
      if (!strutils.name) return [];
      edits.push({ start: top.startIndex, end: top.startIndex, newText: `${strutils.name}.mask_dict_password(` }, { start: top.endIndex, end: top.endIndex, newText: ')' });
      continue;
    }
    for (const s of group) {
      const direct = s.node.id === top.id || dictKeys.includes(s);
      const conversion = conversionFor(log, s, message?.format);
      if (!direct || !conversion || !/^[sra]$/.test(conversion)) return [];
      edits.push({ start: s.node.startIndex, end: s.node.endIndex, newText: `${quote}${MASK}${quote}` });
    }
  }
  if (edits.length === 0) return [];
  if (strutils) {
    if (strutils.edit) edits.push(strutils.edit);
    return [{ title: 'Mask the logged dict with strutils.mask_dict_password()', applicability: 'safe', edits }];
  }
  return [{ title: `Log '${MASK}' instead of the secret`, applicability: 'safe', edits }];
}

const SECRET_HINT = /pass|pwd|secret|token|api.?key|private.?key|credential|psk|auth|cookie/i;
const LEXER_PACKAGES = new Set(['tokenize', 'token', 'ply', 'pyparsing', 'parso', 'lib2to3', 'pygments', 'antlr4', 'lark']);

/** Lexers and parsers, where a bare `token` is a piece of syntax, not a credential. */
function isLexicalModule(context: RuleContext): boolean {
  return context.memo('DVR401:lexical', () => {
    if (/(^|\/)[^/]*(token|lex|pars|gramm)[^/]*$/i.test(context.file.path)) return true;
    for (const p of context.model.importedPackages) if (LEXER_PACKAGES.has(p)) return true;
    return false;
  });
}

/** DVR401 secret-in-log: a logging call (or print) writes a secret-looking value. */
export const DVR401: RuleCheck = {
  id: 'DVR401',
  nodeTypes: ['call'],
  scope: 'definition',
  check(call, context) {
    // Every name this rule can flag spells one of these in the call's text: a cheap first filter.
    if (!context.mayMatch(call, SECRET_HINT)) return;
    const log = readLogCall(call, context.text, true);
    if (!log) return;
    // A dict value is reached as `'password': password` first, then as the variable: keep one.
    const seen = new Set<number>();
    const lexical = isLexicalModule(context);
    const secrets = loggedValues(log, context.text).filter((v) => {
      if (seen.has(v.node.id) || !looksSecret(v.name, { lexical }) || isConstant(v.node, context.text)) return false;
      seen.add(v.node.id);
      return true;
    });
    const callee = call.childForFieldName('function') ?? call;
    if (secrets.length > 0) {
      context.report({ node: callee, value: compactText(secrets[0].node, context.text), fixes: maskFix(log, secrets, context) });
      return;
    }
    const placeholder = secretPlaceholder(log, context.text, lexical);
    if (placeholder) context.report({ node: callee, value: placeholder });
  },
};
