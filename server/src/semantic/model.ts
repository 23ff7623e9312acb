import { activeRuleProfile } from '../engine/profile';
import { enclosingClass, enclosingFunction } from '../engine/python';
import { PointIndex } from '../engine/points';
import type { SyntaxNode } from '../engine/types';
import { BUILTIN_NAMES } from './builtins';
import { importedNames, type ImportedName } from './imports';
import { ScopeIndex, type Binding, type Scope } from './scopes';

type TextOf = (node: SyntaxNode) => string;

/** A class of the module: its methods and its bases as written or qualified through the imports. */
export interface ClassInfo {
  name: string;
  node: SyntaxNode;
  /** Qualified names of the bases where the imports tell (`neutron_lib.api.extensions.ExtensionDescriptor`), else their text. */
  bases: string[];
  /** Methods defined directly in the class body (decorated ones included), by name. */
  methods: Map<string, SyntaxNode>;
}

/** A module-level `NAME = <...>.getLogger(...)`. */
export interface ModuleLogger {
  name: string;
  /** Where the assignment is: module-level code can only use it after this. */
  start: number;
}

/** Conventional logger names first: OpenStack code says `LOG`. */
const PREFERRED_LOGGERS = ['LOG', 'LOGGER', 'logger', 'log', '_LOG', '_logger'];
const MAX_ALIAS_DEPTH = 8;
const MAX_NAME_LENGTH = 300;
const IMPORT_WORD = /\bimport\b/g;
const CLASS_WORD = /\bclass\b/g;

/** Builds a lazily computed part of the model; the benchmark's profile counts it as file-level facts, not as the asking rule's. */
function fact<T>(compute: () => T): T {
  const profile = activeRuleProfile();
  return profile ? profile.timeFacts(compute) : compute();
}

/**
 * What a module's code refers to, built once per parsed tree on first use and shared by
 * every rule (as Ruff's semantic model): the imports and what each local name stands for,
 * scopes and their bindings, the enclosing function and class of a node, the module's
 * loggers and classes. Every part is computed lazily: a rule that only asks
 * `importsModule` never pays for the scope walk.
 */
export class ModuleModel {
  private importList: ImportedName[] | undefined;
  private modules: Set<string> | undefined;
  private packages: Set<string> | undefined;
  private stars: string[] | undefined;
  private scopeIndex: ScopeIndex | undefined;
  private scopeList: Scope[] | undefined;
  private classMap: Map<string, ClassInfo> | undefined;
  private functionMap: Map<string, SyntaxNode> | undefined;
  private loggerInfo: { loggers: Set<string>; primary: ModuleLogger | undefined; loggingModules: Set<string> } | undefined;
  /**
   * Answers by node: every rule asks about the same call nodes (the engine hands each rule
   * the same node object), and qualifying a name costs a scope lookup and several native calls.
   */
  private readonly qualifiedCache = new Map<SyntaxNode, string | undefined>();
  /** outerBinding's answers, by scope and name (a built scope's bindings do not change). */
  private readonly outerBindings = new Map<Scope, Map<string, Binding | undefined>>();
  /** lastBindingAt's index of a long binding list (rebuilt if the list grew). */
  private readonly bindingOffsets = new WeakMap<readonly Binding[], { length: number; offsets: number[]; latest: number[] }>();
  private readonly callNameCache = new Map<SyntaxNode, string | undefined>();

  constructor(
    readonly root: SyntaxNode,
    readonly text: string,
    /** tree-sitter points of the text, when the caller keeps them (built here otherwise). */
    private points: () => PointIndex = () => new PointIndex(text),
    /**
     * Build a def's or class's scope only when a node inside it is asked about: cheaper when an
     * edit re-checks a few units, about 15% more analysis CPU when every unit is checked (one
     * native walk per def instead of one for the file), so whole-file analyses build them all at once.
     */
    private readonly lazyScopes = false,
  ) {}

  private importNodes: SyntaxNode[] | undefined;
  private classNodes: SyntaxNode[] | undefined;

