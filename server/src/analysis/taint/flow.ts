import { parameterNames, unparenthesize, type TextOf } from '../../engine/python';
import type { SyntaxNode } from '../../engine/types';
import { Evaluator, type Environment, type TaintOptions } from './evaluator';
import { Guards, MAX_CONDITION_DEPTH } from './guards';
import { MUTATING_METHODS, SKIP_PARAMETERS } from './policy';
import { ID_NAME, sourceParameters, type SourceMatch } from './sources';
import { Definitions, isLazy, Timeline, type Binding, type Definition, type LazyBinding } from './reaching';
import { argumentNodes, calleeNames, exits, keyOf, targetNames } from './syntax';
import { joinValues, locationOf, Taint, toSpan, unionOf, type Value, type Where } from './value';

/**
 * Intra-procedural taint flow: one pass over a function's statements (or module-level
 * code), in document order, records every change of a variable's taint on its timeline
 * (reaching.ts); branches are joined where they meet, so `x = int(x)` in one branch of an
 * `if` does not clean x after it. Expressions are evaluated by evaluator.ts, conditions
 * read by guards.ts. Sources are the function's parameters (except self/cls), attributes
 * read from a parameter or from `self`, and configured source calls.
 *
 * Not modelled: values carried round a loop's back edge (a variable tainted late in a
 * loop body is clean at the top of the next iteration), calls into other functions
 * (their results are clean), and aliasing of mutable containers.
 */

/** Statement nesting beyond this is analysed flat (no branch joins): real code never gets there. */
const MAX_STATEMENT_DEPTH = 60;
const SEQUENCE_TARGETS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'generator_expression', 'dictionary_comprehension']);
const NESTED_SCOPES = new Set(['function_definition', 'class_definition', 'lambda', 'decorated_definition', 'block']);

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

/** Taint facts of one function (or of module-level code when `fn` is null). */
export class FunctionTaint implements Environment {
  private readonly params = new Map<string, SyntaxNode>();
  /** Parameters the threat models make sources (web requests, API bodies, click options). */
  private readonly sourceParams = new Map<string, SourceMatch>();
  private readonly paramTaints = new Map<string, Taint>();
  private readonly timeline = new Timeline();
  /** Values at the point the statement walk has reached. */
  private readonly current = new Map<string, Taint | null>();
  /** One map per open branch: names it changed, with their values before it. */
  private readonly frames: Map<string, Value>[] = [];
  private readonly definitions = new Definitions();
  private readonly evaluator: Evaluator;
  private readonly guards: Guards;
  private lazyDepth = 0;

  constructor(
    fn: SyntaxNode | null,
    root: SyntaxNode,
    private readonly textOf: TextOf,
    readonly options: TaintOptions,
  ) {
    this.evaluator = new Evaluator(textOf, options, this);
    this.guards = new Guards(textOf, options.sanitizers, options.model, options.purpose);
    // Own parameters first, then those of enclosing functions that a closure can see.
    for (let scope: SyntaxNode | null = fn; scope; scope = options.model.enclosingFunction(scope)) {
      const paramsNode = scope.childForFieldName('parameters');
      const names = new Set(parameterNames(scope, textOf).filter((n) => !SKIP_PARAMETERS.has(n)));
      for (const [name, source] of sourceParameters(scope, textOf, options.model, options.threatModels)) if (!this.params.has(name) && !this.sourceParams.has(name)) this.sourceParams.set(name, source);
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
    return this.evaluator.evaluate(expr);
  }

  /** The last plain assignment to `name` before `offset`, in document order. */
  definitionBefore(name: string, offset: number): Definition | undefined {
    return this.definitions.before(name, offset);
  }

  /** Elements added to list `name` by `append`/`extend`/`insert`/`+=` between two offsets. */
  additionsBetween(name: string, from: number, to: number): SyntaxNode[] {
    return this.definitions.additionsBetween(name, from, to);
  }

  // ---- the evaluator's view (Environment) -------------------------------------

  recordedAt(key: string, offset: number): Value {
    return this.resolve(this.timeline.lookup(key, offset));
  }

  isParameter(name: string): boolean {
    return this.params.has(name);
  }

  private key(node: SyntaxNode): string | undefined {
    return keyOf(node, this.textOf);
  }


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
        if (condition) for (const name of this.guards.facts(condition, true, 0)) this.setBinding(name, null, node.endIndex);
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
    const taint = this.evaluator.evaluate(value);
    for (const target of targets) this.bind(target, value, taint, statement, statement.endIndex, 'flows into');
  }

