import type { CallMatcher } from '../../engine/callNames';
import { lastSegment, literalString, unparenthesize, type TextOf } from '../../engine/python';
import type { SyntaxNode, ThreatModel } from '../../engine/types';
import type { ModuleModel } from '../../semantic/model';
import {
  BUILTIN_SANITISERS, CONSTANT_NAME, FORMATTING_CALLS, INTERNAL_OBJECT_NAME, NUMERIC_CONVERSIONS, PERCENT_PLACEHOLDER,
  PROPAGATING_FUNCTIONS, PROPAGATING_METHODS, SKIP_PARAMETERS,
} from './policy';
import type { TaintPurpose } from './purpose';
import { attributeSource, callSource, CONFIG_READ, freeFormField, ID_NAME, type SourceMatch } from './sources';
import { argumentNodes, calleeNames, isNonStringOperand, keyOf, MAX_KEY_LENGTH } from './syntax';
import { locationOf, MAX_READ_NAME, Taint, unionOf, type Value } from './value';

export interface TaintOptions {
  sources: CallMatcher;
  sanitizers: CallMatcher;
  model: ModuleModel;
  threatModels: ReadonlySet<ThreatModel>;
  /** 'clean': ids (`port_id`, `x['id']`) are UUIDs, never command text; 'keep': a caller-chosen id is still the caller's (DVR702). */
  ids: 'clean' | 'keep';
  /** What the value is for, when that changes what cleans it (purpose.ts); none for commands. */
  purpose?: TaintPurpose;
  /**
   * Only this parameter is external, whatever its name (a function's summary, analysis/interproc/):
   * the caller's argument decides whether it is untrusted. Used with no threat models and no configured sources.
   */
  onlyParameter?: string;
  /** What calls to the module's and the workspace's functions return (analysis/interproc/). */
  calls?: CallFlows;
}

/** The result of a call through the callee's summary: the arguments it returns, and how. */
export interface CallFlows {
  returned(call: SyntaxNode): { operands: SyntaxNode[]; combine: Combine } | undefined;
  /** The definitions whose summaries were read so far (RuleContext.readsDefinitions). */
  readonly reads: ReadonlySet<string>;
}

/** What the evaluator needs from the statement walk: the values variables hold where they are read. */
export interface Environment {
  /** The taint of variable `key` at `offset`, parameter and attribute defaults included. */
  valueAt(key: string, offset: number): Taint | undefined;
  /** The value recorded for `key` at `offset` (undefined when nothing was recorded). */
  recordedAt(key: string, offset: number): Value;
  /** Is `name` a parameter of the function (or of one around it)? */
  isParameter(name: string): boolean;
}

export type Combine = (values: (Taint | undefined)[]) => Taint | undefined;
type Plan = { leaf: Taint | undefined } | { operands: SyntaxNode[]; combine: Combine };

interface EvalFrame {
  node: SyntaxNode;
  id: number;
  plan?: { operandIds: number[]; combine: Combine };
}

/**
 * The taint of expressions: evaluated on demand, iteratively (deeply nested code cannot
 * overflow the stack) and memoised per node, so every node is evaluated once. Calls are
 * handled in one place, `planCall`: sanitisers, configured sources, functions and methods
 * that pass their inputs on; any other call's result is clean.
 */
export class Evaluator {
  private readonly memo = new Map<number, Taint | undefined>();

  constructor(
    private readonly textOf: TextOf,
    private readonly options: TaintOptions,
    private readonly env: Environment,
  ) {}

