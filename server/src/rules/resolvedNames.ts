import { fileImportAliases, qualify } from '../engine/callNames';
import { MAX_CALLEE_LENGTH, dottedName, unparenthesize } from '../engine/python';
import type { RuleContext, SyntaxNode } from '../engine/types';

/**
 * The one place the coverage rules (DVR106-DVR108, DVR505-DVR509, DVR901-DVR907) ask what a
 * name stands for: dotted names through the module's imports and aliases
 * (`import hashlib as h; h.md5` -> `hashlib.md5`, `from yaml import load` -> `yaml.load`),
 * builtins as `builtins.eval`. Switching to another name model is a change to this file only.
 */

const BUILTINS = new Set(['eval', 'exec', 'compile', 'open', '__import__', 'input']);

/**
 * Names module-level assignments bind: they shadow builtins. (Top-level `def` and `class`
 * are not read: a 'definition'-scoped rule's memo may depend only on imports and on
 * module-level binding code.)
 */
function moduleBindings(context: RuleContext): ReadonlySet<string> {
  return context.memo('resolvedNames:moduleBindings', () => {
    const names = new Set<string>();
    for (const statement of context.file.tree.rootNode.namedChildren) {
      if (statement.type !== 'expression_statement') continue;
      const assignment = statement.namedChildren[0];
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type === 'identifier') names.add(context.text(left));
    }
    return names;
  });
}

/** `six.moves.X` names the Python 3 module X (a few under other names). */
const SIX_MOVES: Record<string, string> = { cPickle: 'pickle', http_client: 'http.client', urllib_parse: 'urllib.parse', urllib_request: 'urllib.request' };

function withoutSixMoves(dotted: string): string {
  if (!dotted.startsWith('six.moves.')) return dotted;
  const rest = dotted.slice('six.moves.'.length);
  const dot = rest.indexOf('.');
  const head = dot < 0 ? rest : rest.slice(0, dot);
  return (SIX_MOVES[head] ?? head) + (dot < 0 ? '' : rest.slice(dot));
}

/** The dotted name an identifier or attribute chain stands for, or '' for other expressions. */
export function qualifiedName(expr: SyntaxNode, context: RuleContext): string {
  const node = unparenthesize(expr);
  if (node.type !== 'identifier' && node.type !== 'attribute') return '';
  if (node.endIndex - node.startIndex > MAX_CALLEE_LENGTH) return '';
  const written = dottedName(node, context.text);
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(written)) return '';
  const qualified = qualify(written, fileImportAliases(context));
  if (qualified !== written) return withoutSixMoves(qualified);
  if (BUILTINS.has(written) && !moduleBindings(context).has(written)) return `builtins.${written}`;
  return withoutSixMoves(written);
}

/** The dotted name of a call's callee (see qualifiedName), or ''. */
export function callName(call: SyntaxNode, context: RuleContext): string {
  const fn = call.childForFieldName('function');
  return fn ? qualifiedName(fn, context) : '';
}

/** Does the module import `module` (or a submodule of it), under any name? */
export function importsModule(context: RuleContext, module: string): boolean {
  return context.memo(`resolvedNames:imports:${module}`, () => {
    const prefix = `${module}.`;
    for (const target of fileImportAliases(context).values()) if (target === module || target.startsWith(prefix)) return true;
    const plain = new RegExp(`^\\s*import\\s+[^\\n#]*\\b${module.replace(/\./g, '\\.')}\\b`, 'm');
    return plain.test(context.file.text);
  });
}
