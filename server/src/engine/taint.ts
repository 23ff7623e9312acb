import { callArguments, calleeName, enclosingFunction, lastSegment, parameterNames, unparenthesize, type TextOf } from './python';
import type { RelatedLocation, RuleContext, SyntaxNode } from './types';

/**
 * Intra-procedural taint tracking. Sources are a function's parameters (except
 * self/cls), attributes read from a parameter or from `self`, and configured source
 * calls; taint flows through assignment, formatting, concatenation, containers and
 * subscripts, in document order, and stops at sanitisers and guards.
 */

export type TaintOrigin = 'parameter' | 'attribute' | 'configured';

export interface Taint {
  origin: TaintOrigin;
  /** Where the external value enters. */
  source: RelatedLocation;
  /** Assignments it went through, in order. */
  steps: RelatedLocation[];
  /** The value was spliced into a string (`%`, `+`, f-string, `.format`, `join`). */
  formatted: boolean;
}

/** Known clean (`null`) or tainted; a name absent from the map falls back to parameters. */
type Env = Map<string, Taint | null>;

interface EnvEvent {
  offset: number;
  name: string;
  taint: Taint | null;
}

const BUILTIN_SANITISERS = new Set([
  'int', 'float', 'bool', 'len', 'hash', 'abs', 'round',
  'shlex.quote', 'pipes.quote', 'quote',
  'netaddr.IPAddress', 'netaddr.IPNetwork', 'netaddr.EUI', 'netaddr.IPSet', 'netaddr.IPRange',
  'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac',
  'ipaddress.ip_address', 'ipaddress.ip_network', 'ipaddress.ip_interface',
  'ipaddress.IPv4Address', 'ipaddress.IPv6Address', 'ipaddress.IPv4Network', 'ipaddress.IPv6Network',
  'IPAddress', 'IPNetwork', 'EUI', 'ip_address', 'ip_network',
  'uuidutils.is_uuid_like', 'uuid.UUID',
]);

const GUARD_CALLS = new Set(['re.fullmatch', 're.match', 'uuidutils.is_uuid_like', 'netaddr.valid_ipv4', 'netaddr.valid_ipv6', 'netaddr.valid_mac', 'is_uuid_like']);

const PROPAGATING_METHODS = new Set([
  'strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'replace', 'split', 'rsplit', 'splitlines',
  'encode', 'decode', 'format', 'join', 'zfill', 'ljust', 'rjust', 'center', 'get', 'pop', 'copy',
  'partition', 'rpartition', 'casefold', 'expandtabs', 'removeprefix', 'removesuffix',
]);
const PROPAGATING_FUNCTIONS = new Set(['str', 'repr', 'list', 'tuple', 'set', 'sorted', 'reversed', 'os.path.join', 'format', 'dict', 'frozenset', 'bytes']);
const FORMATTING_METHODS = new Set(['format', 'join']);

const SKIP_PARAMETERS = new Set(['self', 'cls']);

/**
 * Expressions nested deeper than this are not followed (their taint is unknown, so no
 * finding): real code never comes near it, and generated or hostile code must not
 * exhaust the stack. Operator chains (`a + b + c ...`) are walked iteratively and do
 * not count towards it.
 */
export const MAX_EXPRESSION_DEPTH = 200;

export interface TaintOptions {
  sources: readonly string[];
  sanitizers: readonly string[];
}

/** Taint facts of one function, computed once in document order. */
export class FunctionTaint {
  private readonly params = new Map<string, SyntaxNode>();
  private readonly events: EnvEvent[] = [];
  private readonly env: Env = new Map();
  /** Replay position of the last `taintOf`: rules ask in document order, so replay resumes there. */
  private replayed = 0;
  private replayEnv: Env = new Map();