  /** Iterative post-order evaluation with a per-node memo. */
  evaluate(root: SyntaxNode): Taint | undefined {
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

  private union(operands: readonly (SyntaxNode | null | undefined)[]): Plan {
    return { operands: operands.filter((o): o is SyntaxNode => !!o && o.type !== 'comment'), combine: unionOf };
  }

  private formatting(node: SyntaxNode, operands: readonly (SyntaxNode | null | undefined)[]): Plan {
    return {
      operands: operands.filter((o): o is SyntaxNode => !!o && o.type !== 'comment'),
      combine: (values) => {
        const t = unionOf(values);
        return t && (t.formatted ? t : t.withStep(locationOf(node, 'formatted into a string'), true));
      },
    };
  }

  private plan(node: SyntaxNode): Plan {
    switch (node.type) {
      case 'identifier': {
        const name = this.textOf(node);
        const value = this.env.valueAt(name, node.startIndex);
        if (value || this.env.recordedAt(name, node.startIndex) !== undefined || this.env.isParameter(name)) return { leaf: value };
        // `from sys import argv`: a module-level name that stands for a source.
        const qualified = this.options.model.qualifiedName(node);
        const source = qualified ? attributeSource(qualified, this.options.threatModels) : undefined;
        return { leaf: source ? this.sourceTaint(node, source, name) : undefined };
      }
      case 'attribute':
        return this.planAttribute(node);
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (!value) return { leaf: undefined };
        const subscripts = node.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
        const field = subscripts.length === 1 ? literalString(unparenthesize(subscripts[0]), this.textOf) : undefined;
        return field === undefined ? this.read(node, value) : this.readField(node, value, field);
      }
      case 'binary_operator': {
        const operator = node.childForFieldName('operator');
        const op = operator ? this.textOf(operator) : '';
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (op === '%' && left && right) return this.formatting(node, this.percentOperands(left, right));
        if (op === '+' && !isNonStringOperand(left) && !isNonStringOperand(right)) return this.formatting(node, [left, right]);
        if (op === '+' || op === '*' || op === '|' || (op === '/' && this.options.purpose?.slashJoins)) return this.union([left, right]);
        // Arithmetic, shifts, bitwise and/xor: the result is a number.
        return { leaf: undefined };
      }
      case 'boolean_operator':
        return this.union([node.childForFieldName('left'), node.childForFieldName('right')]);
      case 'string': {
        const parts = node.namedChildren.filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression'));
        return parts.length === 0 ? { leaf: undefined } : this.formatting(node, parts);
      }
      case 'concatenated_string':
        return this.union(node.namedChildren);
      case 'conditional_expression': {
        const [whenTrue, , whenFalse] = node.namedChildren.filter((c) => c.type !== 'comment');
        return this.union([whenTrue, whenFalse]);
      }
      case 'call':
        return this.planCall(node);
      case 'named_expression':
      case 'keyword_argument':
        return this.union([node.childForFieldName('value')]);
      case 'list_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.union([node.childForFieldName('body')]);
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
        return this.union(node.namedChildren);
      default:
        return { leaf: undefined };
    }
  }

