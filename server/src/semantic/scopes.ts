import { PointIndex } from '../engine/points';
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

/** A scope inside another, built or still to be built (its bindings are filled when it is built). */
interface ScopeEntry {
  node: SyntaxNode;
  start: number;
  end: number;
  scope?: Scope;
  /** Builds a deferred scope (a def or class statement of a module or class body). */
  build?: () => Scope;
}

/**
 * What a statement spells if it binds a name or opens a scope (the node types walked): `=`
 * (assignments, `:=`), `:` (an annotated name, `x: int`, is an assignment), and keywords.
 */
const MAY_BIND = /[=:]|\b(?:import|for|as|global|nonlocal|lambda|def|class)\b/;

/** Whether a node may bind a name or open a scope; a node with a syntax error may hold a node made up by tree-sitter (a missing `=`) that nothing spells. */
function mayBind(node: SyntaxNode, textOf: TextOf): boolean {
  return node.hasError || MAY_BIND.test(textOf(node));
}

/** Any statement spelling `global` may bind a module-level name from inside a def: it is never deferred. */
const GLOBAL_WORD = /\bglobal\b/;

function newScope(kind: ScopeKind, node: SyntaxNode, parent: Scope | null): Scope {
  return { kind, node, start: node.startIndex, end: node.endIndex, parent, bindings: new Map(), globals: new Set(), nonlocals: new Set() };
}

/**
 * Every scope of a module with the names bound in it, from native walks over the
 * scope-making and binding node types in document order (so a scope's outer scope is still
 * open when it starts).
 *
 * Lazy by default: the module scope is built from its statements, but a def or class
 * statement of the module's or a class's body is only named there, and its own scope is
 * built when something asks about a node inside it (scopeAround, scopeFor, all). That is
 * exact because nothing inside such a statement binds a name outside it, except through
 * `global` (such statements are walked at once) and a walrus in a comprehension (which binds
 * in the nearest enclosing def or class, never further out). An editor analysis that checks
 * two functions of a large file so builds their scopes and the module's, not every scope.
 * `lazy: false` walks everything at once (the tests compare the two).
 */
export class ScopeIndex {
  readonly module: Scope;
  private readonly points: () => PointIndex;
  private readonly children = new Map<Scope, ScopeEntry[]>();
  /** The last scope scopeAround answered (where the next descent may resume). */
  private lastFound: Scope | undefined;

  constructor(
    root: SyntaxNode,
    private readonly textOf: TextOf,
    lazy = true,
    /** Runs a deferred scope's construction (the model counts it as a file-level fact in profiles). */
    private readonly timed: <T>(build: () => T) => T = (build) => build(),
    /** tree-sitter points of the text, for range-limited walks (built once, on first use). */
    points: () => PointIndex = () => new PointIndex(root.text),
  ) {
    let built: PointIndex | undefined;
    this.points = () => (built ??= points());
    this.module = newScope('module', root, null);
    if (lazy) this.walkStatements(root, root.namedChildren, this.module);
    else this.walk(root.descendantsOfType(WALK_TYPES), this.module);
  }

  /** The innermost scope around the range, built if need be; a scope whose node spans exactly the range is not around it (the module is). */
  scopeAround(start: number, end: number): Scope {
    let scope = this.resumeAt(start, end);
    for (;;) {
      const entry = this.childAt(scope, start);
      if (!entry || entry.start > start || end > entry.end || (entry.start === start && entry.end === end)) break;
      scope = this.built(entry);
    }
    this.lastFound = scope;
    return scope;
  }

  /** The scope `node` opens (a def, lambda, class or comprehension), if it opens one. */
  scopeFor(node: SyntaxNode): Scope | undefined {
    const start = node.startIndex;
    const end = node.endIndex;
    let scope = this.resumeAt(start, end);
    for (;;) {
      const entry = this.childAt(scope, start);
      if (!entry || entry.start > start || end > entry.end) return undefined;
      scope = this.built(entry);
      if (entry.start === start && entry.end === end && entry.node.id === node.id) return scope;
    }
  }

  /**
   * Where a descent from the module for this range may start: the innermost scope around
   * the last answer that the descent would pass through anyway. Rules ask in document
   * order, so consecutive questions share most of the path; without this, every question
   * about a name 50,000 comprehensions deep walked all 50,000 (fuzz: nested generators).
   * A scope is on the path when it holds the range, strictly after its start's sibling
   * boundary (`start < scope.end`: a later sibling may start where it ends), and does not
   * span exactly the range (such a scope is not around it).
   */
  private resumeAt(start: number, end: number): Scope {
    for (let s: Scope | null | undefined = this.lastFound; s; s = s.parent) {
      if (!s.parent) return s;
      if (s.start <= start && end <= s.end && start < s.end && !(s.start === start && s.end === end)) return s;
    }
    return this.module;
  }

