import { callArguments, calleeName, lastSegment, literalString } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { stdlibImportInsertions } from '../fixes/imports';
import { isSecretName, mentionsSecretWord, nameWords, SECRET_NAME_TEXT } from '../engine/secretNames';

/** Values that stand for a credential in docs and templates, not a credential. */
const PLACEHOLDERS = [
  /^<[^<>]*>$/, // <password>
  /^\[[A-Za-z_]+\]$/, // [UNK], [MASK]: special tokens of a tokenizer
  /^[*.xX?#-]+$/, // ***, xxxx, ...
  /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/, // $PASSWORD, ${PASSWORD}
  /%\([A-Za-z0-9_]+\)[sd]|\{[A-Za-z0-9_]*\}/, // templates: %(password)s, {password}
  /example/i, // documentation examples such as AWS's `...EXAMPLEKEY`
];

/** Identifier-shaped values: snake_case, UPPER_SNAKE, PascalCase and camelCase names. */
const IDENTIFIER_SHAPES = [/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/, /^[A-Z][A-Za-z]*[a-z][A-Za-z]*$/, /^[a-z]+([A-Z][a-z]+)+$/];

/**
 * Values that name or describe something rather than being a secret: header names
 * (`X-Auth-Token`), module paths and host names (`http.cookies`), OIDs and versions,
 * booleans, URLs without user info, and sentences.
 */
const NOT_A_SECRET = [
  /^[A-Z][a-z]*(-[A-Z][A-Za-z]*)+$/, // HTTP header name
  /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_-]*)+$/, // dotted module path or host name
  /^\d+(\.\d+)+$/, // OID or version
  /^(true|false|yes|no|on|off|none|null|nil|undefined|enabled|disabled|optional|required)$/i,
  /^[a-z][a-z0-9+.-]*:\/\/[^@\s]*$/i, // URL without user info
  /^\S+(\s+\S+){2,}$/, // three or more words: a message, not a credential
];

/** A non-empty string literal that could be a real credential, with its value. */
function credentialLiteral(node: SyntaxNode | null | undefined, context: RuleContext): string | undefined {
  if (!node || (node.type !== 'string' && node.type !== 'concatenated_string')) return undefined;
  // Raw strings are regular expressions and paths.
  const parts = node.type === 'string' ? [node] : node.namedChildren.filter((c) => c.type === 'string');
  if (parts.some((p) => /r/i.test(p.firstChild ? context.text(p.firstChild) : ''))) return undefined;
  const value = literalString(node, context.text);
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  // Too short to be a credential, or no letters and digits at all (`'@'`, `'('`).
  if (trimmed.length <= 2 || !/[A-Za-z0-9]/.test(trimmed)) return undefined;
  if (PLACEHOLDERS.some((p) => p.test(trimmed)) || NOT_A_SECRET.some((p) => p.test(trimmed))) return undefined;
  // The name of the field that holds the secret (`next_token`, `NextToken`), not the secret.
  if (IDENTIFIER_SHAPES.some((p) => p.test(trimmed)) && mentionsSecretWord(trimmed)) return undefined;
  // A multi-line value is a document (a config snippet), unless it is a PEM key.
  if (/\n/.test(trimmed) && !/PRIVATE KEY|BEGIN /.test(trimmed)) return undefined;
  return value;
}

/** Names that are keys, variables or options, not type names (`AWS::SecretsManager::Secret`) or prose. */
const NAME_SHAPE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The name part of isSecretFor: checked before reading the literal, which costs more. */
function couldBeSecretFor(name: string | undefined): name is string {
  return !!name && NAME_SHAPE.test(name) && isSecretName(name);
}

/**
 * A bare `token` is as often a parser token as an auth token: then only a value that does
 * not look like a keyword or word (`'lambda'`, `'login'`, `'#bygroup'`) counts.
 */
function isSecretFor(name: string, value: string): boolean {
  if (!couldBeSecretFor(name)) return false;
  const v = value.trim();
  if (/^(tok|tokens?)$/i.test(name) && /^[^A-Za-z0-9]*[A-Za-z_]+$/.test(v)) return false;
  // An enum member (`PASSWORD = "PASSWORD"`) names itself.
  if (/^[A-Z_]+$/.test(v) && v === name) return false;
  return true;
}

