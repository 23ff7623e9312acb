import type { SyntaxNode } from '../engine/types';
import { importedNames, type ImportedName } from './imports';

type TextOf = (node: SyntaxNode) => string;

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

export type BindingKind = 'import' | 'assignment' | 'parameter' | 'function' | 'class' | 'loop' | 'with' | 'except' | 'walrus' | 'augmented' | 'other';

/** One place where a name gets bound in a scope. */
export interface Binding {
  name: string;
  kind: BindingKind;
  /** The node that spells the name (identifier, alias, def name). */
  node: SyntaxNode;
  /** Offset from which the binding holds (the end of the binding statement or clause). */
  offset: number;
  /** For imports: what the name stands for. */
  imported?: ImportedName;
  /** For a plain `name = value` (single target): the value. */
  value?: SyntaxNode;
  /** The def or class statement a `function` / `class` binding names. */
  definition?: SyntaxNode;
  /** The scope the name is bound in. */
  scope: Scope;
}

export interface Scope {
  kind: ScopeKind;
  /** The def, class, lambda, comprehension or module node. */
  node: SyntaxNode;
  start: number;
  end: number;
  parent: Scope | null;
  /** Bindings by name, in document order. */
  bindings: Map<string, Binding[]>;
  /** Names declared `global` (their bindings go to the module scope). */
  globals: Set<string>;
  /** Names declared `nonlocal`. */
  nonlocals: Set<string>;
}

const SCOPE_TYPES: Record<string, ScopeKind> = {
  function_definition: 'function',
  class_definition: 'class',
  lambda: 'lambda',
  list_comprehension: 'comprehension',
  set_comprehension: 'comprehension',
  dictionary_comprehension: 'comprehension',
  generator_expression: 'comprehension',
};

const BINDING_TYPES = [
  'import_statement', 'import_from_statement', 'assignment', 'augmented_assignment', 'for_statement', 'for_in_clause',
  'as_pattern', 'named_expression', 'global_statement', 'nonlocal_statement',
];
const WALK_TYPES = [...Object.keys(SCOPE_TYPES), ...BINDING_TYPES];
const PATTERN_TYPES = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat', 'as_pattern_target']);

/** Identifiers an assignment, loop or `as` target binds (unpacking included; not attributes or subscripts). */
export function targetIdentifiers(target: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack = [target];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'identifier') found.push(node);
    else if (PATTERN_TYPES.has(node.type)) for (const c of node.namedChildren) stack.push(c);
  }
  return found.reverse();
}

/** The identifiers naming a def's or lambda's parameters, in order (`self` included). */
export function parameterIdentifiers(fn: SyntaxNode): SyntaxNode[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  const names: SyntaxNode[] = [];
  for (const p of params.namedChildren) {
    let target: SyntaxNode | null | undefined = p;
    if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') target = p.childForFieldName('name');
    else if (p.type === 'typed_parameter') target = p.namedChildren.find((c) => c.type === 'identifier' || c.type === 'list_splat_pattern' || c.type === 'dictionary_splat_pattern');
    if (target && (target.type === 'list_splat_pattern' || target.type === 'dictionary_splat_pattern')) target = target.namedChildren[0];
    if (target && target.type === 'identifier') names.push(target);
  }
  return names;
}

/**
 * Every scope of a module with the names bound in it, from one native walk over the
 * scope-making and binding node types (document order, so a scope's outer scope is still
 * open when it starts).
 */
export function buildScopes(root: SyntaxNode, textOf: TextOf): Scope[] {
  const moduleScope: Scope = { kind: 'module', node: root, start: root.startIndex, end: root.endIndex, parent: null, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
  const scopes: Scope[] = [moduleScope];
  const open: Scope[] = [moduleScope];
  const innermost = (end: number): Scope => {
    while (open.length > 1 && open[open.length - 1].end < end) open.pop();
    return open[open.length - 1];
  };
  const bind = (scope: Scope, found: Omit<Binding, 'scope'>): void => {
    let target = scope;
    if (scope.globals.has(found.name)) target = moduleScope;
    // A walrus in a comprehension binds in the enclosing function (PEP 572).
    if (found.kind === 'walrus') while (target.kind === 'comprehension' && target.parent) target = target.parent;
    const binding: Binding = { ...found, scope: target };
    const list = target.bindings.get(binding.name);
    if (list) list.push(binding);
    else target.bindings.set(binding.name, [binding]);
  };
  const bindTargets = (scope: Scope, target: SyntaxNode, kind: BindingKind, offset: number, value?: SyntaxNode): void => {
    const ids = targetIdentifiers(target);
    for (const id of ids) bind(scope, { name: textOf(id), kind, node: id, offset, value: ids.length === 1 && id === target ? value : undefined });
  };

  for (const node of root.descendantsOfType(WALK_TYPES)) {
    const start = node.startIndex;
    const end = node.endIndex;
    const scope = innermost(end);
    const kind = SCOPE_TYPES[node.type];
    if (kind) {
      if (kind === 'function' || kind === 'class') {
        const name = node.childForFieldName('name');
        if (name) bind(scope, { name: textOf(name), kind, node: name, offset: start, definition: node });
      }
      const inner: Scope = { kind, node, start, end, parent: scope, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
      scopes.push(inner);
      open.push(inner);
      if (kind === 'function' || kind === 'lambda') {
        for (const p of parameterIdentifiers(node)) bind(inner, { name: textOf(p), kind: 'parameter', node: p, offset: start });
      }
      continue;
    }
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
        for (const imported of importedNames(node, textOf)) bind(scope, { name: imported.local, kind: 'import', node: imported.node, offset: end, imported });
        break;
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        // `a = b = value`: the inner assignment is walked too and binds `b`.
        const value = right && right.type !== 'assignment' ? right : undefined;
        if (left) bindTargets(scope, left, 'assignment', end, value);
        break;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) bindTargets(scope, left, 'augmented', end);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) bindTargets(scope, left, 'loop', node.type === 'for_statement' ? (node.childForFieldName('body')?.startIndex ?? end) : start);
        break;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const parentType = node.parent?.type;
        const kindOf: BindingKind = parentType === 'except_clause' || parentType === 'except_group_clause' ? 'except' : parentType === 'with_item' ? 'with' : 'other';
        if (alias) bindTargets(scope, alias, kindOf, end);
        else {
          // `case ... as name`: the name is the pattern's last identifier child.
          const last = node.namedChildren[node.namedChildren.length - 1];
          if (last && last.type === 'identifier') bind(scope, { name: textOf(last), kind: 'other', node: last, offset: end });
        }
        break;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) bind(scope, { name: textOf(name), kind: 'walrus', node: name, offset: end, value: node.childForFieldName('value') ?? undefined });
        break;
      }
      case 'global_statement':
      case 'nonlocal_statement':
        for (const id of node.namedChildren) if (id.type === 'identifier') (node.type === 'global_statement' ? scope.globals : scope.nonlocals).add(textOf(id));
        break;
      default:
        break;
    }
  }
  return scopes;
}