  /**
   * The nodes of `types` in the module, in document order. Each of them spells `word` (a
   * keyword) unless it has a syntax error (tree-sitter may make up a missing keyword), so they
   * are found around the keyword's matches in the text with range-limited walks, plus a walk
   * of each top-level statement with an error, rather than by a walk of the whole tree.
   */
  private nodesSpelling(word: RegExp, types: string[]): SyntaxNode[] {
    const points = this.pointsOnce();
    const found: SyntaxNode[] = [];
    const seen = new Set<number>();
    const add = (nodes: SyntaxNode[]): void => {
      for (const node of nodes) {
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        found.push(node);
      }
    };
    for (const match of this.text.matchAll(word)) {
      const at = match.index;
      add(this.root.descendantsOfType(types, points.pointAt(at), points.pointAt(at + match[0].length)));
    }
    if (this.root.hasError) for (const statement of this.root.children) if (statement.hasError) add(statement.descendantsOfType(types));
    // An outer node (a class around a class) comes back with each keyword inside it: document order is start order.
    return found.sort((a, b) => a.startIndex - b.startIndex);
  }

  private pointsOnce(): PointIndex {
    const points = this.points();
    this.points = () => points;
    return points;
  }

  /** Every import statement (`import`, `from ... import`) of the module, in document order. */
  private get importStatements(): SyntaxNode[] {
    this.importNodes ??= this.nodesSpelling(IMPORT_WORD, ['import_statement', 'import_from_statement']);
    return this.importNodes;
  }

  private readonly textOf: TextOf = (node) => this.text.slice(node.startIndex, node.endIndex);

  // ---- imports ----------------------------------------------------------------

  /** Every name bound by an import statement anywhere in the module, in document order. */
  get imports(): readonly ImportedName[] {
    this.importList ??= fact(() => this.importStatements.flatMap((s) => importedNames(s, this.textOf)));
    return this.importList;
  }

  /** Modules star-imported (`from os import *`): any name may come from them. */
  get starImports(): readonly string[] {
    this.stars ??= fact(() =>
      this.importStatements
        .filter((s) => s.type === 'import_from_statement' && s.namedChildren.some((c) => c.type === 'wildcard_import'))
        .map((s) => this.textOf(s.childForFieldName('module_name') ?? s).replace(/\s+/g, '')),
    );
    return this.stars;
  }

  /** Dotted names of the modules imported (absolute imports only): `os.path`, `oslo_log`, `subprocess.Popen`'s `subprocess`. */
  get importedModules(): ReadonlySet<string> {
    if (!this.modules) {
      this.modules = new Set();
      for (const i of this.imports) {
        if (i.relative || !i.module) continue;
        this.modules.add(i.module);
      }
    }
    return this.modules;
  }

  /** Top-level packages the module imports (`oslo_log`, `neutron`, `os`). */
  get importedPackages(): ReadonlySet<string> {
    this.packages ??= new Set([...this.importedModules].map((m) => m.split('.')[0]));
    return this.packages;
  }

  /**
   * Cheap early exit: does the module import `prefix` or a module under it
   * (`importsModule('yaml')` for `import yaml`, `from yaml import load`, `import yaml.constructor`)?
   */
  importsModule(prefix: string): boolean {
    for (const m of this.importedModules) if (m === prefix || m.startsWith(`${prefix}.`)) return true;
    for (const i of this.imports) if (!i.relative && (i.qualified === prefix || i.qualified.startsWith(`${prefix}.`))) return true;
    return false;
  }

  /** An OpenStack service module: it imports an oslo library or Neutron. */
  get isOpenStack(): boolean {
    for (const p of this.importedPackages) if (p.startsWith('oslo') || p.startsWith('neutron')) return true;
    return false;
  }

  // ---- scopes and bindings ----------------------------------------------------------

  /** The scopes, built as they are asked about (semantic/scopes.ts). */
  private get scopeTree(): ScopeIndex {
    this.scopeIndex ??= fact(() => new ScopeIndex(this.root, this.textOf, this.lazyScopes, fact, () => this.pointsOnce()));
    return this.scopeIndex;
  }

  /** Every scope, module first, in document order of their start (builds every scope of the module). */
  get scopes(): readonly Scope[] {
    this.scopeList ??= fact(() => this.scopeTree.all());
    return this.scopeList;
  }

  get moduleScope(): Scope {
    return this.scopeTree.module;
  }

  /** The innermost scope around `node` (a def's own scope for nodes inside it; not `node` itself). */
  scopeOf(node: SyntaxNode): Scope {
    return this.scopeTree.scopeAround(node.startIndex, node.endIndex);
  }