  /** Every scope, module first, in document order of their start (builds them all). */
  all(): Scope[] {
    const found: Scope[] = [];
    const stack: Scope[] = [this.module];
    while (stack.length > 0) {
      const scope = stack.pop() as Scope;
      found.push(scope);
      const entries = this.children.get(scope) ?? [];
      for (let i = entries.length - 1; i >= 0; i--) stack.push(this.built(entries[i]));
    }
    return found;
  }

  /** The last child scope of `scope` starting at or before `offset` (children are in document order and do not overlap). */
  private childAt(scope: Scope, offset: number): ScopeEntry | undefined {
    const entries = this.children.get(scope);
    if (!entries) return undefined;
    let lo = 0;
    let hi = entries.length - 1;
    let found: ScopeEntry | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid].start <= offset) {
        found = entries[mid];
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private built(entry: ScopeEntry): Scope {
    if (!entry.scope) {
      entry.scope = this.timed(entry.build as () => Scope);
      entry.build = undefined;
    }
    return entry.scope;
  }

  private addScope(kind: ScopeKind, node: SyntaxNode, parent: Scope): Scope {
    const scope = newScope(kind, node, parent);
    this.entriesOf(parent).push({ node, start: scope.start, end: scope.end, scope });
    return scope;
  }

  private entriesOf(scope: Scope): ScopeEntry[] {
    let entries = this.children.get(scope);
    if (!entries) {
      entries = [];
      this.children.set(scope, entries);
    }
    return entries;
  }

  /**
   * The statements of a module or class body (children of `container`): defs and classes
   * without `global` are named now and built later; the others are walked in runs, one
   * range-limited walk per run between two such defs (each native walk call costs about a
   * tenth of a millisecond for this list of types, whatever its size), skipping runs whose
   * text spells nothing that binds a name or opens a scope.
   */
  private walkStatements(container: SyntaxNode, statements: readonly SyntaxNode[], scope: Scope): void {
    let first: SyntaxNode | undefined;
    let last: SyntaxNode | undefined;
    const flush = (): void => {
      if (first && last) {
        const points = this.points();
        this.walk(container.descendantsOfType(WALK_TYPES, points.pointAt(first.startIndex), points.pointAt(last.endIndex)), scope);
      }
      first = last = undefined;
    };
    for (const statement of statements) {
      const definition = deferrableDefinition(statement);
      const global = !!definition && GLOBAL_WORD.test(this.textOf(statement));
      // A def that says `global` is walked with the statements; a class is built now, its methods that do not say it later.
      if (!definition || (global && definition.type !== 'class_definition')) {
        if (statement.type === 'comment' || !mayBind(statement, this.textOf)) continue;
        first ??= statement;
        last = statement;
        continue;
      }
      flush();
      // Decorators run in the enclosing scope, before the name is bound.
      if (statement.id !== definition.id) {
        for (const child of statement.children) if (child.id !== definition.id && mayBind(child, this.textOf)) this.walk(child.descendantsOfType(WALK_TYPES), scope);
      }
      this.bindDefinitionName(scope, definition);
      const entry: ScopeEntry = { node: definition, start: definition.startIndex, end: definition.endIndex, build: () => this.buildDefinition(definition, scope) };
      this.entriesOf(scope).push(entry);
      if (global) this.built(entry);
    }
    flush();
  }

  /** A deferred def's or class's scope: a def's whole subtree at once, a class's body statement by statement. */
  private buildDefinition(definition: SyntaxNode, parent: Scope): Scope {
    if (definition.type === 'function_definition') {
      const scope = this.openScope('function', definition, parent, true);
      this.walk(definition.descendantsOfType(WALK_TYPES).filter((n) => n.id !== definition.id), scope);
      return scope;
    }
    const scope = this.openScope('class', definition, parent, true);
    const body = definition.childForFieldName('body');
    for (const child of definition.children) if (!body || child.id !== body.id) this.walk(child.descendantsOfType(WALK_TYPES), scope);
    if (body) this.walkStatements(body, body.namedChildren, scope);
    return scope;
  }

  /** A def's, class's, lambda's or comprehension's scope, with a def's or lambda's parameters bound in it. */
  private openScope(kind: ScopeKind, node: SyntaxNode, parent: Scope, deferred = false): Scope {
    // A deferred scope's entry is in its parent already.
    const scope = deferred ? newScope(kind, node, parent) : this.addScope(kind, node, parent);
    if (kind === 'function' || kind === 'lambda') {
      for (const p of parameterIdentifiers(node)) this.bind(scope, { name: this.textOf(p), kind: 'parameter', node: p, offset: scope.start });
    }
    return scope;
  }

  private bindDefinitionName(scope: Scope, definition: SyntaxNode): void {
    const name = definition.childForFieldName('name');
    if (name) this.bind(scope, { name: this.textOf(name), kind: definition.type === 'function_definition' ? 'function' : 'class', node: name, offset: definition.startIndex, definition });
  }

  private bind(scope: Scope, found: Omit<Binding, 'scope'>): void {
    let target = scope;
    if (scope.globals.has(found.name)) target = this.module;
    // A walrus in a comprehension binds in the enclosing function (PEP 572).
    if (found.kind === 'walrus') while (target.kind === 'comprehension' && target.parent) target = target.parent;
    const binding: Binding = { ...found, scope: target };
    const list = target.bindings.get(binding.name);
    if (list) list.push(binding);
    else target.bindings.set(binding.name, [binding]);
  }

  private bindTargets(scope: Scope, target: SyntaxNode, kind: BindingKind, offset: number, value?: SyntaxNode): void {
    const ids = targetIdentifiers(target);
    for (const id of ids) this.bind(scope, { name: this.textOf(id), kind, node: id, offset, value: ids.length === 1 && id === target ? value : undefined });
  }

  /** Binds what the nodes (a walk in document order inside `base`) bind, opening the scopes they open. */
  private walk(nodes: readonly SyntaxNode[], base: Scope): void {
    const open: Scope[] = [base];
    const innermost = (end: number): Scope => {
      while (open.length > 1 && open[open.length - 1].end < end) open.pop();
      return open[open.length - 1];
    };
    for (const node of nodes) {
      const start = node.startIndex;
      const end = node.endIndex;
      const scope = innermost(end);
      const kind = SCOPE_TYPES[node.type];
      if (kind) {
        if (kind === 'function' || kind === 'class') this.bindDefinitionName(scope, node);
        open.push(this.openScope(kind, node, scope));
        continue;
      }
      this.bindNode(node, scope, start, end);
    }
  }

  private bindNode(node: SyntaxNode, scope: Scope, start: number, end: number): void {
    const textOf = this.textOf;
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
        for (const imported of importedNames(node, textOf)) this.bind(scope, { name: imported.local, kind: 'import', node: imported.node, offset: end, imported });
        break;
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        // `a = b = value`: the inner assignment is walked too and binds `b`.
        const value = right && right.type !== 'assignment' ? right : undefined;
        if (left) this.bindTargets(scope, left, 'assignment', end, value);
        break;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        if (left) this.bindTargets(scope, left, 'augmented', end);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) this.bindTargets(scope, left, 'loop', node.type === 'for_statement' ? (node.childForFieldName('body')?.startIndex ?? end) : start);
        break;
      }
      case 'as_pattern': {
        const alias = node.childForFieldName('alias');
        const parentType = node.parent?.type;
        const kindOf: BindingKind = parentType === 'except_clause' || parentType === 'except_group_clause' ? 'except' : parentType === 'with_item' ? 'with' : 'other';
        if (alias) this.bindTargets(scope, alias, kindOf, end);
        else {
          // `case ... as name`: the name is the pattern's last identifier child.
          const last = node.namedChildren[node.namedChildren.length - 1];
          if (last && last.type === 'identifier') this.bind(scope, { name: textOf(last), kind: 'other', node: last, offset: end });
        }
        break;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        if (name) this.bind(scope, { name: textOf(name), kind: 'walrus', node: name, offset: end, value: node.childForFieldName('value') ?? undefined });
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
}

/** The def or class a body statement is, directly or under decorators; undefined for any other statement. */
function deferrableDefinition(statement: SyntaxNode): SyntaxNode | undefined {
  if (statement.type === 'function_definition' || statement.type === 'class_definition') return statement;
  if (statement.type !== 'decorated_definition') return undefined;
  const definition = statement.childForFieldName('definition');
  return definition && (definition.type === 'function_definition' || definition.type === 'class_definition') ? definition : undefined;
}
