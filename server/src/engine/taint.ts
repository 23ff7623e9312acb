import { CallMatcher, fileImportAliases, qualify, type ImportAliases } from './callNames';
import { calleeName, enclosingFunction, lastSegment, literalString, parameterNames, unparenthesize, type TextOf } from './python';
import type { RelatedLocation, RuleContext, Span, SyntaxNode } from './types';
import { callFlows } from '../analysis/interproc/summaries';

/**
 * Intra-procedural taint tracking. Sources are a function's parameters (except
 * self/cls), attributes read from a parameter or from `self`, and configured source
 * calls. Taint flows through assignment, formatting, concatenation, containers,
 * subscripts and loops, and stops at sanitisers and guards.
 *
 * One pass over the function's statements, in document order, records every change
 * of a variable's taint on a per-variable timeline (offset -> value); branches are
 * joined where they meet, so `x = int(x)` in one branch of an `if` does not clean x
 * after it. Expressions are evaluated on demand, iteratively (deeply nested code
 * cannot overflow the stack) and memoised per node, so every node is evaluated once.
 *
 * Not modelled: values carried round a loop's back edge (a variable tainted late in a
 * loop body is clean at the top of the next iteration), calls into other functions
 * (their results are clean), and aliasing of mutable containers.
 */

export type TaintOrigin = 'parameter' | 'attribute' | 'configured';

interface StepLink {
  readonly location: RelatedLocation;
  readonly previous: StepLink | null;
}

/** Long paths keep their beginning and their end. */
const MAX_PATH_STEPS = 24;
const PATH_HEAD = 4;
const MAX_READ_NAME = 60;

export class Taint {
  constructor(
    readonly origin: TaintOrigin,
    /** Where the external value enters. */
    readonly source: RelatedLocation,
    /** The external value's own name: the parameter, the attribute, or the source call. */
    readonly name: string,
    /** The value was spliced into a string (`%`, `+`, f-string, `.format`, `join`). */
    readonly formatted: boolean,
    private readonly last: StepLink | null = null,
  ) {}

  /** Assignments, formatting and loops the value went through, in order. */
  get steps(): RelatedLocation[] {
    const all: RelatedLocation[] = [];
    for (let s = this.last; s; s = s.previous) all.push(s.location);
    all.reverse();
    if (all.length <= MAX_PATH_STEPS) return all;
    return [...all.slice(0, PATH_HEAD), ...all.slice(all.length - (MAX_PATH_STEPS - PATH_HEAD))];
  }

  withStep(location: RelatedLocation, formatted: boolean = this.formatted): Taint {
    return new Taint(this.origin, this.source, this.name, formatted, { location, previous: this.last });
  }

  /**
   * The same value read through `port['id']` or `port.id`: while nothing else has
   * happened to it, the read names the value better than the bare parameter does.
   */
  readAs(name: string): Taint {
    return this.last === null && !this.formatted && name.length <= MAX_READ_NAME ? new Taint(this.origin, this.source, name, false, null) : this;
  }

  asFormatted(): Taint {
    return this.formatted ? this : new Taint(this.origin, this.source, this.name, true, this.last);
  }
}

/** Parameters and configured sources outrank `self` attributes: they say more about who controls the value. */
function originRank(origin: TaintOrigin): number {
  return origin === 'attribute' ? 0 : 1;
}

function unionOf(values: readonly (Taint | undefined)[]): Taint | undefined {
  let best: Taint | undefined;
  let formatted = false;
  for (const v of values) {
    if (!v) continue;
    formatted ||= v.formatted;
    if (!best || originRank(v.origin) > originRank(best.origin)) best = v;
  }
  return best && formatted ? best.asFormatted() : best;
}

/** Taint, known clean (`null`), or unbound (`undefined`: the parameter/attribute default applies). */
type Value = Taint | null | undefined;

/** A comprehension variable: its taint is its iterable's, computed when first looked up. */
interface LazyBinding {
  readonly iterable: SyntaxNode;
  readonly at: Where;
  readonly target: string;
  resolved: boolean;
  value: Taint | null;
}
type Binding = Value | LazyBinding;

function isLazy(b: Binding): b is LazyBinding {
  return !!b && !(b instanceof Taint);
}

/** Join of the values flowing into one program point from several paths. */
function joinValues(values: readonly Value[]): Value {
  let unbound = false;
  let best: Taint | undefined;
  for (const v of values) {
    if (v === undefined) unbound = true;
    else if (v && (!best || originRank(v.origin) > originRank(best.origin))) best = v;
  }
  if (best) return best;
  return unbound ? undefined : null;
}

/** Per-variable history of taint values, by source offset. */
class Timeline {
  private readonly entries = new Map<string, { offsets: number[]; values: Binding[] }>();

  /** `value` holds from `offset` on; a later record at the same offset wins. */
  record(name: string, offset: number, value: Binding): void {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = { offsets: [], values: [] };
      this.entries.set(name, entry);
    }
    const at = upperBound(entry.offsets, offset);
    entry.offsets.splice(at, 0, offset);
    entry.values.splice(at, 0, value);
  }

  lookup(name: string, offset: number): Binding {
    const entry = this.entries.get(name);
    if (!entry) return undefined;
    const at = upperBound(entry.offsets, offset) - 1;
    return at < 0 ? undefined : entry.values[at];
  }
}

