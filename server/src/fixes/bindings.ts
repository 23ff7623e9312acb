import type { TextOf } from '../engine/python';
import type { SyntaxNode, Tree } from '../engine/types';

/**
 * Which names a module binds, and where: enough scope knowledge for a quick fix to know
 * that writing `str` or `io` still means the builtin or the module (the name is not bound
 * to something else anywhere in the file). Deliberately file-wide, not per scope: a fix is
 * only offered when no scope rebinds the name.
 */

const PATTERN_CONTAINERS = new Set([
  'pattern_list', 'tuple_pattern', 'list_pattern', 'list_splat_pattern', 'tuple', 'list',
  'parenthesized_expression', 'as_pattern_target', 'expression_list',
]);
const PARAMETER_LISTS = new Set(['parameters', 'lambda_parameters']);

function isField(parent: SyntaxNode, field: string, child: SyntaxNode): boolean {
  const f = parent.childForFieldName(field);
  return !!f && f.id === child.id;
}

/** True when this identifier occurrence binds its name (assignment target, parameter, def, ...). */
export function isBindingIdentifier(id: SyntaxNode, parentOf: (n: SyntaxNode) => SyntaxNode | null = (n) => n.parent): boolean {
  let node = id;
  let parent = parentOf(node);
  while (parent && PATTERN_CONTAINERS.has(parent.type)) {
    node = parent;
    parent = parentOf(parent);
  }
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return isField(parent, 'left', node);
    case 'as_pattern':
      return isField(parent, 'alias', node);
    case 'named_expression':
    case 'function_definition':
    case 'class_definition':
    case 'default_parameter':
    case 'typed_default_parameter':
      return isField(parent, 'name', node);
    case 'typed_parameter':
      return parent.namedChildren[0]?.id === node.id;
    case 'dictionary_splat_pattern': {
      const grandparent = parentOf(parent);
      return !!grandparent && PARAMETER_LISTS.has(grandparent.type);
    }
    case 'global_statement':
    case 'nonlocal_statement':
      return true;
    default:
      return PARAMETER_LISTS.has(parent.type) || (node.type === 'list_splat_pattern' && !!parent && PARAMETER_LISTS.has(parent.type));
  }
}

/** The name an import binds for each of its imported items, with the statement. */
export function importBindings(stmt: SyntaxNode, textOf: TextOf): string[] {
  const names: string[] = [];
  for (const item of stmt.childrenForFieldName('name')) {
    if (item.type === 'aliased_import') {
      const alias = item.childForFieldName('alias');
      if (alias) names.push(textOf(alias));
    } else if (stmt.type === 'import_statement') {
      names.push(textOf(item).split('.')[0].trim());
    } else {
      const parts = textOf(item).split('.');
      names.push(parts[parts.length - 1].trim());
    }
  }
  return names;
}

export interface Binding {
  name: string;
  /** The binding identifier, or the import statement that binds the name. */
  node: SyntaxNode;
  isImport: boolean;
}

/** Every binding in the file, by name (computed in one walk). */
export function bindingsByName(root: SyntaxNode, textOf: TextOf): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  const add = (b: Binding): void => {
    const list = out.get(b.name) ?? [];
    list.push(b);
    out.set(b.name, list);
  };
  // Parents are recorded on the way down: tree-sitter's `.parent` descends from the root each
  // time, which made this walk quadratic in the nesting depth.
  const parents = new Map<number, SyntaxNode>();
  const parentOf = (n: SyntaxNode): SyntaxNode | null => parents.get(n.id) ?? null;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      for (const name of importBindings(node, textOf)) add({ name, node, isImport: true });
      continue;
    }
    if (node.type === 'identifier' && isBindingIdentifier(node, parentOf)) add({ name: textOf(node), node, isImport: false });
    const children = node.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      parents.set(children[i].id, node);
      stack.push(children[i]);
    }
  }
  return out;
}

const importSpans = new WeakMap<Tree, { start: number; end: number }[]>();

/**
 * Whether a node lies inside an import statement, by source range: walking `.parent`
 * costs tree-sitter a descent from the root per step, which is cubic on deep nesting.
 */
function insideImport(node: SyntaxNode): boolean {
  let spans = importSpans.get(node.tree);
  if (!spans) {
    spans = node.tree.rootNode
      .descendantsOfType(['import_statement', 'import_from_statement', 'future_import_statement'])
      .map((n) => ({ start: n.startIndex, end: n.endIndex }));
    importSpans.set(node.tree, spans);
  }
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end < node.startIndex) lo = mid + 1;
    else if (spans[mid].start > node.startIndex) hi = mid - 1;
    else return node.endIndex <= spans[mid].end;
  }
  return false;
}

/**
 * True when an identifier is a read of a variable: not a binding, not an attribute name
 * (`x.name`), not a keyword argument's name, not part of an import statement.
 */
export function isNameReference(id: SyntaxNode): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if (parent.type === 'attribute' && isField(parent, 'attribute', id)) return false;
  if (parent.type === 'keyword_argument' && isField(parent, 'name', id)) return false;
  if (insideImport(id)) return false;
  return !isBindingIdentifier(id);
}