  constructor(
    private readonly fn: SyntaxNode | null,
    private readonly root: SyntaxNode,
    private readonly textOf: TextOf,
    private readonly options: TaintOptions,
  ) {
    if (fn) {
      const paramsNode = fn.childForFieldName('parameters');
      const names = parameterNames(fn, textOf).filter((n) => !SKIP_PARAMETERS.has(n));
      for (const p of paramsNode ? paramsNode.descendantsOfType('identifier') : []) {
        const name = textOf(p);
        if (names.includes(name) && !this.params.has(name)) this.params.set(name, p);
      }
    }
    this.collectEvents();
  }

  /** Taint of an expression as it stands at its own position. */
  taintOf(expr: SyntaxNode): Taint | undefined {
    const at = expr.startIndex;
    if (this.replayed > 0 && this.events[this.replayed - 1].offset > at) {
      this.replayed = 0;
      this.replayEnv = new Map();
    }
    while (this.replayed < this.events.length && this.events[this.replayed].offset <= at) {
      const e = this.events[this.replayed++];
      this.replayEnv.set(e.name, e.taint);
    }
    return this.evaluate(expr, this.replayEnv);
  }

  private collectEvents(): void {
    const body = this.fn ? this.fn.childForFieldName('body') : this.root;
    if (!body) return;
    const stack: SyntaxNode[] = [body];
    while (stack.length > 0) {
      const node = stack.pop() as SyntaxNode;
      if (node !== body && (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda')) continue;
      this.visit(node);
      const children = node.namedChildren;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
    this.events.sort((a, b) => a.offset - b.offset);
  }

  private record(offset: number, name: string, taint: Taint | null): void {
    this.events.push({ offset, name, taint });
    this.env.set(name, taint);
  }

  private visit(node: SyntaxNode): void {
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) this.assign(left, this.evaluate(right, this.env), node);
        break;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) {
          const old = this.evaluate(left, this.env);
          this.assign(left, old ?? this.evaluate(right, this.env), node, true);
        }
        break;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (name && value) this.assign(name, this.evaluate(value, this.env), node);
        break;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left && right) this.assign(left, this.evaluate(right, this.env), node);
        break;
      }
      case 'if_statement':
        this.guard(node);
        break;
      default:
        break;
    }
  }

  private assign(target: SyntaxNode, taint: Taint | undefined, at: SyntaxNode, formatted = false): void {
    // Targets nest (`((a, b), c) = ...`) as deep as the source does: a worklist, not recursion.
    const pending: SyntaxNode[] = [target];
    const names: string[] = [];
    while (pending.length > 0) {
      const t = unparenthesize(pending.pop() as SyntaxNode);
      if (t.type === 'pattern_list' || t.type === 'tuple_pattern' || t.type === 'list_pattern' || t.type === 'tuple' || t.type === 'list') {
        const elements = t.namedChildren;
        for (let i = elements.length - 1; i >= 0; i--) pending.push(elements[i]);
      } else if (t.type === 'list_splat_pattern' && t.namedChildren[0]) {
        pending.push(t.namedChildren[0]);
      } else if (t.type === 'identifier' || t.type === 'attribute') {
        names.push(this.textOf(t).replace(/\s+/g, ''));
      }
    }
    for (const name of names) {
      const next: Taint | null = taint
        ? {
            ...taint,
            formatted: taint.formatted || formatted,
            steps: [...taint.steps, { start: at.startIndex, end: at.endIndex, message: `flows into '${name}'` }],
          }
        : null;
      // Events take effect after the statement, so `x = x + 1` reads the old x.
      this.record(at.endIndex, name, next);
    }
  }

  /** `if not valid(x): raise/return` cleans x after the if; `if valid(x):` cleans it inside. */
  private guard(ifNode: SyntaxNode): void {
    const condition = ifNode.childForFieldName('condition');
    const consequence = ifNode.childForFieldName('consequence');
    if (!condition || !consequence) return;
    const cond = unparenthesize(condition);
    const negated = cond.type === 'not_operator' ? cond.childForFieldName('argument') : null;
    if (negated) {
      const name = this.guardedName(unparenthesize(negated), false);
      if (name && this.exits(consequence)) this.record(ifNode.endIndex, name, null);
      return;
    }
    const notIn = this.guardedName(cond, true);
    if (notIn && this.exits(consequence)) {
      this.record(ifNode.endIndex, notIn, null);
      return;
    }
    const positive = this.guardedName(cond, false);
    if (positive) {
      this.record(consequence.startIndex, positive, null);
      const before = this.env.has(positive) ? this.env.get(positive) ?? null : undefined;
      this.events.push({ offset: consequence.endIndex, name: positive, taint: before === undefined ? this.paramTaint(positive) ?? null : before });
    }
  }

  /** The variable a guard condition checks, or undefined. `notIn`: match `x not in CONST`. */
  private guardedName(cond: SyntaxNode, notIn: boolean): string | undefined {
    if (cond.type === 'comparison_operator') {
      const ops = cond.children.filter((c) => !c.isNamed).map((c) => this.textOf(c)).join(' ');
      const [left, right] = cond.namedChildren;
      const isMembership = notIn ? /not in/.test(ops) : /^in$/.test(ops);
      if (isMembership && left && right && (left.type === 'identifier' || left.type === 'attribute') && this.isConstantCollection(right)) {
        return this.textOf(left).replace(/\s+/g, '');
      }
      return undefined;
    }
    if (notIn || cond.type !== 'call') return undefined;
    const name = calleeName(cond, this.textOf);
    if (!GUARD_CALLS.has(name) && !this.options.sanitizers.includes(name)) return undefined;
    const args = callArguments(cond, this.textOf).positional;
    const checked = name.startsWith('re.') ? args[1] : args[0];
    if (checked && (checked.type === 'identifier' || checked.type === 'attribute')) return this.textOf(checked).replace(/\s+/g, '');
    return undefined;
  }

  private isConstantCollection(node: SyntaxNode): boolean {
    const n = unparenthesize(node);
    if (n.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(this.textOf(n))) return true;
    if (n.type === 'attribute') return /^[A-Z][A-Z0-9_]*$/.test(lastSegment(this.textOf(n)));
    if (n.type === 'set' || n.type === 'tuple' || n.type === 'list') {
      return n.namedChildren.every((c) => c.type === 'string' || c.type === 'integer' || c.type === 'comment');
    }
    return false;
  }

  private exits(block: SyntaxNode): boolean {
    const last = block.namedChildren.filter((c) => c.type !== 'comment').pop();
    return !!last && (last.type === 'raise_statement' || last.type === 'return_statement' || last.type === 'continue_statement' || last.type === 'break_statement');
  }

  private paramTaint(name: string): Taint | undefined {
    const param = this.params.get(name);
    if (!param) return undefined;
    return {
      origin: 'parameter',
      source: { start: param.startIndex, end: param.endIndex, message: `parameter '${name}' (external value)` },
      steps: [],
      formatted: false,
    };
  }

  private evaluate(node: SyntaxNode, env: Env, depth = 0): Taint | undefined {
    if (depth > MAX_EXPRESSION_DEPTH) return undefined;
    const next = depth + 1;
    switch (node.type) {
      case 'identifier': {
        const name = this.textOf(node);
        if (env.has(name)) return env.get(name) ?? undefined;
        return this.paramTaint(name);
      }
      case 'attribute': {
        const key = this.textOf(node).replace(/\s+/g, '');
        if (env.has(key)) return env.get(key) ?? undefined;
        const object = node.childForFieldName('object');
        if (!object) return undefined;
        if (object.type === 'identifier' && this.textOf(object) === 'self') {
          return { origin: 'attribute', source: { start: node.startIndex, end: node.endIndex, message: `attribute '${key}' (external value)` }, steps: [], formatted: false };
        }
        return this.evaluate(object, env, next);
      }
      case 'subscript': {
        const value = node.childForFieldName('value');
        return value ? this.evaluate(value, env, next) : undefined;
      }
      case 'binary_operator': {
        const t = this.union(operatorChain(node), env, next);
        return t && { ...t, formatted: true };
      }
      case 'boolean_operator':
        return this.union(operatorChain(node), env, next);
      case 'string': {
        const parts = node.namedChildren.filter((c) => c.type === 'interpolation').map((c) => c.childForFieldName('expression'));
        const t = this.union(parts, env, next);
        return t && { ...t, formatted: true };
      }
      case 'concatenated_string':
        return this.union(node.namedChildren, env, next);
      case 'call':
        return this.evaluateCall(node, env, next);
      case 'conditional_expression': {
        const [whenTrue, , whenFalse] = node.namedChildren;
        return this.union([whenTrue, whenFalse], env, next);
      }
      case 'parenthesized_expression':
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
      case 'list_splat':
      case 'dictionary_splat':
      case 'await':
      case 'dictionary':
      case 'pair':
      case 'keyword_argument':
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
      case 'dictionary_comprehension':
        return this.union(node.namedChildren, env, next);
      default:
        return undefined;
    }
  }

  private evaluateCall(call: SyntaxNode, env: Env, depth: number): Taint | undefined {
    const name = calleeName(call, this.textOf);
    if (BUILTIN_SANITISERS.has(name) || this.options.sanitizers.includes(name)) return undefined;
    if (this.options.sources.includes(name)) {
      return { origin: 'configured', source: { start: call.startIndex, end: call.endIndex, message: `configured source '${name}'` }, steps: [], formatted: false };
    }
    const args = call.childForFieldName('arguments');
    const argNodes = args ? args.namedChildren : [];
    if (PROPAGATING_FUNCTIONS.has(name)) return this.union(argNodes, env, depth);
    const fn = call.childForFieldName('function');
    if (fn && fn.type === 'attribute') {
      const method = lastSegment(name);
      const receiver = fn.childForFieldName('object');
      if (receiver && PROPAGATING_METHODS.has(method)) {
        const t = this.union([receiver, ...argNodes], env, depth);
        return t && (FORMATTING_METHODS.has(method) ? { ...t, formatted: true } : t);
      }
    }
    return undefined;
  }

  private union(nodes: readonly (SyntaxNode | null | undefined)[], env: Env, depth: number): Taint | undefined {
    let found: Taint | undefined;
    for (const n of nodes) {
      if (!n || n.type === 'comment') continue;
      const t = this.evaluate(n, env, depth);
      if (t && (!found || (found.origin !== 'parameter' && t.origin === 'parameter'))) found = t;
    }
    return found;
  }
}

