import { callArguments, isFString, lastSegment, literalString, unparenthesize } from '../engine/python';
import { resolveValue } from '../analysis/sinks';
import { auditTaintAt, spanOf, taintPath } from '../analysis/taint';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { shortText } from './callFacts';
import { callName } from './resolvedNames';

/** Methods that run their first argument as SQL on a cursor, connection, session or engine. */
const EXECUTE_METHODS = new Set(['execute', 'executemany', 'executescript', 'exec_driver_sql', 'raw', 'read_sql', 'read_sql_query']);
/** Calls that make SQL from text, by qualified name. */
const SQL_TEXT = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text', 'pandas.read_sql', 'pandas.read_sql_query']);
/**
 * Statements that read or change rows. Schema statements (`ALTER TABLE %s`, `CREATE TYPE`)
 * put identifiers into the text, which no driver can bind: that is how migrations are written.
 */
const SQL_START = /^\s*\(?\s*(select|insert|update|delete|replace|with|merge|call)\b/i;
const SQL_SHAPE = /\b(select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from)\b/i;
const SCHEMA_START = /^\s*\(?\s*(create|drop|alter|truncate|grant|revoke|pragma|rename|comment)\b/i;
/** Database migrations: code-defined identifiers, run once by the operator. */
const MIGRATION_PATH = /(^|\/)(migrations?|alembic|alembic_migrations|legacy_migrations)\//;

interface Built {
  /** The formatting expression. */
  node: SyntaxNode;
  /** The literal SQL text it starts from. */
  sql: string;
  /** The values spliced in. */
  values: SyntaxNode[];
  kind: 'percent' | 'format' | 'fstring' | 'concat';
}

function literalText(node: SyntaxNode, context: RuleContext): string | undefined {
  const n = unparenthesize(node);
  if (n.type === 'string' || n.type === 'concatenated_string') {
    const whole = literalString(n, context.text);
    if (whole !== undefined) return whole;
    // An f-string: its literal parts.
    return n.descendantsOfType('string_content').map(context.text).join(' ');
  }
  return undefined;
}

/** A string built with `%`, `.format()`, an f-string or `+` from a literal and other values. */
function builtString(expr: SyntaxNode, context: RuleContext): Built | undefined {
  const n = unparenthesize(expr);
  if ((n.type === 'string' || n.type === 'concatenated_string') && isFString(n, context.text)) {
    const values = n.descendantsOfType('interpolation').map((i) => i.namedChildren[0]).filter((v): v is SyntaxNode => !!v);
    return values.length > 0 ? { node: n, sql: literalText(n, context) ?? '', values, kind: 'fstring' } : undefined;
  }
  if (n.type === 'binary_operator') {
    const op = context.text(n.childForFieldName('operator') ?? n);
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return undefined;
    if (op === '%') {
      const sql = literalText(left, context);
      if (sql === undefined) return undefined;
      const r = unparenthesize(right);
      const values = r.type === 'tuple' ? r.namedChildren.filter((c) => c.type !== 'comment') : [r];
      return { node: n, sql, values, kind: 'percent' };
    }
    if (op === '+') {
      const parts: SyntaxNode[] = [];
      const pending = [n];
      while (pending.length > 0) {
        const p = pending.pop() as SyntaxNode;
        const inner = unparenthesize(p);
        if (inner.type === 'binary_operator' && context.text(inner.childForFieldName('operator') ?? inner) === '+') {
          const l = inner.childForFieldName('left');
          const rr = inner.childForFieldName('right');
          if (rr) pending.push(rr);
          if (l) pending.push(l);
        } else {
          parts.push(inner);
        }
      }
      const literals = parts.map((p) => literalText(p, context));
      const values = parts.filter((_, i) => literals[i] === undefined);
      if (values.length === 0 || values.length === parts.length) return undefined;
      return { node: n, sql: literals.filter((l) => l !== undefined).join(' '), values, kind: 'concat' };
    }
    return undefined;
  }
  if (n.type === 'call') {
    const fn = n.childForFieldName('function');
    if (fn?.type !== 'attribute' || context.text(fn.childForFieldName('attribute') ?? fn) !== 'format') return undefined;
    const object = fn.childForFieldName('object');
    const sql = object ? literalText(object, context) : undefined;
    if (sql === undefined) return undefined;
    const args = callArguments(n, context.text);
    return { node: n, sql, values: [...args.positional, ...args.keywords.values()], kind: 'format' };
  }
  return undefined;
}

/** Values that cannot carry SQL: literals, UPPER_CASE constants, placeholder lists (`','.join(['%s'] * n)`), `int()`/`len()`. */
function isHarmless(value: SyntaxNode, context: RuleContext, follow = true): boolean {
  const v = unparenthesize(value);
  if (follow && v.type === 'identifier') {
    const assigned = resolveValue(v, context);
    if (assigned !== v) return isHarmless(assigned, context, false);
  }
  if (v.type === 'integer' || v.type === 'float' || v.type === 'true' || v.type === 'false' || v.type === 'none') return true;
  if ((v.type === 'string' || v.type === 'concatenated_string') && literalString(v, context.text) !== undefined) return true;
  if ((v.type === 'identifier' || v.type === 'attribute') && /^[A-Z][A-Z0-9_]*$/.test(lastSegment(context.text(v)))) return true;
  if (v.type === 'call') {
    const fn = context.text(v.childForFieldName('function') ?? v).replace(/\s+/g, '');
    if (fn === 'int' || fn === 'len' || fn === 'float') return true;
    // Placeholders: `', '.join('?' * n)`, `','.join(['%s'] * len(ids))`.
    if (/\.join$/.test(fn) && /['"](\?|%s|:\w+)['"]/.test(context.text(v))) return true;
  }
  return false;
}

/** `cur.execute("... %s ..." % (a, b))` -> `cur.execute("... %s ...", (a, b))`: the driver quotes the values. Unsafe. */
function parameterFix(call: SyntaxNode, built: Built, context: RuleContext): Fix | undefined {
  if (built.kind !== 'percent') return undefined;
  const left = built.node.childForFieldName('left');
  const right = built.node.childForFieldName('right');
  const operator = built.node.childForFieldName('operator');
  if (!left || !right || !operator || callArguments(call, context.text).positional.length !== 1) return undefined;
  // Only bare %s placeholders: quoted ones ('%s') and other conversions would change meaning.
  if (/%[^s%]|['"]%s['"]|%\(/.test(built.sql)) return undefined;
  const r = unparenthesize(right);
  const params = r.type === 'tuple' ? context.text(right) : `(${context.text(right)},)`;
  return {
    title: 'Pass the values as query parameters',
    applicability: 'unsafe',
    edits: [{ start: left.endIndex, end: right.endIndex, newText: `, ${params}` }],
  };
}

/**
 * DVR107 sql-from-strings: SQL text built with `%`, `.format()`, an f-string or `+` and run
 * by `execute()`, `executemany()`, `raw()`, `text()`, `read_sql()`. High confidence with a
 * taint path from a source.
 */
export const DVR107: RuleCheck = {
  id: 'DVR107',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /execute|\braw\b|\btext\b|read_sql|exec_driver_sql/i,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode || MIGRATION_PATH.test(context.file.path)) return;
    const fn = call.childForFieldName('function');
    if (!fn) return;
    const name = callName(call, context);
    const method = fn.type === 'attribute' ? context.text(fn.childForFieldName('attribute') ?? fn) : '';
    if (!EXECUTE_METHODS.has(method) && !SQL_TEXT.has(name)) return;
    const first = callArguments(call, context.text).positional[0] ?? callArguments(call, context.text).keywords.get('sql');
    if (!first) return;
    const direct = builtString(first, context);
    const built = direct ?? builtString(resolveValue(first, context), context);
    if (!built) return;
    if (SCHEMA_START.test(built.sql) || (!SQL_START.test(built.sql) && !SQL_SHAPE.test(built.sql))) return;
    const risky = built.values.filter((v) => !isHarmless(v, context));
    if (risky.length === 0) return;
    const taint = risky.map((v) => auditTaintAt(v, context, 'keep')).find((t) => t !== undefined);
    const fix = direct ? parameterFix(call, built, context) : undefined;
    context.report({
      node: first,
      value: shortText(risky[0], context),
      confidence: taint && taint.origin !== 'attribute' ? 'high' : 'medium',
      ...(taint ? { related: taintPath(taint, spanOf(first), `runs as SQL in ${method || name}()`) } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
};