/** First index whose offset is greater than `offset`. */
function upperBound(offsets: readonly number[], offset: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (offsets[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const BUILTIN_SANITISERS = new Set([
  'int', 'float', 'bool', 'len', 'hash', 'abs', 'round', 'ord', 'id', 'isinstance', 'callable', 'hasattr',
  'shlex.quote', 'pipes.quote', 'quote',
  'netaddr.IPAddress', 'netaddr.IPNetwork', 'netaddr.EUI', 'netaddr.IPSet', 'netaddr.IPRange',
  'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac',
  'ipaddress.ip_address', 'ipaddress.ip_network', 'ipaddress.ip_interface',
  'ipaddress.IPv4Address', 'ipaddress.IPv6Address', 'ipaddress.IPv4Network', 'ipaddress.IPv6Network',
  'ipaddress.IPv4Interface', 'ipaddress.IPv6Interface',
  'IPAddress', 'IPNetwork', 'EUI', 'ip_address', 'ip_network',
  'uuidutils.is_uuid_like', 'uuid.UUID',
]);

/** Calls that, used as a condition, prove their argument safe. */
const GUARD_CALLS = new Set([
  're.fullmatch', 're.match', 'uuidutils.is_uuid_like', 'is_uuid_like',
  'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac', 'valid_ipv4', 'valid_ipv6', 'valid_mac',
]);
/** Methods of compiled patterns that guard their first argument (`NAME_RE.fullmatch(name)`). */
const PATTERN_GUARD_METHODS = new Set(['fullmatch', 'match']);
/** `name.isdigit()` and friends: the receiver is proven to be plain digits or letters. */
const STRING_CHECK_METHODS = new Set(['isdigit', 'isdecimal', 'isnumeric', 'isalnum', 'isalpha', 'isidentifier']);
const SAFE_TYPES = /^\(?\s*(int|float|bool|netaddr\.IPAddress|netaddr\.IPNetwork|ipaddress\.[A-Za-z0-9]+)(\s*,\s*(int|float|bool|netaddr\.IPAddress|netaddr\.IPNetwork|ipaddress\.[A-Za-z0-9]+))*\s*,?\s*\)?$/;

const PROPAGATING_METHODS = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'capitalize', 'swapcase', 'replace', 'split', 'rsplit',
  'splitlines', 'encode', 'decode', 'format', 'format_map', 'join', 'zfill', 'ljust', 'rjust', 'center', 'get',
  'pop', 'copy', 'partition', 'rpartition', 'casefold', 'expandtabs', 'removeprefix', 'removesuffix',
  'items', 'values', 'keys', 'setdefault', 'translate',
]);
const PROPAGATING_FUNCTIONS = new Set([
  'str', 'repr', 'list', 'tuple', 'set', 'sorted', 'reversed', 'format', 'dict', 'frozenset', 'bytes',
  'os.path.join', 'os.path.basename', 'os.path.dirname', 'os.path.abspath', 'os.path.normpath', 'os.fspath',
  'posixpath.join', 'copy.copy', 'copy.deepcopy', 'enumerate', 'zip', 'iter', 'next', 'min', 'max',
]);
/** Calls whose result splices their inputs into one string. */
const FORMATTING_CALLS = new Set(['format', 'format_map', 'join', 'os.path.join', 'posixpath.join']);
/** Methods that put their argument into the receiver (a list, set or dict). */
const MUTATING_METHODS = new Set(['append', 'appendleft', 'extend', 'extendleft', 'insert', 'add', 'update', 'setdefault']);

const SKIP_PARAMETERS = new Set(['self', 'cls']);
const SEQUENCE_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition', 'block']);
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Parameters that pass collaborators (managers, drivers, plugins), whose attributes are not caller data. */
const INTERNAL_OBJECT_NAME = /(^|_)(manager|mgr|driver|plugin|helper|api|client|lib)$/;
/** A printf-style placeholder: optional `(name)`, flags/width/precision, conversion. */
const PERCENT_PLACEHOLDER = /%(\(([^)]*)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;
const NUMERIC_CONVERSIONS = new Set(['d', 'i', 'o', 'u', 'x', 'X', 'e', 'E', 'f', 'F', 'g', 'G']);

/** Statement nesting beyond this is analysed flat (no branch joins): real code never gets there. */
const MAX_STATEMENT_DEPTH = 60;
/** Condition and comprehension nesting beyond this is not looked into. */
const MAX_CONDITION_DEPTH = 50;
/** Attribute chains longer than this are not tracked by name. */
const MAX_KEY_LENGTH = 200;

export interface TaintOptions {
  sources: CallMatcher;
  sanitizers: CallMatcher;
  aliases: ImportAliases;
  /** Only this parameter is external (a function's summary, analysis/interproc/): no attribute or configured sources. */
  onlyParameter?: string;
  /** What calls to the module's and the workspace's functions return (analysis/interproc/). */
  calls?: CallFlows;
}

/** The result of a call through the callee's summary: the arguments it returns, and how. */
export interface CallFlows {
  returned(call: SyntaxNode): { operands: SyntaxNode[]; combine: (values: (Taint | undefined)[]) => Taint | undefined } | undefined;
  /** The definitions whose summaries were read so far (RuleContext.readsDefinitions). */
  readonly reads: ReadonlySet<string>;
}

/** A plain `name = value` assignment, for rules that look at what a variable holds. */
export interface Definition {
  value: SyntaxNode;
  /** The assignment statement. */
  statement: Span;
  /** The assigned name in it. */
  target: Span;
  /** Offset from which the definition holds (the end of its statement). */
  offset: number;
}

interface BranchPath {
  /** Where the path starts (names changed by earlier paths are reset here). */
  start: number;
  /** An `elif` condition, scanned inside the path. */
  condition?: SyntaxNode;
  /** Names the path's condition proves clean, from `factsAt` on. */
  facts: string[];
  factsAt: number;
  block: SyntaxNode | null;
  /** Values the path starts with (an exception handler starts from "before or after the try body"). */
  initial?: ReadonlyMap<string, Value>;
}

type Plan = { leaf: Taint | undefined } | { operands: SyntaxNode[]; combine: (values: (Taint | undefined)[]) => Taint | undefined };

interface EvalFrame {
  node: SyntaxNode;
  id: number;
  plan?: { operandIds: number[]; combine: (values: (Taint | undefined)[]) => Taint | undefined };
}

/** Taint facts of one function (or of module-level code when `fn` is null). */
export class FunctionTaint {
  private readonly params = new Map<string, SyntaxNode>();
  private readonly paramTaints = new Map<string, Taint>();
  private readonly timeline = new Timeline();
  /** Values at the point the statement walk has reached. */
  private readonly current = new Map<string, Taint | null>();
  /** One map per open branch: names it changed, with their values before it. */
  private readonly frames: Map<string, Value>[] = [];
  private readonly memo = new Map<number, Taint | undefined>();
  private readonly definitions = new Map<string, Definition[]>();
  private readonly additions = new Map<string, { offset: number; elements: SyntaxNode[] }[]>();
  private lazyDepth = 0;

  constructor(
    fn: SyntaxNode | null,
    root: SyntaxNode,
    private readonly textOf: TextOf,
    readonly options: TaintOptions,
  ) {
    // Own parameters first, then those of enclosing functions that a closure can see.
    for (let scope: SyntaxNode | null = fn; scope; scope = enclosingFunction(scope)) {
      const paramsNode = scope.childForFieldName('parameters');
      const names = new Set(parameterNames(scope, textOf).filter((n) => !SKIP_PARAMETERS.has(n)));
      for (const p of paramsNode ? paramsNode.descendantsOfType('identifier') : []) {
        const name = textOf(p);
        if (names.has(name) && !this.params.has(name)) this.params.set(name, p);
      }
      names.forEach((n) => {
        if (!this.params.has(n)) this.params.set(n, paramsNode ?? (scope as SyntaxNode));
      });
    }
    const body = fn ? fn.childForFieldName('body') : root;
    if (body) this.block(body, 0);
  }

  /** Taint of an expression as it stands at its own position. */
  taintOf(expr: SyntaxNode): Taint | undefined {
    return this.evaluate(expr);
  }

  /** The last plain assignment to `name` before `offset`, in document order. */
  definitionBefore(name: string, offset: number): Definition | undefined {
    const list = this.definitions.get(name);
    if (!list) return undefined;
    let found: Definition | undefined;
    for (const d of list) if (d.offset <= offset) found = d;
    return found;
  }

  /** Elements added to list `name` by `append`/`extend`/`insert`/`+=` between two offsets. */
  additionsBetween(name: string, from: number, to: number): SyntaxNode[] {
    const result: SyntaxNode[] = [];
    for (const a of this.additions.get(name) ?? []) if (a.offset > from && a.offset <= to) result.push(...a.elements);
    return result;
  }

  // ---- statements ---------------------------------------------------------

  private block(block: SyntaxNode, depth: number): void {
    for (const statement of block.namedChildren) this.statement(statement, depth);
  }

  private statement(node: SyntaxNode, depth: number): void {
    if (depth > MAX_STATEMENT_DEPTH) {
      this.flat(node);
      return;
    }
    switch (node.type) {
      case 'expression_statement':
        this.expressions(node);
        for (const child of node.namedChildren) this.simple(child, node);
        return;
      case 'if_statement':
        this.ifStatement(node, depth);
        return;
      case 'for_statement':
        this.forStatement(node, depth);
        return;
      case 'while_statement':
        this.whileStatement(node, depth);
        return;
      case 'try_statement':
        this.tryStatement(node, depth);
        return;
      case 'with_statement':
        this.withStatement(node, depth);
        return;
      case 'match_statement':
        this.matchStatement(node, depth);
        return;
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
      case 'comment':
        return;
      case 'assert_statement': {
        this.expressions(node);
        const condition = node.namedChildren[0];
        if (condition) for (const name of this.facts(condition, true, 0)) this.setBinding(name, null, node.endIndex);
        return;
      }
      default:
        this.expressions(node);
    }
  }

  /** Too deeply nested to follow branch by branch: assignments in document order. */
  private flat(root: SyntaxNode): void {
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
      if (node.type === 'expression_statement') {
        this.expressions(node);
        for (const child of node.namedChildren) this.simple(child, node);
        continue;
      }
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  private simple(node: SyntaxNode, statement: SyntaxNode): void {
    switch (node.type) {
      case 'assignment':
        this.assignment(node, statement);
        break;
      case 'augmented_assignment':
        this.augmented(node, statement);
        break;
      case 'call':
        this.callStatement(node, statement);
        break;
      default:
        break;
    }
  }

  private assignment(node: SyntaxNode, statement: SyntaxNode): void {
    const targets: SyntaxNode[] = [];
    let current: SyntaxNode | null = node;
    let value: SyntaxNode | null = null;
    // `a = b = value` nests assignments on the right.
    while (current && current.type === 'assignment') {
      const left = current.childForFieldName('left');
      if (left) targets.push(left);
      value = current.childForFieldName('right');
      current = value;
    }
    if (!value) return;
    const taint = this.evaluate(value);
    for (const target of targets) this.bind(target, value, taint, statement, statement.endIndex, 'flows into');
  }

  private augmented(node: SyntaxNode, statement: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator');
    if (!left || !right) return;
    const op = operator ? this.textOf(operator) : '';
    const key = this.keyOf(unparenthesize(left));
    const r = unparenthesize(right);
    if (key && op === '+=' && (r.type === 'list' || r.type === 'tuple')) this.addElements(key, statement.endIndex, r.namedChildren);
    let result: Taint | undefined;
    if (op === '+=' || op === '%=' || op === '*=' || op === '|=') {
      result = unionOf([this.evaluate(left), this.evaluate(right)]);
      const splices = (op === '+=' && r.type !== 'list' && r.type !== 'tuple' && r.type !== 'integer' && r.type !== 'float') || op === '%=';
      if (result && splices && !result.formatted) result = result.withStep(this.location(node, 'formatted into a string'), true);
    }
    this.bind(left, null, result, statement, statement.endIndex, 'flows into');
  }

  /** `cmd.append(x)` taints `cmd`; `myvalidators.check_name(x)` as a statement validates x. */
  private callStatement(call: SyntaxNode, statement: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    const args = this.argumentNodes(call);
    if (fn && fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute');
      const receiver = fn.childForFieldName('object');
      const methodName = method ? this.textOf(method) : '';
      const key = receiver ? this.keyOf(unparenthesize(receiver)) : undefined;
      if (key && MUTATING_METHODS.has(methodName)) {
        const added = methodName === 'extend' || methodName === 'extendleft' || methodName === 'update' ? args[0] : args[args.length - 1];
        if (added) {
          const a = unparenthesize(added);
          this.addElements(key, statement.endIndex, (methodName === 'extend' || methodName === 'extendleft') && (a.type === 'list' || a.type === 'tuple') ? a.namedChildren : [added]);
          const t = unionOf(args.map((x) => this.evaluate(x)));
          if (t) {
            const before = this.valueAt(key, call.startIndex);
            this.setBinding(key, unionOf([t.withStep(this.location(call, `added to '${key}'`)), before]), statement.endIndex);
          }
        }
        return;
      }
    }
    const name = calleeName(call, this.textOf);
    if (!this.options.sanitizers.isEmpty && this.options.sanitizers.matches(name, this.options.aliases)) {
      const checked = args[0] ? this.keyOf(unparenthesize(args[0])) : undefined;
      if (checked) this.setBinding(checked, null, statement.endIndex);
    }
  }

  private addElements(key: string, offset: number, elements: readonly SyntaxNode[]): void {
    const list = this.additions.get(key) ?? [];
    list.push({ offset, elements: elements.filter((e) => e.type !== 'comment') });
    this.additions.set(key, list);
  }

  private ifStatement(node: SyntaxNode, depth: number): void {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    if (!condition || !consequence) return;
    this.expressions(condition);
    const paths: BranchPath[] = [
      { start: consequence.startIndex, facts: this.facts(condition, true, 0), factsAt: consequence.startIndex, block: consequence },
    ];
    let negatives = this.facts(condition, false, 0);
    let hasElse = false;
    for (const alternative of node.namedChildren) {
      if (alternative.type === 'elif_clause') {
        const c = alternative.childForFieldName('condition');
        const b = alternative.childForFieldName('consequence');
        if (!c || !b) continue;
        paths.push({ start: alternative.startIndex, condition: c, facts: [...negatives, ...this.facts(c, true, 0)], factsAt: b.startIndex, block: b });
        negatives = [...negatives, ...this.facts(c, false, 0)];
      } else if (alternative.type === 'else_clause') {
        const b = alternative.childForFieldName('body');
        if (!b) continue;
        paths.push({ start: alternative.startIndex, facts: negatives, factsAt: b.startIndex, block: b });
        hasElse = true;
      }
    }
    this.branches(paths, hasElse ? null : negatives, node.endIndex, depth);
  }

  private forStatement(node: SyntaxNode, depth: number): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const body = node.childForFieldName('body');
    if (!left || !right || !body) return;
    this.expressions(right);
    const iterable = this.evaluate(right);
    this.frames.push(new Map());
    const header = { start: node.startIndex, end: right.endIndex };
    const rows = this.literalRows(right, left);
    if (rows) {
      // `for cmd, table in [('iptables', self.ipv4), ...]`: each name gets its own column.
      const targets = unparenthesize(left).namedChildren.filter((c) => c.type !== 'comment');
      targets.forEach((target, i) => this.bind(target, null, unionOf(rows.map((row) => this.evaluate(row[i]))), header, body.startIndex, 'iterates into'));
    } else {
      this.bind(left, null, iterable, header, body.startIndex, 'iterates into');
    }
    this.block(body, depth + 1);
    this.loopJoin(body.endIndex);
    const orElse = node.childForFieldName('alternative');
    const elseBody = orElse?.childForFieldName('body');
    if (elseBody) this.block(elseBody, depth + 1);
  }

  private whileStatement(node: SyntaxNode, depth: number): void {
    const condition = node.childForFieldName('condition');
    const body = node.childForFieldName('body');
    if (!condition || !body) return;
    this.expressions(condition);
    this.frames.push(new Map());
    for (const name of this.facts(condition, true, 0)) this.setBinding(name, null, body.startIndex);
    this.block(body, depth + 1);
    this.loopJoin(body.endIndex);
    const orElse = node.childForFieldName('alternative');
    const elseBody = orElse?.childForFieldName('body');
    if (elseBody) this.block(elseBody, depth + 1);
  }

  /** The rows of a literal list of same-length tuples iterated by a tuple target, or undefined. */
  private literalRows(iterable: SyntaxNode, target: SyntaxNode): SyntaxNode[][] | undefined {
    const t = unparenthesize(target);
    if (!SEQUENCE_TARGETS.has(t.type)) return undefined;
    const width = t.namedChildren.filter((c) => c.type !== 'comment').length;
    let items: SyntaxNode[];
    const it = unparenthesize(iterable);
    if (it.type === 'list' || it.type === 'tuple') {
      items = it.namedChildren;
    } else if (it.type === 'identifier') {
      const name = this.textOf(it);
      const definition = this.definitionBefore(name, it.startIndex);
      const value = definition ? unparenthesize(definition.value) : undefined;
      if (!definition || !value || (value.type !== 'list' && value.type !== 'tuple')) return undefined;
      items = [...value.namedChildren, ...this.additionsBetween(name, definition.offset, it.startIndex)];
    } else {
      return undefined;
    }
    const rows: SyntaxNode[][] = [];
    for (const item of items) {
      if (item.type === 'comment') continue;
      const row = unparenthesize(item);
      if (row.type !== 'tuple' && row.type !== 'list') return undefined;
      const cells = row.namedChildren.filter((c) => c.type !== 'comment');
      if (cells.length !== width || cells.some((c) => c.type === 'list_splat')) return undefined;
      rows.push(cells);
    }
    return rows.length > 0 ? rows : undefined;
  }

  /** After a loop body: each name it changed holds its old or its new value. */
  private loopJoin(end: number): void {
    const frame = this.popFrame();
    for (const [key, before] of frame) this.setBinding(key, joinValues([before, this.currentValue(key)]), end);
  }

  private tryStatement(node: SyntaxNode, depth: number): void {
    const body = node.childForFieldName('body');
    if (!body) return;
    this.frames.push(new Map());
    this.block(body, depth + 1);
    const bodyFrame = this.popFrame();
    // A handler may run after any part of the body: it starts from "before or after".
    const handlerStart = new Map<string, Value>();
    for (const [key, before] of bodyFrame) handlerStart.set(key, joinValues([before, this.currentValue(key)]));
    const paths: BranchPath[] = [];
    let handlersEnd = body.endIndex;
    for (const clause of node.namedChildren) {
      if (clause.type !== 'except_clause' && clause.type !== 'except_group_clause') continue;
      const handler = clause.namedChildren.find((c) => c.type === 'block') ?? null;
      paths.push({ start: clause.startIndex, facts: [], factsAt: clause.startIndex, block: handler, initial: handlerStart });
      handlersEnd = clause.endIndex;
    }
    if (paths.length > 0) this.branches(paths, exits(body) ? null : [], handlersEnd, depth);
    for (const clause of node.namedChildren) {
      if (clause.type !== 'else_clause' && clause.type !== 'finally_clause') continue;
      const b = clause.childForFieldName('body') ?? clause.namedChildren.find((c) => c.type === 'block');
      if (b) this.block(b, depth + 1);
    }
  }

  private withStatement(node: SyntaxNode, depth: number): void {
    for (const item of node.descendantsOfType('with_item')) {
      const value = item.childForFieldName('value');
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const expr = value.namedChildren[0];
        const target = value.namedChildren.find((c) => c.type === 'as_pattern_target');
        if (!expr) continue;
        this.expressions(expr);
        const bound = target?.namedChildren[0];
        if (bound) this.bind(bound, expr, this.evaluate(expr), item, item.endIndex, 'flows into');
      } else {
        this.expressions(value);
      }
    }
    const body = node.childForFieldName('body');
    if (body) this.block(body, depth + 1);
  }

  private matchStatement(node: SyntaxNode, depth: number): void {
    for (const subject of node.childrenForFieldName('subject')) this.expressions(subject);
    const body = node.childForFieldName('body');
    if (!body) return;
    const paths: BranchPath[] = [];
    for (const clause of body.namedChildren) {
      if (clause.type !== 'case_clause') continue;
      const b = clause.childForFieldName('consequence');
      paths.push({ start: clause.startIndex, facts: [], factsAt: clause.startIndex, block: b });
    }
    this.branches(paths, [], node.endIndex, depth);
  }

  /**
   * Runs alternative paths from the same state and joins the ones that fall through.
   * `fallthrough` (facts that hold on it) is the implicit path of an `if` without `else`.
   */
  private branches(paths: readonly BranchPath[], fallthrough: readonly string[] | null, end: number, depth: number): void {
    const before = new Map<string, Value>();
    const outcomes: Map<string, Value>[] = [];
    for (const path of paths) {
      for (const [key, value] of before) {
        this.restoreCurrent(key, value);
        this.timeline.record(key, path.start, value);
      }
      this.frames.push(new Map());
      if (path.condition) this.expressions(path.condition);
      if (path.initial) for (const [key, value] of path.initial) this.setBinding(key, value, path.start);
      for (const fact of path.facts) this.setBinding(fact, null, path.factsAt);
      if (path.block) this.block(path.block, depth + 1);
      const frame = this.popFrame();
      for (const [key, value] of frame) if (!before.has(key)) before.set(key, value);
      if (!path.block || !exits(path.block)) outcomes.push(new Map([...frame.keys()].map((k) => [k, this.currentValue(k)])));
    }
    for (const [key, value] of before) this.restoreCurrent(key, value);
    if (fallthrough) {
      const facts = new Map<string, Value>();
      for (const fact of fallthrough) {
        if (!before.has(fact)) before.set(fact, this.currentValue(fact));
        facts.set(fact, null);
      }
      outcomes.push(facts);
    }
    for (const [key, old] of before) {
      const joined = outcomes.length === 0 ? old : joinValues(outcomes.map((o) => (o.has(key) ? o.get(key) : old)));
      this.setBinding(key, joined, end);
    }
  }

  /**
   * Comprehension variables and `:=` bindings inside one statement's expressions.
   * Comprehensions are bound lazily first and walrus targets innermost first, so no
   * expression is evaluated before the bindings it can see are recorded.
   */
  private expressions(root: SyntaxNode): void {
    const comprehensions: SyntaxNode[] = [];
    const walruses: SyntaxNode[] = [];
    const stack: SyntaxNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node !== root && NESTED_SCOPES.has(node.type)) continue;
      if (COMPREHENSIONS.has(node.type)) comprehensions.push(node);
      else if (node.type === 'named_expression') walruses.push(node);
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    for (const c of comprehensions) this.comprehension(c);
    walruses.sort((a, b) => a.endIndex - b.endIndex);
    for (const w of walruses) {
      const name = w.childForFieldName('name');
      const value = w.childForFieldName('value');
      if (name && value) this.bind(name, value, this.evaluate(value), w, w.endIndex, 'flows into');
    }
  }

  /** Comprehension variables exist only inside the comprehension: bound at its start, restored at its end. */
  private comprehension(node: SyntaxNode): void {
    for (const clause of node.namedChildren) {
      if (clause.type !== 'for_in_clause') continue;
      const left = clause.childForFieldName('left');
      const right = clause.childForFieldName('right');
      if (!left || !right) continue;
      for (const target of targetNames(left, this.textOf)) {
        const outside = this.timeline.lookup(target, node.startIndex);
        const lazy: LazyBinding = { iterable: right, at: { start: clause.startIndex, end: clause.endIndex }, target, resolved: false, value: null };
        this.timeline.record(target, node.startIndex, lazy);
        this.timeline.record(target, node.endIndex, outside);
      }
    }
  }

  /** Names a condition proves clean when it evaluates to `polarity`. */
  private facts(node: SyntaxNode, polarity: boolean, depth: number): string[] {
    if (depth > MAX_CONDITION_DEPTH) return [];
    const n = unparenthesize(node);
    switch (n.type) {
      case 'not_operator': {
        const argument = n.childForFieldName('argument');
        return argument ? this.facts(argument, !polarity, depth + 1) : [];
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator');
        const opText = op ? this.textOf(op) : '';
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) return [];
        if ((opText === 'and' && polarity) || (opText === 'or' && !polarity)) {
          return [...this.facts(left, polarity, depth + 1), ...this.facts(right, polarity, depth + 1)];
        }
        return [];
      }
      case 'comparison_operator':
        return this.comparisonFacts(n, polarity, depth);
      case 'call':
        return polarity ? this.guardCallFacts(n) : [];
      case 'named_expression': {
        const value = n.childForFieldName('value');
        return value ? this.facts(value, polarity, depth + 1) : [];
      }
      default:
        return [];
    }
  }

  private comparisonFacts(n: SyntaxNode, polarity: boolean, depth: number): string[] {
    const operands = n.namedChildren.filter((c) => c.type !== 'comment');
    if (operands.length !== 2) return [];
    const ops = n.children.filter((c) => !c.isNamed).map((c) => this.textOf(c)).join(' ');
    const [left, right] = operands;
    const leftKey = this.keyOf(unparenthesize(left));
    if (ops === 'in' || ops === 'not in') {
      const holds = ops === 'in' ? polarity : !polarity;
      return holds && leftKey && this.isConstantCollection(right) ? [leftKey] : [];
    }
    if (ops === 'is' || ops === 'is not' || ops === '==' || ops === '!=') {
      const positive = ops === 'is' || ops === '==';
      if (right.type === 'none' && left.type !== 'none') return this.facts(left, positive ? !polarity : polarity, depth + 1);
      // `x == 'literal'`: where it holds, x is that constant.
      if (ops === '==' || ops === '!=') {
        const holds = positive ? polarity : !polarity;
        if (holds && leftKey && isLiteral(right, this.textOf)) return [leftKey];
        const rightKey = this.keyOf(unparenthesize(right));
        if (holds && rightKey && isLiteral(left, this.textOf)) return [rightKey];
      }
    }
    return [];
  }

  private guardCallFacts(call: SyntaxNode): string[] {
    const name = calleeName(call, this.textOf);
    const qualified = qualify(name, this.options.aliases);
    const args = this.argumentNodes(call);
    const key = (node: SyntaxNode | undefined): string[] => {
      const k = node ? this.keyOf(unparenthesize(node)) : undefined;
      return k ? [k] : [];
    };
    if (GUARD_CALLS.has(name) || GUARD_CALLS.has(qualified)) return key(lastSegment(qualified) === 'fullmatch' || lastSegment(qualified) === 'match' ? args[1] : args[0]);
    if (this.options.sanitizers.matches(name, this.options.aliases)) return key(args[0]);
    const fn = call.childForFieldName('function');
    if (fn && fn.type === 'attribute') {
      const method = lastSegment(name);
      const receiver = fn.childForFieldName('object');
      if (PATTERN_GUARD_METHODS.has(method) && receiver && !/^re$/.test(this.textOf(receiver))) return key(args[0]);
      if (STRING_CHECK_METHODS.has(method) && receiver && args.length === 0) return key(receiver);
    }
    if (name === 'isinstance' && args[1] && SAFE_TYPES.test(this.textOf(args[1]))) return key(args[0]);
    return [];
  }

  private isConstantCollection(node: SyntaxNode): boolean {
    const n = unparenthesize(node);
    if (n.type === 'identifier') return CONSTANT_NAME.test(this.textOf(n));
    if (n.type === 'attribute') return CONSTANT_NAME.test(lastSegment(this.textOf(n).replace(/\s+/g, '')));
    if (n.type === 'set' || n.type === 'tuple' || n.type === 'list') return n.namedChildren.every((c) => c.type === 'comment' || isLiteral(c, this.textOf));
    if (n.type === 'dictionary') return n.namedChildren.every((c) => c.type === 'comment' || (c.type === 'pair' && !!c.childForFieldName('key') && isLiteral(c.childForFieldName('key') as SyntaxNode, this.textOf)));
    if (n.type === 'call') {
      const name = calleeName(n, this.textOf);
      const args = this.argumentNodes(n);
      return (name === 'frozenset' || name === 'set' || name === 'tuple') && args.length === 1 && this.isConstantCollection(args[0]);
    }
    return false;
  }

  // ---- bindings -------------------------------------------------------------

  /** Binds assignment targets to values; iterative, so deeply nested target tuples cannot overflow the stack. */
  private bind(target: SyntaxNode, value: SyntaxNode | null, taint: Taint | undefined, at: Where, offset: number, verb: string): void {
    const work: { target: SyntaxNode; value: SyntaxNode | null; taint: Taint | undefined }[] = [{ target, value, taint }];
    while (work.length > 0) {
      const item = work.pop() as (typeof work)[number];
      this.bindOne(item.target, item.value, item.taint, at, offset, verb, work);
    }
  }

  private bindOne(
    target: SyntaxNode,
    value: SyntaxNode | null,
    taint: Taint | undefined,
    at: Where,
    offset: number,
    verb: string,
    work: { target: SyntaxNode; value: SyntaxNode | null; taint: Taint | undefined }[],
  ): void {
    const t = unparenthesize(target);
    if (SEQUENCE_TARGETS.has(t.type)) {
      const targets = t.namedChildren.filter((c) => c.type !== 'comment');
      const v = value ? unparenthesize(value) : null;
      const values = v && SEQUENCE_TARGETS.has(v.type) ? v.namedChildren.filter((c) => c.type !== 'comment') : undefined;
      const pairwise = !!values && values.length === targets.length && !values.some((x) => x.type === 'list_splat') && !targets.some((x) => x.type === 'list_splat_pattern');
      // Pushed in reverse so the targets bind in source order.
      for (let i = targets.length - 1; i >= 0; i--) {
        if (pairwise && values) work.push({ target: targets[i], value: values[i], taint: this.evaluate(values[i]) });
        else work.push({ target: targets[i], value: null, taint });
      }
      return;
    }
    if (t.type === 'list_splat_pattern' || t.type === 'list_splat') {
      const inner = t.namedChildren[0];
      if (inner) work.push({ target: inner, value: null, taint });
      return;
    }
    if (t.type === 'subscript') {
      // `d[k] = v` puts v into d: d is tainted if either was.
      const container = t.childForFieldName('value');
      const key = container ? this.keyOf(unparenthesize(container)) : undefined;
      if (key && taint) {
        const before = this.valueAt(key, t.startIndex);
        this.setBinding(key, unionOf([taint.withStep(this.location(at, `stored in '${key}'`)), before]), offset);
      }
      return;
    }
    const key = this.keyOf(t);
    if (!key) return;
    // The step points at the variable: the statement is the value's own step.
    this.setBinding(key, taint ? taint.withStep(this.location(verb === 'iterates into' ? at : t, `${verb} '${key}'`)) : null, offset);
    if (t.type === 'identifier' && value) {
      const list = this.definitions.get(key) ?? [];
      list.push({ value, statement: toSpan(at), target: toSpan(t), offset });
      this.definitions.set(key, list);
    }
  }

  private setBinding(key: string, value: Value, offset: number): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame && !frame.has(key)) frame.set(key, this.currentValue(key));
    if (value === undefined) this.current.delete(key);
    else this.current.set(key, value);
    this.timeline.record(key, offset, value);
  }

  private restoreCurrent(key: string, value: Value): void {
    if (value === undefined) this.current.delete(key);
    else this.current.set(key, value);
  }

  private currentValue(key: string): Value {
    return this.current.has(key) ? this.current.get(key) : undefined;
  }

  /** Closes a branch; its changes become changes of the enclosing branch too. */
  private popFrame(): Map<string, Value> {
    const frame = this.frames.pop() ?? new Map<string, Value>();
    const parent = this.frames[this.frames.length - 1];
    if (parent) for (const [key, value] of frame) if (!parent.has(key)) parent.set(key, value);
    return frame;
  }

  /** The taint `key` has at `offset`, defaults included. */
  private valueAt(key: string, offset: number): Taint | undefined {
    const b = this.resolve(this.timeline.lookup(key, offset));
    if (b !== undefined) return b ?? undefined;
    if (this.params.has(key)) return this.paramTaint(key);
    return undefined;
  }

  private resolve(b: Binding): Value {
    if (!isLazy(b)) return b;
    if (!b.resolved) {
      b.resolved = true;
      if (this.lazyDepth < MAX_CONDITION_DEPTH) {
        this.lazyDepth++;
        try {
          const t = this.evaluate(b.iterable);
          b.value = t ? t.withStep(this.location(b.at, `iterates into '${b.target}'`)) : null;
        } finally {
          this.lazyDepth--;
        }
      }
    }
    return b.value;
  }

  // ---- expressions ------------------------------------------------------------

  /** Iterative post-order evaluation with a per-node memo. */
  private evaluate(root: SyntaxNode): Taint | undefined {
    const rootId = root.id;
    if (this.memo.has(rootId)) return this.memo.get(rootId);
    const stack: EvalFrame[] = [{ node: root, id: rootId }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (!frame.plan) {
        if (this.memo.has(frame.id)) {
          stack.pop();
          continue;
        }
        const plan = this.plan(frame.node);
        if ('leaf' in plan) {
          this.memo.set(frame.id, plan.leaf);
          stack.pop();
          continue;
        }
        const operandIds = plan.operands.map((o) => o.id);
        frame.plan = { operandIds, combine: plan.combine };
        for (let i = plan.operands.length - 1; i >= 0; i--) {
          if (!this.memo.has(operandIds[i])) stack.push({ node: plan.operands[i], id: operandIds[i] });
        }
        continue;
      }
      this.memo.set(frame.id, frame.plan.combine(frame.plan.operandIds.map((id) => this.memo.get(id))));
      stack.pop();
    }
    return this.memo.get(rootId);
  }

  private plan(node: SyntaxNode): Plan {
    const union = (operands: readonly (SyntaxNode | null | undefined)[]): Plan => ({
      operands: operands.filter((o): o is SyntaxNode => !!o && o.type !== 'comment'),
      combine: unionOf,
    });
    const formatting = (operands: readonly (SyntaxNode | null | undefined)[]): Plan => ({
      operands: operands.filter((o): o is SyntaxNode => !!o && o.type !== 'comment'),
      combine: (values) => {
        const t = unionOf(values);
        return t && (t.formatted ? t : t.withStep(this.location(node, 'formatted into a string'), true));
      },
    });
    switch (node.type) {
      case 'identifier': {
        const name = this.textOf(node);
        return { leaf: this.valueAt(name, node.startIndex) };
      }
      case 'attribute': {
        const key = this.keyOf(node);
        if (key) {
          const bound = this.resolve(this.timeline.lookup(key, node.startIndex));
          if (bound !== undefined) return { leaf: bound ?? undefined };
        }
        const object = node.childForFieldName('object');
        if (!object) return { leaf: undefined };
        // `iptables_manager.wrap_name`, `driver.DEV_NAME_LEN`: parts of a collaborator object, not data.
        if (object.type === 'identifier' && INTERNAL_OBJECT_NAME.test(this.textOf(object)) && this.params.has(this.textOf(object))) return { leaf: undefined };
        if (object.type === 'identifier' && SKIP_PARAMETERS.has(this.textOf(object)) && !this.params.has(this.textOf(object))) {
          if (this.options.onlyParameter !== undefined) return { leaf: undefined };
          const attribute = node.childForFieldName('attribute');
          if (!attribute || CONSTANT_NAME.test(this.textOf(attribute))) return { leaf: undefined };
          const name = key ?? `${this.textOf(object)}.${this.textOf(attribute)}`;
          return { leaf: new Taint('attribute', this.location(node, `attribute '${name}' (external value)`), name, false) };
        }
        return this.read(node, object);
      }
      case 'subscript': {
        const value = node.childForFieldName('value');
        return value ? this.read(node, value) : { leaf: undefined };
      }
      case 'binary_operator': {
        const operator = node.childForFieldName('operator');
        const op = operator ? this.textOf(operator) : '';
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op === '%' && left && right) return formatting(this.percentOperands(left, right));
        if (op === '+' && !isNonStringOperand(left) && !isNonStringOperand(right)) return formatting([left, right]);
        if (op === '+' || op === '*' || op === '|') return union([left, right]);
        // Arithmetic, shifts, bitwise and/xor: the result is a number.
        return { leaf: undefined };
      }
      case 'boolean_operator':
        return union([node.childForFieldName('left'), node.childForFieldName('right')]);
      case 'string': {
        const parts = node.namedChildren.filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression'));
        return parts.length === 0 ? { leaf: undefined } : formatting(parts);
      }
      case 'concatenated_string':
        return union(node.namedChildren);
      case 'conditional_expression': {
        const [whenTrue, , whenFalse] = node.namedChildren.filter((c) => c.type !== 'comment');
        return union([whenTrue, whenFalse]);
      }
      case 'call':
        return this.planCall(node, union, formatting);
      case 'named_expression':
        return union([node.childForFieldName('value')]);
      case 'keyword_argument':
        return union([node.childForFieldName('value')]);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return union([node.childForFieldName('body')]);
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'list_splat':
      case 'dictionary_splat':
      case 'dictionary':
      case 'pair':
      case 'await':
        return union(node.namedChildren);
      default:
        return { leaf: undefined };
    }
  }

  /**
   * The operands of `template % args` that can carry text: `%d`, `%x`, `%f` and friends
   * only print numbers (and raise on anything else), so their arguments are dropped.
   */
  private percentOperands(left: SyntaxNode, right: SyntaxNode): SyntaxNode[] {
    const template = literalString(unparenthesize(left), this.textOf);
    if (template === undefined) return [left, right];
    const placeholders = [...template.matchAll(PERCENT_PLACEHOLDER)].filter((m) => m[3] !== '%');
    const numeric = (m: RegExpMatchArray): boolean => NUMERIC_CONVERSIONS.has(m[3]);
    if (placeholders.length === 0) return [left, right];
    if (placeholders.every(numeric)) return [];
    const r = unparenthesize(right);
    if (r.type === 'tuple' && !placeholders.some((m) => m[1] !== undefined)) {
      const items = r.namedChildren.filter((c) => c.type !== 'comment');
      if (items.length === placeholders.length && !items.some((i) => i.type === 'list_splat')) return items.filter((_, i) => !numeric(placeholders[i]));
    }
    if (r.type === 'dictionary' && placeholders.every((m) => m[1] !== undefined)) {
      const textual = new Set(placeholders.filter((m) => !numeric(m)).map((m) => m[2]));
      const kept: SyntaxNode[] = [];
      for (const pair of r.namedChildren) {
        if (pair.type !== 'pair') {
          if (pair.type !== 'comment') kept.push(pair);
          continue;
        }
        const key = pair.childForFieldName('key');
        const name = key ? literalString(unparenthesize(key), this.textOf) : undefined;
        if (name === undefined || textual.has(name)) kept.push(pair);
      }
      return kept;
    }
    return [right];
  }

  /** `port['id']` / `port.id`: the taint of `port`, named after the read. */
  private read(node: SyntaxNode, object: SyntaxNode): Plan {
    return {
      operands: [object],
      combine: ([t]) => (t && node.endIndex - node.startIndex <= MAX_READ_NAME ? t.readAs(this.textOf(node).replace(/\s+/g, '')) : t),
    };
  }

  private planCall(call: SyntaxNode, union: (o: readonly (SyntaxNode | null | undefined)[]) => Plan, formatting: (o: readonly (SyntaxNode | null | undefined)[]) => Plan): Plan {
    const fn = call.childForFieldName('function');
    if (!fn || fn.endIndex - fn.startIndex > MAX_KEY_LENGTH) return { leaf: undefined };
    const name = calleeName(call, this.textOf);
    const qualified = qualify(name, this.options.aliases);
    const { sanitizers, sources, aliases } = this.options;
    if (BUILTIN_SANITISERS.has(name) || BUILTIN_SANITISERS.has(qualified) || sanitizers.matches(name, aliases)) return { leaf: undefined };
    if (this.options.onlyParameter === undefined && sources.matches(name, aliases)) {
      return { leaf: new Taint('configured', this.location(call, `configured source '${name}' (external value)`), name, false) };
    }
    const args = this.argumentNodes(call);
    if (PROPAGATING_FUNCTIONS.has(name) || PROPAGATING_FUNCTIONS.has(qualified)) {
      return FORMATTING_CALLS.has(qualified) ? formatting(args) : union(args);
    }
    if (fn.type === 'attribute') {
      const receiver = fn.childForFieldName('object');
      const method = lastSegment(name);
      if (receiver && PROPAGATING_METHODS.has(method)) return FORMATTING_CALLS.has(method) ? formatting([receiver, ...args]) : union([receiver, ...args]);
    }
    const through = this.options.calls?.returned(call);
    if (through) return through;
    // What an unknown function returns is not the caller's data.
    return { leaf: undefined };
  }

  /** Positional, keyword and splat arguments of a call, in order. */
  private argumentNodes(call: SyntaxNode): SyntaxNode[] {
    const args = call.childForFieldName('arguments');
    if (!args) return [];
    if (args.type !== 'argument_list') return [args];
    return args.namedChildren.filter((c) => c.type !== 'comment');
  }

  private paramTaint(name: string): Taint | undefined {
    const known = this.paramTaints.get(name);
    if (known) return known;
    const param = this.params.get(name);
    if (!param || (this.options.onlyParameter !== undefined && name !== this.options.onlyParameter)) return undefined;
    const taint = new Taint('parameter', this.location(param, `parameter '${name}' (external value)`), name, false);
    this.paramTaints.set(name, taint);
    return taint;
  }

  /** The variable name of an identifier or attribute chain (`self.ns_name`), or undefined. */
  private keyOf(node: SyntaxNode): string | undefined {
    if (node.type === 'identifier') return this.textOf(node);
    if (node.type === 'attribute' && node.endIndex - node.startIndex <= MAX_KEY_LENGTH) return this.textOf(node).replace(/\s+/g, '');
    return undefined;
  }

  private location(where: Where, message: string): RelatedLocation {
    return { ...toSpan(where), message };
  }
}