/** Operands of a left-leaning chain of one operator kind (`a + b + c`), read without recursion. */
function operatorChain(node: SyntaxNode): SyntaxNode[] {
  const operands: SyntaxNode[] = [];
  let current: SyntaxNode | null = node;
  while (current && current.type === node.type) {
    const [left, right] = operatorOperands(current);
    if (right) operands.push(right);
    current = left;
  }
  if (current) operands.push(current);
  return operands.reverse();
}

function operatorOperands(node: SyntaxNode): [SyntaxNode | null, SyntaxNode | null] {
  return [node.childForFieldName('left'), node.childForFieldName('right')];
}

/** The taint of `expr` where it stands, with the function's analysis cached per file. */
export function taintAt(expr: SyntaxNode, context: RuleContext): Taint | undefined {
  const fn = enclosingFunction(expr);
  const key = `taint:${fn ? fn.startIndex : 'module'}`;
  const analysis = context.memo(key, () =>
    new FunctionTaint(fn, context.file.tree.rootNode, context.text, {
      sources: context.settings.taint.sources,
      sanitizers: context.settings.taint.sanitizers,
    }),
  );
  return analysis.taintOf(expr);
}

/** Related locations for a finding: source, each step, then the sink. */
export function taintPath(taint: Taint, sink: SyntaxNode, sinkMessage: string): RelatedLocation[] {
  return [taint.source, ...taint.steps, { start: sink.startIndex, end: sink.endIndex, message: sinkMessage }];
}