  private augmented(node: SyntaxNode, statement: SyntaxNode): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const operator = node.childForFieldName('operator');
    if (!left || !right) return;
    const op = operator ? this.textOf(operator) : '';
    const key = this.key(unparenthesize(left));
    const r = unparenthesize(right);
    if (key && op === '+=' && (r.type === 'list' || r.type === 'tuple')) this.addElements(key, statement.endIndex, r.namedChildren);
    let result: Taint | undefined;
    if (op === '+=' || op === '%=' || op === '*=' || op === '|=') {
      result = unionOf([this.evaluator.evaluate(left), this.evaluator.evaluate(right)]);
      const splices = (op === '+=' && r.type !== 'list' && r.type !== 'tuple' && r.type !== 'integer' && r.type !== 'float') || op === '%=';
      if (result && splices && !result.formatted) result = result.withStep(locationOf(node, 'formatted into a string'), true);
    }
    this.bind(left, null, result, statement, statement.endIndex, 'flows into');
  }

  /** `cmd.append(x)` taints `cmd`; `myvalidators.check_name(x)` as a statement validates x. */
  private callStatement(call: SyntaxNode, statement: SyntaxNode): void {
    const fn = call.childForFieldName('function');
    const args = argumentNodes(call);
    if (fn && fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute');
      const receiver = fn.childForFieldName('object');
      const methodName = method ? this.textOf(method) : '';
      const key = receiver ? this.key(unparenthesize(receiver)) : undefined;
      if (key && MUTATING_METHODS.has(methodName)) {
        const added = methodName === 'extend' || methodName === 'extendleft' || methodName === 'update' ? args[0] : args[args.length - 1];
        if (added) {
          const a = unparenthesize(added);
          this.addElements(key, statement.endIndex, (methodName === 'extend' || methodName === 'extendleft') && (a.type === 'list' || a.type === 'tuple') ? a.namedChildren : [added]);
          const t = unionOf(args.map((x) => this.evaluator.evaluate(x)));
          if (t) {
            const before = this.valueAt(key, call.startIndex);
            this.setBinding(key, unionOf([t.withStep(locationOf(call, `added to '${key}'`)), before]), statement.endIndex);
          }
        }
        return;
      }
    }
    if (!this.options.sanitizers.isEmpty) {
      const { name, qualified } = calleeNames(call, this.textOf, this.options.model);
      if (!this.options.sanitizers.matches(name, qualified)) return;
      const checked = args[0] ? this.key(unparenthesize(args[0])) : undefined;
      if (checked) this.setBinding(checked, null, statement.endIndex);
    }
  }

  private addElements(key: string, offset: number, elements: readonly SyntaxNode[]): void {
    this.definitions.addElements(key, offset, elements);
  }

  private ifStatement(node: SyntaxNode, depth: number): void {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    if (!condition || !consequence) return;
    this.expressions(condition);
    const paths: BranchPath[] = [
      { start: consequence.startIndex, facts: this.guards.facts(condition, true, 0), factsAt: consequence.startIndex, block: consequence },
    ];
    let negatives = this.guards.facts(condition, false, 0);
    let hasElse = false;
    for (const alternative of node.namedChildren) {
      if (alternative.type === 'elif_clause') {
        const c = alternative.childForFieldName('condition');
        const b = alternative.childForFieldName('consequence');
        if (!c || !b) continue;
        paths.push({ start: alternative.startIndex, condition: c, facts: [...negatives, ...this.guards.facts(c, true, 0)], factsAt: b.startIndex, block: b });
        negatives = [...negatives, ...this.guards.facts(c, false, 0)];
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
    const iterable = this.evaluator.evaluate(right);
    this.frames.push(new Map());
    const header = { start: node.startIndex, end: right.endIndex };
    const rows = this.literalRows(right, left);
    if (rows) {
      // `for cmd, table in [('iptables', self.ipv4), ...]`: each name gets its own column.
      const targets = unparenthesize(left).namedChildren.filter((c) => c.type !== 'comment');
      targets.forEach((target, i) => this.bind(target, null, unionOf(rows.map((row) => this.evaluator.evaluate(row[i]))), header, body.startIndex, 'iterates into'));
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
    for (const name of this.guards.facts(condition, true, 0)) this.setBinding(name, null, body.startIndex);
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
    if (paths.length > 0) this.branches(paths, exits(body, this.textOf) ? null : [], handlersEnd, depth);
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
        if (bound) this.bind(bound, expr, this.evaluator.evaluate(expr), item, item.endIndex, 'flows into');
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
      if (!path.block || !exits(path.block, this.textOf)) outcomes.push(new Map([...frame.keys()].map((k) => [k, this.currentValue(k)])));
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
      if (name && value) this.bind(name, value, this.evaluator.evaluate(value), w, w.endIndex, 'flows into');
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
        if (pairwise && values) work.push({ target: targets[i], value: values[i], taint: this.evaluator.evaluate(values[i]) });
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
      const key = container ? this.key(unparenthesize(container)) : undefined;
      if (key && taint) {
        const before = this.valueAt(key, t.startIndex);
        this.setBinding(key, unionOf([taint.withStep(locationOf(at, `stored in '${key}'`)), before]), offset);
      }
      return;
    }
    const key = this.key(t);
    if (!key) return;
    // The step points at the variable: the statement is the value's own step.
    this.setBinding(key, taint ? taint.withStep(locationOf(verb === 'iterates into' ? at : t, `${verb} '${key}'`)) : null, offset);
    if (t.type === 'identifier' && value) {
      this.definitions.add(key, { value, statement: toSpan(at), target: toSpan(t), offset });
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
  valueAt(key: string, offset: number): Taint | undefined {
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
          const t = this.evaluator.evaluate(b.iterable);
          b.value = t ? t.withStep(locationOf(b.at, `iterates into '${b.target}'`)) : null;
        } finally {
          this.lazyDepth--;
        }
      }
    }
    return b.value;
  }



  private paramTaint(name: string): Taint | undefined {
    const known = this.paramTaints.get(name);
    if (known) return known;
    const param = this.params.get(name);
    if (!param) return undefined;
    const only = this.options.onlyParameter;
    let taint: Taint;
    if (only !== undefined) {
      // A summary: the caller's argument decides, so the one parameter is external whatever its name.
      if (name !== only) return undefined;
      taint = new Taint('parameter', locationOf(param, `parameter '${name}' (external value)`), name, false);
    } else {
      // A parameter named as an id holds a UUID: never command text.
      if (this.options.ids === 'clean' && ID_NAME.test(name)) return undefined;
      const source = this.sourceParams.get(name);
      if (source) taint = new Taint(source.kind, locationOf(param, `parameter '${name}': ${source.what} (${source.kind} source)`), name, false);
      else if (this.options.threatModels.has('parameters')) taint = new Taint('parameter', locationOf(param, `parameter '${name}' (external value)`), name, false);
      else return undefined;
    }
    this.paramTaints.set(name, taint);
    return taint;
  }

}