  private planAttribute(node: SyntaxNode): Plan {
    const key = keyOf(node, this.textOf);
    if (key) {
      const bound = this.env.recordedAt(key, node.startIndex);
      if (bound !== undefined) return { leaf: bound ?? undefined };
      // Operator configuration is trusted whatever the threat model.
      if (CONFIG_READ.test(key)) return { leaf: undefined };
    }
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return { leaf: undefined };
    const qualified = this.options.model.qualifiedName(node);
    const source = qualified ? attributeSource(qualified, this.options.threatModels) : undefined;
    if (source) return { leaf: this.sourceTaint(node, source, qualified as string) };
    const attributeName = this.textOf(attribute);
    if (object.type === 'identifier') {
      const objectName = this.textOf(object);
      // `iptables_manager.wrap_name`, `driver.DEV_NAME_LEN`: parts of a collaborator object, not data.
      if (INTERNAL_OBJECT_NAME.test(objectName) && this.env.isParameter(objectName)) return { leaf: undefined };
      if (SKIP_PARAMETERS.has(objectName) && !this.env.isParameter(objectName)) {
        // `self.x` is caller data only in the audit view.
        if (!this.options.threatModels.has('parameters') || CONSTANT_NAME.test(attributeName)) return { leaf: undefined };
        if (this.options.ids === 'clean' && ID_NAME.test(attributeName)) return { leaf: undefined };
        const name = key ?? `${objectName}.${attributeName}`;
        return { leaf: new Taint('attribute', locationOf(node, `attribute '${name}' (external value)`), name, false) };
      }
    }
    return this.readField(node, object, attributeName);
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

  /**
   * A read of a named field (`port['name']`, `port.id`): a tenant's free-form field is a
   * remote source, an id is clean (unless ids are kept), anything else reads its object.
   */
  private readField(node: SyntaxNode, object: SyntaxNode, field: string): Plan {
    if (this.options.ids === 'clean' && ID_NAME.test(field)) return { leaf: undefined };
    const root = unparenthesize(object);
    const rootName = root.type === 'identifier' ? this.textOf(root) : root.type === 'attribute' ? this.textOf(root.childForFieldName('attribute') ?? root) : undefined;
    const source = freeFormField(rootName, field, this.options.threatModels);
    if (source) return { leaf: this.sourceTaint(node, source, this.textOf(node).replace(/\s+/g, '')) };
    return this.read(node, object);
  }

  private sourceTaint(node: SyntaxNode, source: SourceMatch, name: string): Taint {
    return new Taint(source.kind, locationOf(node, `${source.what} '${name.length > MAX_READ_NAME ? `${name.slice(0, MAX_READ_NAME - 3)}...` : name}' (${source.kind} source)`), name, false);
  }

  /** `port['id']` / `port.id`: the taint of `port`, named after the read. */
  private read(node: SyntaxNode, object: SyntaxNode): Plan {
    return {
      operands: [object],
      combine: ([t]) => (t && node.endIndex - node.startIndex <= MAX_READ_NAME ? t.readAs(this.textOf(node).replace(/\s+/g, '')) : t),
    };
  }

  /** A call's result: the one place where calls are interpreted. */
  private planCall(call: SyntaxNode): Plan {
    const fn = call.childForFieldName('function');
    if (!fn || fn.endIndex - fn.startIndex > MAX_KEY_LENGTH) return { leaf: undefined };
    const { name, qualified } = calleeNames(call, this.textOf, this.options.model);
    const { sanitizers, sources } = this.options;
    if (BUILTIN_SANITISERS.has(name) || BUILTIN_SANITISERS.has(qualified) || sanitizers.matches(name, qualified)) return { leaf: undefined };
    if (this.options.purpose?.cleans(call, { name, qualified })) return { leaf: undefined };
    if (sources.matches(name, qualified)) {
      return { leaf: new Taint('configured', locationOf(call, `configured source '${name}' (external value)`), name, false) };
    }
    const method = fn.type === 'attribute' ? lastSegment(name) : undefined;
    const source = callSource(this.options.model.callName(call) ?? '', method, this.options.threatModels);
    if (source) return { leaf: this.sourceTaint(call, source, `${name}()`) };
    const args = argumentNodes(call);
    // `port.get('name')`: the same read as `port['name']`.
    if (method === 'get' && fn.type === 'attribute' && args.length >= 1) {
      const field = literalString(unparenthesize(args[0]), this.textOf);
      const receiver = fn.childForFieldName('object');
      if (field !== undefined && receiver) {
        if (this.options.ids === 'clean' && ID_NAME.test(field)) return { leaf: undefined };
        const rootName = unparenthesize(receiver).type === 'identifier' ? this.textOf(unparenthesize(receiver)) : undefined;
        const free = freeFormField(rootName, field, this.options.threatModels);
        if (free) return { leaf: this.sourceTaint(call, free, this.textOf(call).replace(/\s+/g, '')) };
      }
    }
    if (PROPAGATING_FUNCTIONS.has(name) || PROPAGATING_FUNCTIONS.has(qualified)) {
      return FORMATTING_CALLS.has(qualified) ? this.formatting(call, args) : this.union(args);
    }
    if (fn.type === 'attribute') {
      const receiver = fn.childForFieldName('object');
      const method = lastSegment(name);
      if (receiver && PROPAGATING_METHODS.has(method)) return FORMATTING_CALLS.has(method) ? this.formatting(call, [receiver, ...args]) : this.union([receiver, ...args]);
    }
    const through = this.options.calls?.returned(call);
    if (through) return through;
    // What an unknown function returns is not the caller's data.
    return { leaf: undefined };
  }
}