  /** The scope a def, lambda, class or comprehension node opens, if it is one. */
  scopeFor(definition: SyntaxNode): Scope | undefined {
    return this.scopeTree.scopeFor(definition);
  }

  /**
   * The nearest enclosing `def` of `node`, or null at module level or directly in a class
   * body (lambdas and comprehensions are looked through). One range index of the tree's
   * defs and classes serves this and python.ts (engine/scopes.ts).
   */
  enclosingFunction(node: SyntaxNode): SyntaxNode | null {
    return enclosingFunction(node);
  }

  /** The nearest enclosing `class` of `node` (through any functions), or null. */
  enclosingClass(node: SyntaxNode): SyntaxNode | null {
    return enclosingClass(node);
  }

  /**
   * The binding an identifier refers to where it stands, by Python's rules: its own scope,
   * then enclosing function scopes (class bodies are not visible from nested scopes), then
   * the module. In its own scope the last binding before it holds; in an outer scope, which
   * runs first, the scope's last binding. Undefined for a name bound nowhere (a builtin).
   */
  bindingOf(identifier: SyntaxNode): Binding | undefined {
    return this.lookup(this.textOf(identifier), identifier.startIndex, this.scopeOf(identifier));
  }

  /** Like bindingOf, for a name as seen from a position inside `scope`. */
  lookup(name: string, offset: number, scope: Scope): Binding | undefined {
    if (scope.globals.has(name) && scope.kind !== 'module') return lastOf(this.moduleScope.bindings.get(name));
    const bindings = scope.bindings.get(name);
    if (bindings && bindings.length > 0) {
      // Used before any binding in its own scope: a loop's next round, or a function called later.
      return this.lastBindingAt(bindings, offset) ?? bindings[bindings.length - 1];
    }
    return this.outerBinding(scope.parent, name);
  }

  /**
   * The last binding in the list's (document) order that holds at `offset`. Offsets are not
   * monotonic in that order (`x = (x := 1)` binds the walrus first), so a long list is answered
   * from its offsets sorted, with the greatest list index among each prefix: a name bound 140,000
   * times on one line (fuzz: `x = 1; x = 1; ...`) was scanned whole for every use.
   */
  private lastBindingAt(bindings: readonly Binding[], offset: number): Binding | undefined {
    if (bindings.length <= SCANNED_BINDINGS) {
      let chosen: Binding | undefined;
      for (const b of bindings) if (b.offset <= offset) chosen = b;
      return chosen;
    }
    let index = this.bindingOffsets.get(bindings);
    if (!index || index.length !== bindings.length) {
      const order = bindings.map((_, i) => i).sort((a, b) => bindings[a].offset - bindings[b].offset || a - b);
      let latest = -1;
      index = { length: bindings.length, offsets: order.map((i) => bindings[i].offset), latest: order.map((i) => (latest = Math.max(latest, i))) };
      this.bindingOffsets.set(bindings, index);
    }
    let lo = 0;
    let hi = index.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.offsets[mid] <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : bindings[index.latest[lo - 1]];
  }

  /**
   * The binding `name` has from `start` outwards, where an outer scope, which runs first,
   * holds its last binding and class bodies are not visible. It does not depend on the
   * offset, so it is remembered for every scope on the way: a name used in each of 50,000
   * nested comprehensions (or a builtin, bound nowhere) is looked up along the chain once,
   * not once per use (fuzz: nested generators).
   */
  private outerBinding(start: Scope | null, name: string): Binding | undefined {
    const walked: Scope[] = [];
    let found: Binding | undefined;
    for (let s = start; s; s = s.parent) {
      const known = this.outerBindings.get(s);
      if (known?.has(name)) {
        found = known.get(name);
        break;
      }
      walked.push(s);
      if (s.kind === 'class') continue;
      if (s.globals.has(name) && s.kind !== 'module') {
        found = lastOf(this.moduleScope.bindings.get(name));
        break;
      }
      const bindings = s.bindings.get(name);
      if (bindings && bindings.length > 0) {
        found = bindings[bindings.length - 1];
        break;
      }
    }
    for (const s of walked) {
      let known = this.outerBindings.get(s);
      if (!known) this.outerBindings.set(s, (known = new Map()));
      known.set(name, found);
    }
    return found;
  }

