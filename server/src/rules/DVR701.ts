import { readsWholeClass } from '../engine/classUnits';
import { calleeName, decoratorsOf, docstringOf, lastSegment, parameterNames } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';

/** REST API controllers; RPC callbacks (agent<->server, trusted at the message bus) are not API-facing. */
const ENDPOINT_CLASS = /Controller$/;
const TRUSTED_CALLER = /trusted[-\s]+caller|only\s+trusted|trusted[-\s]+(agents?|clients?|services?|components?|peers?)\b/i;
/** The caller's parameter: the request (`request`, `req`) or its context (`context`, `ctxt`). */
const CONTEXT_NAMES = new Set(['context', 'ctxt', 'request', 'req']);
const TARGET_CALL = /(?:^|[^\w.])(?:(?:oslo_)?messaging\.)?Target\s*\(/m;

/** REST API controllers, not RPC endpoints (an oslo_messaging.Target anywhere in the class); decided once per class. */
function isEndpointClass(cls: SyntaxNode, context: RuleContext): boolean {
  const name = cls.childForFieldName('name');
  if (!name || !ENDPOINT_CLASS.test(context.text(name))) return false;
  // The Target call may be in any method: the editor re-checks this one after any edit of the class.
  readsWholeClass(cls, context);
  const verdicts = context.memo('dvr701:endpoint-classes', () => new Map<number, boolean>());
  let verdict = verdicts.get(cls.startIndex);
  if (verdict === undefined) {
    // The Target call is found in the class text: a walk over every call of a big class costs far more.
    verdict = !TARGET_CALL.test(context.file.text.slice(cls.startIndex, cls.endIndex));
    verdicts.set(cls.startIndex, verdict);
  }
  return verdict;
}

/** `create_*`, `update_*`, `delete_*`, `x.save()`, `x.delete()`, `session.add/delete/merge(...)`. */
function isStateChange(call: SyntaxNode, context: RuleContext): boolean {
  const name = calleeName(call, context.text);
  const fn = lastSegment(name);
  if (/^(create|update|delete)_/.test(fn)) return true;
  const hasReceiver = name.includes('.');
  if (hasReceiver && (fn === 'save' || fn === 'delete')) return true;
  return hasReceiver && /(^|\.)session$/.test(name.slice(0, name.lastIndexOf('.'))) && ['add', 'add_all', 'merge'].includes(fn);
}

/** Project helpers that enforce a policy rule: `check_is_admin`, Neutron's `validate_policy`, `enforce_policy`, `authorize`. */
const AUTHORISATION_HELPER = /^(check_is_admin|(validate|enforce|check)_policy|authorize)$/;

/** Nova's `context.can('os_compute_api:...', target)`: the request context checks the policy itself. */
function isContextCan(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.slice(dot + 1) === 'can' && /(^|[._])(context|ctxt)$/.test(name.slice(0, dot));
}

/** An authorisation check in the method body: `context.is_admin`, `policy.enforce/check(...)`, `check_is_admin(...)`. */
function hasAuthorisationCheck(method: SyntaxNode, contextName: string, context: RuleContext): boolean {
  const body = method.childForFieldName('body');
  if (!body) return false;
  for (const attr of body.descendantsOfType('attribute')) {
    const field = attr.childForFieldName('attribute');
    if (field && context.text(field) === 'is_admin') {
      const object = attr.childForFieldName('object');
      if (object && (context.text(object) === contextName || context.text(object) === `${contextName}.context`)) return true;
    }
  }
  return body.descendantsOfType('call').some((call) => {
    const name = calleeName(call, context.text);
    return /(^|\.)policy\.(enforce|check|authorize)$/.test(name) || AUTHORISATION_HELPER.test(lastSegment(name)) || isContextCan(name);
  });
}

function hasAuthorisationDecorator(method: SyntaxNode, context: RuleContext): boolean {
  return decoratorsOf(method, context.text).some((d) => /(authorize|policy)$/i.test(d.replace(/\(.*$/s, '').trim()));
}

/**
 * DVR701 unguarded-state-change: a public method of an RPC callback or API controller class
 * that takes the request context first and changes state with no authorisation check. One
 * finding per method, at its first state-changing call.
 */
export const DVR701: RuleCheck = {
  id: 'DVR701',
  nodeTypes: ['function_definition'],
  scope: 'definition',
  check(method, context) {
    const name = method.childForFieldName('name');
    // Private helpers are not endpoints: oslo.messaging and the API router only dispatch public names.
    if (!name || context.text(name).startsWith('_')) return;
    let cls = method.parent?.parent ?? null; // block -> class_definition
    if (method.parent?.type === 'decorated_definition') cls = method.parent.parent?.parent ?? null;
    if (!cls || cls.type !== 'class_definition' || !isEndpointClass(cls, context)) return;
    const params = parameterNames(method, context.text);
    const contextName = params[0] === 'self' || params[0] === 'cls' ? params[1] : params[0];
    if (!contextName || !CONTEXT_NAMES.has(contextName)) return;
    const doc = docstringOf(cls, context.text);
    if (doc && TRUSTED_CALLER.test(doc)) return;
    if (hasAuthorisationDecorator(method, context) || hasAuthorisationCheck(method, contextName, context)) return;
    const body = method.childForFieldName('body');
    const change = body?.descendantsOfType('call').find((call) => isStateChange(call, context));
    if (!change) return;
    const callee = change.childForFieldName('function') ?? change;
    context.report({ node: callee, value: calleeName(change, context.text) });
  },
};