/** The name a target or operand stands for: `x`, `obj.attr`, `d['key']`, `d.get('key')`, `getattr(o, 'name')`. */
function nameOf(node: SyntaxNode | null | undefined, context: RuleContext): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'identifier':
      return context.text(node);
    case 'attribute': {
      const attr = node.childForFieldName('attribute');
      return attr ? context.text(attr) : undefined;
    }
    case 'subscript': {
      const key = node.childForFieldName('subscript');
      return key ? literalString(key, context.text) : undefined;
    }
    case 'call': {
      const name = calleeName(node, context.text);
      const args = callArguments(node, context.text).positional;
      if (lastSegment(name) === 'get' || name === 'os.getenv') return args[0] ? literalString(args[0], context.text) : undefined;
      if (name === 'getattr') return args[1] ? literalString(args[1], context.text) : undefined;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Calls that declare a named option whose `default=` is the option's value. */
function optionNames(call: SyntaxNode, context: RuleContext): string[] {
  const name = lastSegment(calleeName(call, context.text));
  const args = callArguments(call, context.text);
  if (/Opt$/.test(name)) {
    const first = args.positional[0] ?? args.keywords.get('name');
    const option = first ? literalString(first, context.text) : undefined;
    return option ? [option] : [];
  }
  if (name === 'add_argument' || name === 'add_option') {
    const names = args.positional.map((a) => literalString(a, context.text)).filter((s): s is string => !!s);
    const dest = args.keywords.get('dest');
    const destName = dest ? literalString(dest, context.text) : undefined;
    return destName ? [destName] : names;
  }
  return [];
}

/** `os.environ.get('SHARED_SECRET', '')` in place of the literal; unsafe, since it changes behaviour. */
function environmentFix(literal: SyntaxNode, name: string, context: RuleContext): Fix | undefined {
  const opener = literal.type === 'string' ? literal.firstChild : null;
  if (!opener || /b/i.test(context.text(opener))) return undefined; // bytes would become str
  const variable = nameWords(name).join('_').toUpperCase();
  if (!variable) return undefined;
  const root = context.file.tree.rootNode;
  // Once per file, not per finding: a file with many findings made this quadratic.
  const { osBindings, insertions } = context.memo('DVR601:environment-fix', () => ({
    osBindings: context.model.scopes.flatMap((scope) => scope.bindings.get('os') ?? []),
    insertions: stdlibImportInsertions(context.file.text, root, context.text, ['os']),
  }));
  if (osBindings.some((b) => !b.imported || b.imported.statement.type !== 'import_statement' || !/^import\s+os(\.|\s|,|$)/.test(context.text(b.imported.statement)))) {
    return undefined; // `os` means something else here
  }
  return {
    title: `Read the value from the environment variable ${variable} instead`,
    applicability: 'unsafe',
    edits: [{ start: literal.startIndex, end: literal.endIndex, newText: `os.environ.get('${variable}', '')` }, ...insertions.map((i) => i.edit)],
  };
}

function report(literal: SyntaxNode, name: string, context: RuleContext, offerFix = true): void {
  const inTests = context.file.isTestCode;
  const fix = offerFix && !inTests ? environmentFix(literal, name, context) : undefined;
  context.report({
    node: literal,
    value: name,
    ...(inTests ? { severity: 'low' as const, confidence: 'low' as const } : {}),
    fixes: fix ? [fix] : [],
  });
}

function checkPair(nameNode: SyntaxNode | null | undefined, valueNode: SyntaxNode | null | undefined, context: RuleContext): void {
  if (!valueNode || (valueNode.type !== 'string' && valueNode.type !== 'concatenated_string')) return;
  const name = nameOf(nameNode, context);
  if (!couldBeSecretFor(name)) return;
  const value = credentialLiteral(valueNode, context);
  if (value !== undefined && isSecretFor(name, value)) report(valueNode, name, context);
}

/** Values an assignment can hold a credential literal in: a string, or one inside a sequence being unpacked. */
const ASSIGNED_VALUE_TYPES = new Set(['string', 'concatenated_string', 'expression_list', 'tuple', 'list']);

function checkAssignment(assignment: SyntaxNode, context: RuleContext): void {
  const targets: SyntaxNode[] = [];
  let value: SyntaxNode | null = assignment;
  while (value && value.type === 'assignment') {
    const left = value.childForFieldName('left');
    if (left) targets.push(left);
    value = value.childForFieldName('right');
  }
  if (!value || !ASSIGNED_VALUE_TYPES.has(value.type)) return;
  // `a = b = 'x'` is handled from the outer one (asked last: a parent costs tree-sitter a descent from the root).
  if (assignment.parent?.type === 'assignment') return;
  for (const target of targets) {
    const isSequence = (n: SyntaxNode): boolean => ['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(n.type);
    if (isSequence(target) && (value.type === 'expression_list' || value.type === 'tuple' || value.type === 'list')) {
      const names = target.namedChildren.filter((c) => c.type !== 'comment');
      const values = value.namedChildren.filter((c) => c.type !== 'comment');
      if (names.length === values.length) names.forEach((n, i) => checkPair(n, values[i], context));
      continue;
    }
    checkPair(target, value, context);
  }
}

function checkComparison(comparison: SyntaxNode, context: RuleContext): void {
  const operands = comparison.namedChildren.filter((c) => c.type !== 'comment');
  const operators = comparison.childrenForFieldName('operators').map((o) => o.type);
  if (operands.length !== 2 || operators.length !== 1 || (operators[0] !== '==' && operators[0] !== '!=')) return;
  for (const [side, other] of [[operands[0], operands[1]], [operands[1], operands[0]]]) {
    const name = nameOf(side, context);
    if (!couldBeSecretFor(name)) continue;
    const value = credentialLiteral(other, context);
    // No environment fix here: comparing with a missing variable's '' could let an empty value in.
    if (value !== undefined && isSecretFor(name, value)) report(other, name, context, false);
  }
}

/** `password='x'`: a literal passed as a secret-named keyword (`default=` is the option's: checkOptionDefaults). */
function checkKeyword(keyword: SyntaxNode, context: RuleContext): void {
  const nameNode = keyword.childForFieldName('name');
  const name = nameNode ? context.text(nameNode) : '';
  if (name === 'default' || !isSecretName(name)) return;
  const value = keyword.childForFieldName('value');
  const literal = credentialLiteral(value, context);
  if (value && literal !== undefined && isSecretFor(name, literal)) report(value, name, context);
}

/**
 * `cfg.StrOpt('admin_password', default='x')`, `add_argument('--token', default='x')`: the
 * option's name is in the call, outside the keyword, so the call is where this is checked.
 */
function checkOptionDefaults(call: SyntaxNode, context: RuleContext): void {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return;
  for (const keyword of args.namedChildren) {
    if (keyword.type !== 'keyword_argument') continue;
    const nameNode = keyword.childForFieldName('name');
    if (!nameNode || context.text(nameNode) !== 'default') continue;
    const value = keyword.childForFieldName('value');
    const literal = credentialLiteral(value, context);
    if (!value || literal === undefined) continue;
    const option = optionNames(call, context).find((o) => isSecretFor(o, literal));
    if (option) report(value, option, context);
  }
}

/** `conf.get('password', 'admin')`, `os.getenv('DB_PASSWORD', 'x')`, `getattr(conf, 'token', 'x')`: a literal fallback. */
function checkLookupDefault(call: SyntaxNode, context: RuleContext): void {
  const fn = call.childForFieldName('function');
  if (!fn || (fn.type !== 'attribute' && fn.type !== 'identifier')) return;
  const tail = fn.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
  const last = tail ? context.text(tail) : '';
  if (last !== 'get' && last !== 'getenv' && last !== 'getattr') return;
  const name = calleeName(call, context.text);
  const args = callArguments(call, context.text).positional;
  let key: SyntaxNode | undefined;
  let fallback: SyntaxNode | undefined;
  if (lastSegment(name) === 'get' || name === 'os.getenv') [key, fallback] = args;
  else if (name === 'getattr') [, key, fallback] = args;
  else return;
  const keyName = key ? literalString(key, context.text) : undefined;
  if (!couldBeSecretFor(keyName) || !fallback) return;
  const value = credentialLiteral(fallback, context);
  if (value !== undefined && isSecretFor(keyName, value)) report(fallback, keyName, context);
}

function checkParameter(parameter: SyntaxNode, context: RuleContext): void {
  checkPair(parameter.childForFieldName('name'), parameter.childForFieldName('value'), context);
}

function checkDictionaryPair(pair: SyntaxNode, context: RuleContext): void {
  const key = pair.childForFieldName('key');
  if (!key || key.type !== 'string') return;
  const name = key ? literalString(key, context.text) : undefined;
  if (!couldBeSecretFor(name)) return;
  const value = pair.childForFieldName('value');
  const literal = credentialLiteral(value, context);
  if (value && literal !== undefined && isSecretFor(name, literal)) report(value, name, context);
}

/**
 * DVR601 hardcoded-credential: a non-empty string literal assigned to, compared with, passed
 * as keyword to, or used as a default for a name, attribute or key that looks secret. The
 * message names the variable, never the literal.
 */
export const DVR601: RuleCheck = {
  id: 'DVR601',
  nodeTypes: ['assignment', 'comparison_operator', 'keyword_argument', 'default_parameter', 'typed_default_parameter', 'pair', 'call'],
  scope: 'definition',
  // Every finding names a secret-looking name (isSecretName) written inside the checked node.
  anchor: SECRET_NAME_TEXT,
  check(node, context) {
    switch (node.type) {
      case 'assignment':
        return checkAssignment(node, context);
      case 'comparison_operator':
        return checkComparison(node, context);
      case 'keyword_argument':
        return checkKeyword(node, context);
      case 'pair':
        return checkDictionaryPair(node, context);
      case 'call':
        checkOptionDefaults(node, context);
        return checkLookupDefault(node, context);
      default:
        return checkParameter(node, context);
    }
  },
};