function exits(block: SyntaxNode): boolean {
  const last = block.namedChildren.filter((c) => c.type !== 'comment').pop();
  return !!last && (last.type === 'raise_statement' || last.type === 'return_statement' || last.type === 'continue_statement' || last.type === 'break_statement');
}

function isLiteral(node: SyntaxNode, textOf: TextOf): boolean {
  const n = unparenthesize(node);
  if (n.type === 'integer' || n.type === 'float' || n.type === 'true' || n.type === 'false' || n.type === 'none') return true;
  return (n.type === 'string' || n.type === 'concatenated_string') && literalString(n, textOf) !== undefined;
}

/** Operands that make `+` list concatenation or arithmetic rather than string building. */
function isNonStringOperand(node: SyntaxNode | null): boolean {
  if (!node) return false;
  const n = unparenthesize(node);
  return n.type === 'list' || n.type === 'tuple' || n.type === 'integer' || n.type === 'float' || n.type === 'list_comprehension';
}

/** Identifiers bound by a `for` target. */
function targetNames(target: SyntaxNode, textOf: TextOf): string[] {
  if (target.type === 'identifier') return [textOf(target)];
  return target.descendantsOfType('identifier').map(textOf);
}

/** A place in the text: a node or a plain span. */
type Where = SyntaxNode | Span;

