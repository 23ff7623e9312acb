import { CallMatcher } from '../../engine/callNames';
import { functionName } from '../../engine/python';
import { FunctionTaint, unionOf, type CallFlows, type Taint, type TaintPurpose } from '../taint';
import type { RelatedLocation, RuleContext, SyntaxNode, TaintSink, ThreatModel } from '../../engine/types';
import { bindArguments, passesVariableArgument, resolveCallee, type Callee } from './callees';
import type { ReturnFlow, SinkFlow } from './workspace';

/**
 * Function summaries within one analysed tree: which parameters of a function reach which
 * rule's sinks, and which come back in its return value. A summary is computed on demand,
 * for one (function, parameter) at a time, by the ordinary taint analysis of the function
 * with only that parameter external, and memoised for the tree. Calls inside the function
 * use their callees' summaries in turn, one level of budget less, so a chain is followed
 * at most MAX_CALL_DEPTH calls deep and recursion ends.
 */

/** Calls followed below an entry call site: caller -> helper -> helper -> helper. */
export const MAX_CALL_DEPTH = 3;
/** Flows kept per function, parameter and rule (the shortest first). */
const MAX_FLOWS = 4;
/** Summary analyses per tree (each one is a taint analysis of one function): beyond, calls are opaque. */
const MAX_ANALYSES = 2000;
/** Path steps kept in one flow: its beginning and its end. */
const MAX_STEPS = 40;
const STEPS_HEAD = 8;
/** Functions longer than this are not summarised. */
const MAX_FUNCTION_CHARS = 60_000;
const NESTED_SCOPES = ['function_definition', 'lambda', 'class_definition'];
/** A summary follows its one parameter only: no source inside the helper counts (the helper's own analysis reports those). */
const NO_THREAT_MODELS: ReadonlySet<ThreatModel> = new Set();

/** The sinks of one rule in a call, from the rule's `taintSinks`. */
export interface RuleSinks {
  ruleId: string;
  find(call: SyntaxNode): TaintSink[];
}

/** A memoised result with the definitions it depends on. */
interface Computed<T> {
  value: T;
  reads: ReadonlySet<string>;
}

function capSteps(steps: RelatedLocation[]): RelatedLocation[] {
  return steps.length <= MAX_STEPS ? steps : [...steps.slice(0, STEPS_HEAD), ...steps.slice(steps.length - (MAX_STEPS - STEPS_HEAD))];
}

function spanStep(node: SyntaxNode, message: string): RelatedLocation {
  return { start: node.startIndex, end: node.endIndex, message };
}

/** The step where a value is handed to a callee. */
export function passedStep(arg: SyntaxNode, callee: Callee, param: string): RelatedLocation {
  return spanStep(arg, `passed to ${callee.name}() as '${param}'`);
}

/** A parameter's own taint within its function's summary analysis. */
function fromParameter(taint: Taint | undefined): taint is Taint {
  return !!taint && taint.origin === 'parameter';
}

/** The summaries of one analysed tree (one per tree, in its memo). */
export class Summaries {
  private readonly analyses = new Map<string, FunctionTaint | null>();
  private readonly sinkMemo = new Map<string, Computed<SinkFlow[]>>();
  private readonly returnMemo = new Map<string, Computed<ReturnFlow | undefined>>();
  private readonly callsMemo = new Map<number, SyntaxNode[]>();
  private readonly calleeMemo = new Map<number, Computed<Callee | undefined>>();
  private readonly reachMemo = new Map<string, Computed<boolean>>();
  private readonly directMemo = new Map<string, boolean>();
  private readonly variableMemo = new Map<number, boolean>();
  private count = 0;

  constructor(
    private readonly context: RuleContext,
    /** What the values are for, when that changes what cleans them (taint/purpose.ts): a helper's own basename counts for paths. */
    private readonly purpose?: TaintPurpose,
  ) {}

  /** The taint analysis of `fn` with only `param` external; calls inside it see summaries of `budget - 1`. */
  private analysis(fn: SyntaxNode, param: string, budget: number): FunctionTaint | null {
    const key = `${fn.id}:${param}:${budget}`;
    const known = this.analyses.get(key);
    if (known !== undefined) return known;
    let result: FunctionTaint | null = null;
    if (this.count < MAX_ANALYSES && fn.endIndex - fn.startIndex <= MAX_FUNCTION_CHARS) {
      this.count++;
      const context = this.context;
      const sanitizers = context.settings.taint.sanitizers;
      result = new FunctionTaint(fn, context.file.tree.rootNode, context.text, {
        sources: new CallMatcher([]),
        sanitizers: context.memo('taint:sanitizers', () => new CallMatcher(sanitizers)),
        model: context.model,
        threatModels: NO_THREAT_MODELS,
        ids: 'clean',
        onlyParameter: param,
        ...(this.purpose ? { purpose: this.purpose } : {}),
        ...(budget > 0 ? { calls: new SummaryCallFlows(this, context, budget - 1, fromParameter) } : {}),
      });
    }
    this.analyses.set(key, result);
    return result;
  }