  // ---- qualified names ------------------------------------------------------------------

  /**
   * The dotted name an identifier or attribute chain refers to, through imports and aliases:
   * `o.system` after `import os as o` is `os.system`, `launch` after
   * `from subprocess import Popen as launch` is `subprocess.Popen`, an unshadowed builtin is
   * `builtins.NAME`; a simple module-level alias (`run = subprocess.call`) is followed.
   * Undefined for anything else (a local variable, `self.x`, a call's result).
   */
  qualifiedName(expr: SyntaxNode): string | undefined {
    if (this.qualifiedCache.has(expr)) return this.qualifiedCache.get(expr);
    const name = this.qualify(expr, 0);
    this.qualifiedCache.set(expr, name);
    return name;
  }

  /** qualifiedName of a call's callee. */
  callName(call: SyntaxNode): string | undefined {
    if (this.callNameCache.has(call)) return this.callNameCache.get(call);
    const fn = call.childForFieldName('function');
    const name = fn ? this.qualifiedName(fn) : undefined;
    this.callNameCache.set(call, name);
    return name;
  }

  private qualify(expr: SyntaxNode, depth: number): string | undefined {
    if (depth > MAX_ALIAS_DEPTH || expr.endIndex - expr.startIndex > MAX_NAME_LENGTH) return undefined;
    // An attribute chain: qualify its head, then append the attributes (iteratively: chains can be long).
    const tail: string[] = [];
    let head = expr;
    for (;;) {
      if (head.type === 'parenthesized_expression') {
        const inner = head.namedChildren.find((c) => c.type !== 'comment');
        if (!inner) return undefined;
        head = inner;
        continue;
      }
      if (head.type !== 'attribute') break;
      const attribute = head.childForFieldName('attribute');
      const object = head.childForFieldName('object');
      if (!attribute || !object) return undefined;
      tail.push(this.textOf(attribute));
      head = object;
    }
    if (head.type !== 'identifier') return undefined;
    const base = this.qualifyIdentifier(head, depth);
    if (base === undefined) return undefined;
    tail.reverse();
    return tail.length === 0 ? base : `${base}.${tail.join('.')}`;
  }

  private qualifyIdentifier(identifier: SyntaxNode, depth: number): string | undefined {
    const name = this.textOf(identifier);
    const binding = this.bindingOf(identifier);
    if (!binding) return BUILTIN_NAMES.has(name) ? `builtins.${name}` : undefined;
    if (binding.kind === 'import' && binding.imported) return binding.imported.qualified;
    // `run = subprocess.call`: a name bound once, to another name, stands for it.
    if (binding.kind === 'assignment' && binding.value && (binding.value.type === 'identifier' || binding.value.type === 'attribute')) {
      const all = binding.scope.bindings.get(name) ?? [];
      if (all.length === 1 && binding.value.id !== identifier.id) return this.qualify(binding.value, depth + 1);
    }
    return undefined;
  }

  // ---- classes, functions, loggers ---------------------------------------------------------

  /** Classes defined anywhere in the module, by name (the first definition of a name wins). */
  get classes(): ReadonlyMap<string, ClassInfo> {
    this.classMap ??= fact(() => {
      const classes = new Map<string, ClassInfo>();
      this.classNodes ??= this.nodesSpelling(CLASS_WORD, ['class_definition']);
      for (const node of this.classNodes) {
        const info = this.describeClass(node);
        if (info && !classes.has(info.name)) classes.set(info.name, info);
      }
      return classes;
    });
    return this.classMap;
  }

  /** Functions defined at module level (not methods), by name; the last definition wins, as in Python. */
  get functions(): ReadonlyMap<string, SyntaxNode> {
    if (!this.functionMap) {
      this.functionMap = new Map();
      for (const [name, bindings] of this.moduleScope.bindings) {
        const last = bindings[bindings.length - 1];
        if (last.kind === 'function' && last.definition) this.functionMap.set(name, last.definition);
      }
    }
    return this.functionMap;
  }

