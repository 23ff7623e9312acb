import { stdlibImportInsertions } from '../fixes/imports';
import { indentationAt, lineEndAt } from '../fixes/layout';
import { literalString } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { callName } from './resolvedNames';

const SHARED_TEMP = /^(\/tmp|\/var\/tmp|\/dev\/shm)(\/|$)/;
/** Parents that make a path string a comparison or a message, not a file the code uses. */
const NOT_A_USE = new Set(['comparison_operator', 'concatenated_string']);
const DESCRIBING_CALLS = /(^|\.)(startswith|endswith|_|gettext|ugettext|debug|info|warning|warn|error|exception|critical|print|format)$/;

/**
 * `name = tempfile.mktemp(...)` -> `fd, name = tempfile.mkstemp(...)` and `os.close(fd)`. Unsafe:
 * the file now exists (created safely) when the code goes on to use the name.
 */
function mkstempFix(call: SyntaxNode, context: RuleContext): Fix | undefined {
  const fn = call.childForFieldName('function');
  const assignment = call.parent;
  const statement = assignment?.parent;
  if (!fn || fn.type !== 'attribute' || assignment?.type !== 'assignment' || statement?.type !== 'expression_statement') return undefined;
  const left = assignment.childForFieldName('left');
  const attribute = fn.childForFieldName('attribute');
  if (!left || !attribute || (left.type !== 'identifier' && left.type !== 'attribute')) return undefined;
  const text = context.file.text;
  const end = lineEndAt(text, statement.endIndex);
  if (!/^\s*(#.*)?$/.test(text.slice(statement.endIndex, end))) return undefined;
  const fd = `${left.type === 'identifier' ? context.text(left) : 'tmp'}_fd`;
  const imports = stdlibImportInsertions(text, context.file.tree.rootNode, context.text, ['os']).map((i) => i.edit);
  return {
    title: 'Create the file with tempfile.mkstemp() and close its descriptor',
    applicability: 'unsafe',
    edits: [
      { start: left.startIndex, end: left.startIndex, newText: `${fd}, ` },
      { start: attribute.startIndex, end: attribute.endIndex, newText: 'mkstemp' },
      { start: end, end, newText: `\n${indentationAt(text, statement.startIndex)}os.close(${fd})` },
      ...imports,
    ],
  };
}

/** A string statement on its own (docstring), or text inside a message or comparison. */
function isDescription(literal: SyntaxNode, context: RuleContext): boolean {
  const parent = literal.parent;
  if (!parent) return true;
  if (parent.type === 'expression_statement') return true;
  if (NOT_A_USE.has(parent.type)) return true;
  if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
    const callee = parent.parent.childForFieldName('function');
    if (callee && DESCRIBING_CALLS.test(context.text(callee).replace(/\s+/g, ''))) return true;
  }
  if (parent.type === 'keyword_argument') {
    const key = parent.childForFieldName('name');
    if (key && /^(help|description|msg|message)$/.test(context.text(key))) return true;
  }
  return false;
}

/**
 * DVR508 insecure-temp-file: `tempfile.mktemp()` (a name, no file: another user can create
 * it first), and hard-coded paths in shared temporary folders (`/tmp/...`).
 */
export const DVR508: RuleCheck = {
  id: 'DVR508',
  nodeTypes: ['call', 'string'],
  scope: 'definition',
  prefilter: /mktemp|\/tmp|\/var\/tmp|\/dev\/shm/,
  check(node, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    if (node.type === 'call') {
      const name = callName(node, context);
      if (name !== 'tempfile.mktemp' && name !== 'os.tempnam' && name !== 'os.tmpnam') return;
      const fix = name === 'tempfile.mktemp' ? mkstempFix(node, context) : undefined;
      context.report({ node: node.childForFieldName('function') ?? node, value: name, ...(fix ? { fixes: [fix] } : {}) });
      return;
    }
    if (node.endIndex - node.startIndex > 300) return;
    const value = literalString(node, context.text);
    if (value === undefined || !SHARED_TEMP.test(value) || /\s/.test(value)) return;
    if (isDescription(node, context)) return;
    context.report({
      node,
      value,
      confidence: 'medium',
      message: `Hard-coded path '${value}' in a folder every local user can write to`,
    });
  },
};
