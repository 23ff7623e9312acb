import { readsWholeClass } from '../engine/classUnits';
import { calleeName, decoratorsOf, functionName, lastSegment, unparenthesize } from '../engine/python';
import { functionTaint, isSourced, spanOf, taintAt, taintPath, type Taint } from '../analysis/taint';
import type { Level, RelatedLocation, RuleCheck, RuleContext, SyntaxNode, TaintSink } from '../engine/types';
import { reportThroughCalls, type ThroughCallsRule } from '../analysis/interproc/callSite';

/** Calls that fetch, change or delete objects. */
const OBJECT_ACCESS = /^_?(get|update|delete|remove|create|set|add)(_|$)/;
const ADMIN_CONTEXT_CALLS = new Set(['elevated', 'get_admin_context', 'get_admin_context_without_session']);
/** The caller's own context and what hangs off it (`context.project_id`) are not caller-chosen ids. */
const CONTEXT_NAME = /^(context|ctx|[a-z_]*_context|[a-z_]*_ctx)(\.|$)/;
const AUTHORISATION_CALL = /(^|\.)(enforce|check_is_admin|authorize|authorise|check_access|check_policy)$|^policy\.(check|enforce)/;

/** Text that names an object id: `port_id`, `port['id']`, `network.id`, `{'device_id': [router_id]}`. */
const ID_TEXT = /(\b|_)ids?\b|\[\s*['"]id['"]\s*\]/;
const MAX_ID_TEXT = 300;

/** Does the argument (or the value its variable was given) name an object id? */
function namesAnId(arg: SyntaxNode, context: RuleContext): boolean {
  const n = unparenthesize(arg);
  const own = arg.endIndex - arg.startIndex <= MAX_ID_TEXT && ID_TEXT.test(context.text(arg));
  if (own || n.type !== 'identifier') return own;
  const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
  const value = definition?.value;
  return !!value && value.endIndex - value.startIndex <= MAX_ID_TEXT && ID_TEXT.test(context.text(value));
}

/** `context.elevated()`, `n_context.get_admin_context()`, or a variable holding one; the node that made it. */
function adminContextOrigin(arg: SyntaxNode, context: RuleContext, depth = 0): SyntaxNode | undefined {
  const n = unparenthesize(arg.type === 'keyword_argument' ? (arg.childForFieldName('value') ?? arg) : arg);
  if (n.type === 'call') return ADMIN_CONTEXT_CALLS.has(lastSegment(calleeName(n, context.text))) ? n : undefined;
  if (n.type === 'identifier' && depth < 3) {
    const definition = functionTaint(n, context).definitionBefore(context.text(n), n.startIndex);
    return definition ? adminContextOrigin(definition.value, context, depth + 1) : undefined;
  }
  return undefined;
}

/** The method checks the caller's rights (policy, is_admin) before `offset`, or is decorated to. */
function authorisedBefore(method: SyntaxNode, offset: number, context: RuleContext): boolean {
  if (decoratorsOf(method, context.text).some((d) => /authori[sz]e|policy/i.test(d))) return true;
  const checks = context.memo(`DVR702:checks:${method.startIndex}`, () =>
    method
      .descendantsOfType(['call', 'attribute'])
      .filter((n) =>
        n.type === 'call'
          ? AUTHORISATION_CALL.test(calleeName(n, context.text))
          : n.childForFieldName('attribute') !== null && context.text(n.childForFieldName('attribute') as SyntaxNode) === 'is_admin',
      )
      .map((n) => n.startIndex),
  );
  return checks.some((start) => start < offset);
}

const RPC_CLASS_NAME = /(Callback|Callbacks|RpcCallback|Controller|Handler|RpcAPI|Rpc)$/;

/**
 * Methods of RPC callback and API controller classes (the entry points DVR701 also
 * looks at) take ids straight from the caller: medium. Elsewhere the id usually comes
 * from code that already checked it, so the finding is a low-confidence hint.
 */
function confidenceFor(method: SyntaxNode, context: RuleContext): 'medium' | 'low' {
  const cls = context.model.enclosingClass(method);
  if (!cls) return 'low';
  const name = cls.childForFieldName('name');
  if (name && RPC_CLASS_NAME.test(context.text(name))) return 'medium';
  const body = cls.childForFieldName('body');
  // The Target call may be in any method: the editor re-checks this one after any edit of the class.
  readsWholeClass(cls, context);
  return body && /oslo_messaging\.Target\(|messaging\.Target\(/.test(context.text(body)) ? 'medium' : 'low';
}

/** The function's return statements (outside nothing: nested defs included, as written) with the names each one reads. */
function returnsOf(fn: SyntaxNode, context: RuleContext): { start: number; names: ReadonlySet<string> }[] {
  return context.memo(`DVR702:returns:${fn.startIndex}`, () => {
    const body = fn.childForFieldName('body');
    return (body ? body.descendantsOfType('return_statement') : []).map((r) => ({ start: r.startIndex, names: new Set(r.descendantsOfType('identifier').map(context.text)) }));
  });
}

/**
 * The call's result is returned, or stored in a variable the function returns later. The
 * statements around the call are its ancestors up to the body: a walk up, not over the body.
 */
function resultGoesBack(call: SyntaxNode, fn: SyntaxNode, context: RuleContext): boolean {
  const body = fn.childForFieldName('body');
  if (!body || call.startIndex < body.startIndex || call.endIndex > body.endIndex) return false;
  let assigned: string | undefined;
  for (let node = call.parent; node && node.id !== body.id; node = node.parent) {
    if (node.type === 'return_statement') return true;
    if (assigned === undefined && node.type === 'assignment') {
      // The innermost assignment to a plain name holds the result.
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') assigned = context.text(left);
    }
  }
  if (!assigned) return false;
  const name = assigned;
  return returnsOf(fn, context).some((r) => r.start > call.endIndex && r.names.has(name));
}

/** Text that names a call making an admin context (ADMIN_CONTEXT_CALLS): without it, no argument holds one. */
const ADMIN_CONTEXT_TEXT = /elevated|get_admin_context/;

/**
 * Can an argument of a call in `fn` be an admin context? Only through a call in the function's
 * own text: the argument itself, or the values of the function's assignments it was given.
 */
function mayUseAdminContext(fn: SyntaxNode, context: RuleContext): boolean {
  return context.memo(`DVR702:admin:${fn.startIndex}`, () => ADMIN_CONTEXT_TEXT.test(context.text(fn)));
}

/** The call's admin-context argument and the node that made the context, if it has one. */
function adminArgument(args: readonly SyntaxNode[], context: RuleContext): { admin: SyntaxNode; adminArg: SyntaxNode } | undefined {
  for (const arg of args) {
    const admin = adminContextOrigin(arg, context);
    if (admin) return { admin, adminArg: arg };
  }
  return undefined;
}

function argumentsOf(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
}

/** The value of an argument other than the admin context (no splats). */
function otherValue(arg: SyntaxNode, adminArg: SyntaxNode): SyntaxNode | undefined {
  if (arg === adminArg || arg.startIndex === adminArg.startIndex) return undefined;
  const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
  return !value || value.type === 'list_splat' || value.type === 'dictionary_splat' ? undefined : value;
}

/**
 * As a taint sink inside a helper: the id arguments of an admin-context object access whose
 * result the helper returns, unless the helper checks the caller's rights first.
 */
function adminReadSinks(call: SyntaxNode, context: RuleContext): TaintSink[] {
  const method = lastSegment(calleeName(call, context.text));
  if (!OBJECT_ACCESS.test(method) || ADMIN_CONTEXT_CALLS.has(method)) return [];
  // The cheap conditions first: the admin argument may need the function's taint analysis.
  const fn = context.model.enclosingFunction(call);
  if (!fn || !mayUseAdminContext(fn, context) || authorisedBefore(fn, call.startIndex, context) || !resultGoesBack(call, fn, context)) return [];
  const args = argumentsOf(call);
  const found = adminArgument(args, context);
  if (!found) return [];
  const at = call.childForFieldName('function') ?? call;
  const message = `${method}() runs with the admin context from '${context.text(found.admin)}' and its result is returned`;
  return args.flatMap((arg) => {
    const value = otherValue(arg, found.adminArg);
    return value && namesAnId(arg, context) ? [{ value, at, message }] : [];
  });
}

/** A caller-chosen id handed to a helper that reads it with an admin context and returns the result. */
function throughCalls(confidence: () => Level): ThroughCallsRule {
  return {
    ruleId: 'DVR702',
    sinks: adminReadSinks,
    ids: 'keep',
    describe: (taint, _formatted, via, sink) => ({ message: `Admin context used to access caller-chosen id '${taint.name}' through ${via}() (${sink})`, confidence: confidence() }),
  };
}

/** The enclosing public method (not test code) hands the call's result back to its caller without checking rights first. */
function entryPoint(call: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const fn = context.model.enclosingFunction(call);
  // Private helpers get ids their public callers already handled; tests are not an entry point.
  if (!fn || functionName(fn, context.text).startsWith('_') || context.file.isTestCode) return undefined;
  if (authorisedBefore(fn, call.startIndex, context)) return undefined;
  // Internal bookkeeping with an admin context is fine: only a read whose result goes back to the caller leaks.
  return resultGoesBack(call, fn, context) ? fn : undefined;
}

/** DVR702 elevated-context: an admin context used on an object id that the caller chose, here or in a helper. */
export const DVR702: RuleCheck = {
  id: 'DVR702',
  nodeTypes: ['call'],
  // Reads the summaries of the helpers a call reaches (an admin-context read inside a helper).
  scope: 'callees',
  prefilter: /\.elevated\(|get_admin_context/,
  taintSinks: adminReadSinks,
  check(call, context) {
    const fn = entryPoint(call, context);
    if (!fn) return;
    const args = argumentsOf(call);
    const method = lastSegment(calleeName(call, context.text));
    const found = OBJECT_ACCESS.test(method) && !ADMIN_CONTEXT_CALLS.has(method) && mayUseAdminContext(fn, context) ? adminArgument(args, context) : undefined;
    if (!found) {
      reportThroughCalls(call, context, throughCalls(() => confidenceFor(fn, context)));
      return;
    }
    const { admin, adminArg } = found;
    let chosen: { node: SyntaxNode; taint: Taint } | undefined;
    for (const arg of args) {
      const value = otherValue(arg, adminArg);
      if (!value) continue;
      // The id must come from the API caller (a request's body, id or keyword arguments), not from agent RPC.
      const taint = taintAt(value, context, 'keep');
      if (!taint || !isSourced(taint) && !context.settings.threatModels.includes('parameters')) continue;
      if (taint.origin === 'attribute' || CONTEXT_NAME.test(taint.name)) continue;
      if (!namesAnId(arg, context)) continue;
      chosen = { node: value, taint };
      break;
    }
    if (!chosen) return;
    const callee = call.childForFieldName('function') ?? call;
    const adminStep: RelatedLocation = { ...spanOf(admin), message: `admin context from '${context.text(admin)}'` };
    context.report({
      node: callee,
      value: context.text(chosen.node),
      confidence: confidenceFor(fn, context),
      related: taintPath(chosen.taint, spanOf(callee), `${method}() runs with the admin context`, [adminStep]),
    });
  },
};