function toSpan(where: Where): Span {
  return 'startIndex' in where ? { start: where.startIndex, end: where.endIndex } : { start: where.start, end: where.end };
}

interface DefinitionSpan {
  start: number;
  end: number;
  node: SyntaxNode;
  isClass: boolean;
}

/**
 * The nearest enclosing `def` (null at module level or directly in a class body), found
 * from the file's definition spans. tree-sitter computes `parent` by walking down from
 * the root, so walking up parent by parent costs depth squared on deeply nested code.
 */
export function functionAt(node: SyntaxNode, context: RuleContext): SyntaxNode | null {
  const definitions = context.memo('taint:definitions', () =>
    context.file.tree.rootNode
      .descendantsOfType(['function_definition', 'class_definition'])
      .map((d): DefinitionSpan => ({ start: d.startIndex, end: d.endIndex, node: d, isClass: d.type === 'class_definition' })),
  );
  let best: DefinitionSpan | undefined;
  for (const d of definitions) {
    // Strictly inside: a definition does not enclose itself.
    const inside = d.start <= node.startIndex && node.endIndex <= d.end && !(d.start === node.startIndex && d.end === node.endIndex && d.node.type === node.type);
    if (inside && (!best || d.start > best.start || (d.start === best.start && d.end < best.end))) best = d;
  }
  return best && !best.isClass ? best.node : null;
}