  /** Calls made by `fn` itself (not by functions, lambdas or classes nested in it). */
  private callsIn(fn: SyntaxNode): SyntaxNode[] {
    let calls = this.callsMemo.get(fn.id);
    if (!calls) {
      const body = fn.childForFieldName('body');
      const nested = body ? body.descendantsOfType(NESTED_SCOPES) : [];
      calls = (body ? body.descendantsOfType('call') : []).filter((c) => !nested.some((n) => n.startIndex <= c.startIndex && c.endIndex <= n.endIndex));
      this.callsMemo.set(fn.id, calls);
    }
    return calls;
  }

  /** Whether `call` passes an argument that is not a literal constant (memoised per call node: every rule asks). */
  passesValue(call: SyntaxNode): boolean {
    let passes = this.variableMemo.get(call.id);
    if (passes === undefined) {
      passes = passesVariableArgument(call, this.context.text);
      this.variableMemo.set(call.id, passes);
    }
    return passes;
  }

  /** What `call` calls (memoised per call node); `reads` gets what the answer depends on. */
  callee(call: SyntaxNode, reads: Set<string>): Callee | undefined {
    let computed = this.calleeMemo.get(call.id);
    if (!computed) {
      const own = new Set<string>();
      computed = { value: resolveCallee(call, this.context, own), reads: own };
      this.calleeMemo.set(call.id, computed);
    }
    for (const name of computed.reads) reads.add(name);
    return computed.value;
  }

  /**
   * Whether `callee` calls one of `rule`'s sinks at all, itself or at most `budget` calls
   * further down: a syntactic test that spares the taint analysis of most calls.
   */
  mayReach(callee: Callee, rule: RuleSinks, budget: number, reads: Set<string>): boolean {
    if (callee.kind === 'external') return callee.summary.sinks.some((f) => f.rule === rule.ruleId && f.depth <= budget);
    const key = `${callee.fn.id}:${rule.ruleId}:${budget}`;
    let computed = this.reachMemo.get(key);
    if (!computed) {
      const own = new Set<string>();
      const calls = this.callsIn(callee.fn);
      const value =
        this.callsSink(callee.fn, rule) ||
        (budget > 0 &&
          calls.some((c) => {
            const inner = this.callee(c, own);
            return !!inner && this.mayReach(inner, rule, budget - 1, own);
          }));
      computed = { value, reads: own };
      this.reachMemo.set(key, computed);
    }
    for (const name of computed.reads) reads.add(name);
    return computed.value;
  }

  /** Whether `fn` itself calls one of `rule`'s sinks (the same at every budget: asked once per function and rule). */
  private callsSink(fn: SyntaxNode, rule: RuleSinks): boolean {
    const key = `${fn.id}:${rule.ruleId}`;
    let found = this.directMemo.get(key);
    if (found === undefined) {
      found = this.callsIn(fn).some((c) => rule.find(c).length > 0);
      this.directMemo.set(key, found);
    }
    return found;
  }

  /** Where `callee`'s parameter `param` reaches `rule`'s sinks, at most `budget` calls further down. */
  sinkFlows(callee: Callee, param: string, rule: RuleSinks, budget: number, reads: Set<string>): SinkFlow[] {
    if (callee.kind === 'external') return callee.summary.sinks.filter((f) => f.param === param && f.rule === rule.ruleId && f.depth <= budget);
    const key = `${callee.fn.id}:${param}:${rule.ruleId}:${budget}`;
    let computed = this.sinkMemo.get(key);
    if (!computed) {
      const own = new Set<string>();
      computed = { value: this.computeSinkFlows(callee, param, rule, budget, own), reads: own };
      this.sinkMemo.set(key, computed);
    }
    for (const name of computed.reads) reads.add(name);
    return computed.value;
  }

  private computeSinkFlows(callee: Callee & { kind: 'local' }, param: string, rule: RuleSinks, budget: number, reads: Set<string>): SinkFlow[] {
    const facts = this.analysis(callee.fn, param, budget);
    if (!facts) return [];
    const flows: SinkFlow[] = [];
    const name = functionName(callee.fn, this.context.text);
    for (const call of this.callsIn(callee.fn)) {
      for (const sink of rule.find(call)) {
        const taint = facts.taintOf(sink.value);
        if (!fromParameter(taint)) continue;
        flows.push({
          param,
          rule: rule.ruleId,
          depth: 0,
          formatted: taint.formatted,
          formattedOnly: sink.formattedOnly === true,
          sink: sink.message,
          steps: capSteps([{ ...taint.source, message: `parameter '${param}' of ${name}()` }, ...taint.steps, spanStep(sink.at, sink.message)]),
        });
      }
      if (budget === 0) continue;
      const inner = this.callee(call, reads);
      if (!inner || !this.mayReach(inner, rule, budget - 1, reads)) continue;
      for (const [innerParam, arg] of bindArguments(call, inner.params, this.context)) {
        const taint = facts.taintOf(arg);
        if (!fromParameter(taint)) continue;
        for (const flow of this.sinkFlows(inner, innerParam, rule, budget - 1, reads)) {
          flows.push({
            ...flow,
            param,
            depth: flow.depth + 1,
            formatted: taint.formatted || flow.formatted,
            steps: capSteps([{ ...taint.source, message: `parameter '${param}' of ${name}()` }, ...taint.steps, passedStep(arg, inner, innerParam), ...flow.steps]),
          });
        }
      }
    }
    for (const name of facts.options.calls?.reads ?? []) reads.add(name);
    return flows.sort((a, b) => a.depth - b.depth).slice(0, MAX_FLOWS);
  }