  private describeClass(node: SyntaxNode): ClassInfo | undefined {
    const nameNode = node.childForFieldName('name');
    if (!nameNode) return undefined;
    const readBases = (): string[] => this.classBases(node);
    const readMethods = (): Map<string, SyntaxNode> => this.classMethods(node);
    let bases: string[] | undefined;
    let methods: Map<string, SyntaxNode> | undefined;
    // Bases and methods are read when a rule asks about this class (qualifying a base builds scopes).
    return {
      name: this.textOf(nameNode),
      node,
      get bases(): string[] {
        bases ??= readBases();
        return bases;
      },
      get methods(): Map<string, SyntaxNode> {
        methods ??= readMethods();
        return methods;
      },
    };
  }

  private classBases(node: SyntaxNode): string[] {
    const bases: string[] = [];
    const superclasses = node.childForFieldName('superclasses');
    for (const base of superclasses ? superclasses.namedChildren : []) {
      if (base.type === 'keyword_argument' || base.type === 'comment') continue;
      bases.push(this.qualifiedName(base) ?? this.textOf(base).replace(/\s+/g, ''));
    }
    return bases;
  }

  private classMethods(node: SyntaxNode): Map<string, SyntaxNode> {
    const methods = new Map<string, SyntaxNode>();
    const body = node.childForFieldName('body');
    for (const statement of body ? body.namedChildren : []) {
      const fn = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (!fn || fn.type !== 'function_definition') continue;
      const name = fn.childForFieldName('name');
      if (name) methods.set(this.textOf(name), fn);
    }
    return methods;
  }

  /** Names bound at module level to a logger (`LOG = logging.getLogger(__name__)`). */
  get loggers(): ReadonlySet<string> {
    return this.loggerFacts().loggers;
  }

  /** The module's logger, conventional names first (`LOG`), or undefined. */
  get logger(): ModuleLogger | undefined {
    return this.loggerFacts().primary;
  }

  /** Names bound at module level to the logging API itself (`import logging`, `from oslo_log import log as logging`). */
  get loggingModules(): ReadonlySet<string> {
    return this.loggerFacts().loggingModules;
  }

  private loggerFacts(): { loggers: Set<string>; primary: ModuleLogger | undefined; loggingModules: Set<string> } {
    this.loggerInfo ??= fact(() => this.findLoggers());
    return this.loggerInfo;
  }

  private findLoggers(): { loggers: Set<string>; primary: ModuleLogger | undefined; loggingModules: Set<string> } {
    const loggers = new Set<string>();
    const loggingModules = new Set<string>();
    const found: ModuleLogger[] = [];
    for (const stmt of this.root.namedChildren) {
      if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement') {
        for (const i of importedNames(stmt, this.textOf)) if (!i.relative && (i.qualified === 'logging' || i.qualified === 'oslo_log.log')) loggingModules.add(i.local);
        continue;
      }
      if (stmt.type !== 'expression_statement') continue;
      const assignment = stmt.namedChildren[0];
      if (!assignment || assignment.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || left.type !== 'identifier' || !right || right.type !== 'call') continue;
      const callee = right.childForFieldName('function');
      if (!callee || !/(^|\.)\s*getLogger$/.test(this.textOf(callee))) continue;
      const name = this.textOf(left);
      loggers.add(name);
      found.push({ name, start: stmt.startIndex });
    }
    const rank = (l: ModuleLogger): number => {
      const i = PREFERRED_LOGGERS.indexOf(l.name);
      return i < 0 ? PREFERRED_LOGGERS.length : i;
    };
    const primary = found.sort((a, b) => rank(a) - rank(b) || a.start - b.start)[0];
    return { loggers, primary, loggingModules };
  }

  /** The module logger's name as seen from `node`, when the module has one and nothing nearer rebinds that name. */
  loggerInScope(node: SyntaxNode): string | undefined {
    const logger = this.logger;
    if (!logger) return undefined;
    const scope = this.scopeOf(node);
    let inFunction = false;
    for (let s: Scope | null = scope; s && !inFunction; s = s.parent) inFunction = s.kind === 'function' || s.kind === 'lambda';
    if (!inFunction && logger.start > node.startIndex) return undefined;
    const binding = this.lookup(logger.name, node.startIndex, scope);
    return binding && binding.scope.kind === 'module' ? logger.name : undefined;
  }
}

/** Binding lists up to this long are scanned; longer ones get an index (lastBindingAt). */
const SCANNED_BINDINGS = 16;

function lastOf(bindings: readonly Binding[] | undefined): Binding | undefined {
  return bindings && bindings.length > 0 ? bindings[bindings.length - 1] : undefined;
}