/** The function-level analysis that covers `node`, built once per file and function. */
export function functionTaint(node: SyntaxNode, context: RuleContext): FunctionTaint {
  const fn = functionAt(node, context);
  const key = `taint:${fn ? fn.startIndex : 'module'}`;
  return context.memo(key, () => {
    const taint = context.settings.taint;
    return new FunctionTaint(fn, context.file.tree.rootNode, context.text, {
      sources: context.memo('taint:sources', () => new CallMatcher(taint.sources)),
      sanitizers: context.memo('taint:sanitizers', () => new CallMatcher(taint.sanitizers)),
      aliases: fileImportAliases(context),
      calls: callFlows(context),
    });
  });
}

/** The taint of `expr` where it stands. */
export function taintAt(expr: SyntaxNode, context: RuleContext): Taint | undefined {
  const facts = functionTaint(expr, context);
  const taint = facts.taintOf(expr);
  const reads = facts.options.calls?.reads;
  if (reads && reads.size > 0) context.readsDefinitions(reads);
  return taint;
}

/** Related locations for a finding: source, each step, any extra steps, then the sink. */
export function taintPath(taint: Taint, sink: SyntaxNode | Span, sinkMessage: string, extra: readonly RelatedLocation[] = []): RelatedLocation[] {
  return [taint.source, ...taint.steps, ...extra, { ...toSpan(sink), message: sinkMessage }];
}

/** A node's span as a plain value (tree-sitter nodes expose startIndex/endIndex). */
export function spanOf(node: SyntaxNode): Span {
  return { start: node.startIndex, end: node.endIndex };
}