  /** How `callee`'s parameter `param` comes back in its return value, if it does. */
  returnFlow(callee: Callee, param: string, budget: number, reads: Set<string>): ReturnFlow | undefined {
    if (callee.kind === 'external') return callee.summary.returns.find((r) => r.param === param);
    const key = `${callee.fn.id}:${param}:${budget}`;
    let computed = this.returnMemo.get(key);
    if (!computed) {
      const own = new Set<string>();
      computed = { value: this.computeReturnFlow(callee.fn, param, budget, own), reads: own };
      this.returnMemo.set(key, computed);
    }
    for (const name of computed.reads) reads.add(name);
    return computed.value;
  }

  private computeReturnFlow(fn: SyntaxNode, param: string, budget: number, reads: Set<string>): ReturnFlow | undefined {
    const facts = this.analysis(fn, param, budget);
    if (!facts) return undefined;
    const body = fn.childForFieldName('body');
    if (!body) return undefined;
    const nested = body.descendantsOfType(NESTED_SCOPES);
    const name = functionName(fn, this.context.text);
    let best: ReturnFlow | undefined;
    for (const statement of body.descendantsOfType('return_statement')) {
      if (nested.some((n) => n.startIndex <= statement.startIndex && statement.endIndex <= n.endIndex)) continue;
      const value = statement.namedChildren.find((c) => c.type !== 'comment');
      const taint = value ? facts.taintOf(value) : undefined;
      if (!fromParameter(taint) || (best && (best.formatted || !taint.formatted))) continue;
      best = {
        param,
        formatted: taint.formatted,
        steps: capSteps([{ ...taint.source, message: `parameter '${param}' of ${name}()` }, ...taint.steps, spanStep(statement, `returned by ${name}()`)]),
      };
    }
    for (const name of facts.options.calls?.reads ?? []) reads.add(name);
    return best;
  }
}

/** The summaries of the context's tree (for a purpose: computed with its sanitisers and guards). */
export function summariesOf(context: RuleContext, purpose?: TaintPurpose): Summaries {
  return context.memo(`interproc:summaries${purpose ? `:${purpose.name}` : ''}`, () => new Summaries(context, purpose));
}

/**
 * The evaluator's view of calls to known functions: a call returns the taint of the
 * arguments its callee returns, with the path through the callee.
 */
class SummaryCallFlows implements CallFlows {
  readonly reads = new Set<string>();

  constructor(
    private readonly summaries: Summaries,
    private readonly context: RuleContext,
    private readonly budget: number,
    /** Which values a call hands back: in a summary the parameter's, in a rule's analysis only values from a source. */
    private readonly carries: (value: Taint) => boolean,
  ) {}

  returned(call: SyntaxNode): ReturnType<CallFlows['returned']> {
    const callee = this.summaries.callee(call, this.reads);
    if (!callee) return undefined;
    const bound = [...bindArguments(call, callee.params, this.context)];
    if (bound.length === 0) return undefined;
    return {
      operands: bound.map(([, arg]) => arg),
      combine: (values) =>
        unionOf(
          values.map((value, i) => {
            if (!value || !this.carries(value)) return undefined;
            const [param, arg] = bound[i];
            const flow = this.summaries.returnFlow(callee, param, this.budget, this.reads);
            if (!flow) return undefined;
            let through = value.withStep(passedStep(arg, callee, param));
            flow.steps.forEach((step, k) => {
              through = through.withStep(step, k === flow.steps.length - 1 ? value.formatted || flow.formatted : through.formatted);
            });
            return through;
          }),
        ),
    };
  }
}

/**
 * A value that entered from a source (a request, the command line, the environment, a
 * configured source), as opposed to a parameter or an attribute of `self`: those travel
 * on in the function's own summary, and are reported where their caller's source is.
 */
export function isEntryTaint(taint: Taint): boolean {
  return taint.origin !== 'parameter' && taint.origin !== 'attribute';
}

/**
 * The call flows of an ordinary (rule-facing) taint analysis: a value from a source comes
 * back from a helper that returns it, through chains of up to MAX_CALL_DEPTH calls.
 */
export function callFlows(context: RuleContext, purpose?: TaintPurpose): CallFlows {
  return new SummaryCallFlows(summariesOf(context, purpose), context, MAX_CALL_DEPTH - 1, isEntryTaint);
}
