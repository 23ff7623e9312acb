import { decoratorsOf, functionName, literalString, parameterNames, unparenthesize, type TextOf } from '../engine/python';
import { functionTaint, taintAt } from '../analysis/taint';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { caughtTypes, handlerBody } from './handlers';

/** Name words that contain "port" but do not mean a port. */
const NOT_A_PORT = /^(re|sup|im|ex|trans|pass|s|d|src|dst|view|air)ports?$|^port(ion|al|able|rait)s?$|^(report|support|import|export|transport)/;

/**
 * Does the parameter's name say it carries an RPC payload? `specific` names (ports,
 * routers, subnets, gateways, fips) are checked for any deep read; `generic` ones
 * (`data`, `body`, `payload`, `*_info`) only for reads that use a string key, since
 * those names also hold bytes and tuples.
 */
function payloadKind(name: string): 'specific' | 'generic' | undefined {
  const lower = name.toLowerCase();
  const words = lower.split('_').filter(Boolean);
  if (words.some((w) => /port/.test(w) && !NOT_A_PORT.test(w))) return 'specific';
  if (/router|subnet|gateway/.test(lower) || /^fip/.test(lower) || /^gw_/.test(lower)) return 'specific';
  if ((lower.endsWith('_info') && lower !== 'exc_info') || lower === 'payload' || lower === 'body' || lower === 'data') return 'generic';
  return undefined;
}

type Component = { kind: 'key' | 'index' | 'slice'; text: string; stringKey: boolean };

function componentOf(node: SyntaxNode, textOf: TextOf): Component {
  const n = unparenthesize(node);
  if (n.type === 'slice') return { kind: 'slice', text: ':', stringKey: false };
  if (n.type === 'integer' || (n.type === 'unary_operator' && n.namedChildren[0]?.type === 'integer')) return { kind: 'index', text: textOf(n).replace(/\s+/g, ''), stringKey: false };
  const s = literalString(n, textOf);
  if (s !== undefined) return { kind: 'key', text: JSON.stringify(s), stringKey: true };
  return { kind: 'key', text: textOf(n).replace(/\s+/g, ''), stringKey: false };
}

interface Chain {
  root: SyntaxNode;
  components: Component[];
}

/** `a['x'][0]['y']` read from the outermost subscript down to its root. */
function chainOf(node: SyntaxNode, textOf: TextOf): Chain | undefined {
  const components: Component[] = [];
  let current: SyntaxNode = node;
  while (current.type === 'subscript') {
    const subs = current.childrenForFieldName('subscript').filter((c) => c.type !== 'comment');
    if (subs.length !== 1) return undefined;
    components.unshift(componentOf(subs[0], textOf));
    const value = current.childForFieldName('value');
    if (!value) return undefined;
    current = value;
  }
  return { root: current, components };
}

function pathKey(root: string, components: readonly Component[]): string {
  return `${root}${components.map((c) => `[${c.text}]`).join('')}`;
}

/**
 * The paths whose test guards a chain: its subscripted prefixes (`p['a']`, `p['a'][0]`,
 * ...) and, for an index, the container it indexes (`if ports:` or `len(ports)` guards
 * `ports[0]`), even when that is the bare parameter.
 */
function guardingPaths(chain: Chain, textOf: TextOf): string[] {
  const root = textOf(chain.root);
  const keys: string[] = [];
  for (let i = 1; i <= chain.components.length; i++) {
    const component = chain.components[i - 1];
    if (component.kind === 'slice') break;
    if (component.kind === 'index') keys.push(pathKey(root, chain.components.slice(0, i - 1)));
    keys.push(pathKey(root, chain.components.slice(0, i)));
  }
  return keys;
}

interface GuardFact {
  path: string;
  end: number;
}

const CONDITION_OWNERS = new Set(['if_statement', 'elif_clause', 'while_statement']);

/** Paths a method tests somewhere in a condition: `.get`, `in`, `len(...)`, or the value itself. */
function guardFacts(method: SyntaxNode, context: RuleContext): GuardFact[] {
  return context.memo(`DVR201:guards:${method.startIndex}`, () => {
    const conditions: SyntaxNode[] = [];
    for (const node of method.descendantsOfType([...CONDITION_OWNERS, 'conditional_expression', 'assert_statement', 'boolean_operator', 'if_clause'])) {
      if (CONDITION_OWNERS.has(node.type)) {
        const c = node.childForFieldName('condition');
        if (c) conditions.push(c);
      } else if (node.type === 'conditional_expression') {
        const c = node.namedChildren.filter((x) => x.type !== 'comment')[1];
        if (c) conditions.push(c);
      } else if (node.type === 'boolean_operator') {
        const left = node.childForFieldName('left');
        if (left) conditions.push(left);
      } else if (node.namedChildren[0]) {
        conditions.push(node.namedChildren[0]);
      }
    }
    const facts: GuardFact[] = [];
    const add = (expr: SyntaxNode | null | undefined, extra: Component | undefined, end: number): void => {
      if (!expr) return;
      const chain = chainOf(unparenthesize(expr), context.text);
      if (!chain) return;
      const components = extra ? [...chain.components, extra] : chain.components;
      facts.push({ path: pathKey(context.text(chain.root), components), end });
    };
    for (const condition of conditions) {
      for (const node of condition.descendantsOfType(['call', 'comparison_operator', 'subscript', 'identifier'])) {
        if (node.type === 'call') {
          const fn = node.childForFieldName('function');
          const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
          if (fn?.type === 'attribute' && fn.childForFieldName('attribute') && context.text(fn.childForFieldName('attribute') as SyntaxNode) === 'get' && args[0]) {
            add(fn.childForFieldName('object'), componentOf(args[0], context.text), node.endIndex);
          } else if (fn && context.text(fn) === 'len' && args[0]) {
            add(args[0], undefined, node.endIndex);
          }
        } else if (node.type === 'comparison_operator') {
          const ops = node.children.filter((c) => !c.isNamed).map((c) => c.type).join(' ');
          const [left, right] = node.namedChildren.filter((c) => c.type !== 'comment');
          if ((ops === 'in' || ops === 'not in') && left && right) add(right, componentOf(left, context.text), node.endIndex);
        } else {
          add(node, undefined, node.endIndex);
        }
      }
    }
    return facts;
  });
}

const LOOKUP_ERRORS = new Set(['KeyError', 'IndexError', 'LookupError', 'Exception', 'BaseException']);

/** Inside the body of a `try` whose handlers catch a missing key or index. */
function insideCatchingTry(node: SyntaxNode, method: SyntaxNode, context: RuleContext): boolean {
  for (let p = node.parent; p && p.startIndex >= method.startIndex && p !== method; p = p.parent) {
    if (p.type !== 'block' || p.parent?.type !== 'try_statement') continue;
    const tryStatement = p.parent;
    if (tryStatement.childForFieldName('body')?.startIndex !== p.startIndex) continue;
    for (const clause of tryStatement.namedChildren) {
      if (clause.type !== 'except_clause' || !handlerBody(clause)) continue;
      const types = caughtTypes(clause, context.text).map((t) => t.slice(t.lastIndexOf('.') + 1));
      if (types.length === 0 || types.some((t) => LOOKUP_ERRORS.has(t))) return true;
    }
  }
  return false;
}

/** Subscripts that are written or deleted, not read. */
function isWriteTarget(node: SyntaxNode): boolean {
  let child = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'assignment' || p.type === 'augmented_assignment') return p.childForFieldName('left')?.startIndex === child.startIndex && p.childForFieldName('left')?.endIndex === child.endIndex;
    if (p.type === 'delete_statement') return true;
    if (p.type !== 'pattern_list' && p.type !== 'tuple_pattern' && p.type !== 'expression_list' && p.type !== 'parenthesized_expression') return false;
  }
  return false;
}

/** The method `node` is in, when it is a public method of a class. */
function publicMethod(node: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const fn = context.model.enclosingFunction(node);
  if (!fn) return undefined;
  let owner = fn.parent;
  if (owner?.type === 'decorated_definition') owner = owner.parent;
  if (owner?.type !== 'block' || owner.parent?.type !== 'class_definition') return undefined;
  return functionName(fn, context.text).startsWith('_') ? undefined : fn;
}

/** A body schema-validated before the method runs: Nova's `@validation.schema(...)`, WSME's `@wsme_pecan.wsexpose(...)`. */
const BODY_SCHEMA_DECORATOR = /(^|\.)(schema|wsexpose)$/;

function validatesBody(method: SyntaxNode, context: RuleContext): boolean {
  return decoratorsOf(method, context.text).some((d) => BODY_SCHEMA_DECORATOR.test(d.replace(/\(.*$/s, '').trim()));
}

/** DVR201 unchecked-rpc-payload: a nested read of an RPC payload parameter with no guard. */
export const DVR201: RuleCheck = {
  id: 'DVR201',
  nodeTypes: ['subscript'],
  scope: 'definition',
  check(node, context) {
    if (context.file.isTestCode) return;
    // Cheap first: the chain's root name, read off the text before any node access.
    const rootName = /^[A-Za-z_][A-Za-z0-9_]*(?=\s*\[)/.exec(context.file.text.slice(node.startIndex, node.startIndex + 100));
    if (!rootName || !payloadKind(rootName[0])) return;
    // Only the outermost subscript of a chain: `x[...]` followed by `[` is the value of another
    // subscript (read off the text: `parent` is costly on deep trees).
    if (/^[\s\\]*\[/.test(context.file.text.slice(node.endIndex, node.endIndex + 200))) return;
    const chain = chainOf(node, context.text);
    if (!chain || chain.root.type !== 'identifier') return;
    const reads = chain.components.filter((c) => c.kind !== 'slice');
    const indexes = reads.filter((c) => c.kind === 'index').length;
    if (indexes === 0 && reads.length < 2) return;
    const name = context.text(chain.root);
    const kind = payloadKind(name);
    if (!kind || (kind === 'generic' && !reads.some((c) => c.stringKey))) return;
    const method = publicMethod(node, context);
    if (!method || !parameterNames(method, context.text).includes(name)) return;
    if (isWriteTarget(node) || validatesBody(method, context)) return;
    // A parameter rebound to something else is no longer the payload.
    if (functionTaint(node, context).definitionBefore(name, node.startIndex)) return;
    // Only API request bodies and remote payloads: a payload the server built (agent RPC,
    // notifications) has the keys the server put there. The `parameters` threat model audits every one.
    const payload = taintAt(chain.root, context, 'keep');
    if (!payload || payload.origin === 'attribute') return;
    const prefixes = new Set(guardingPaths(chain, context.text));
    if (guardFacts(method, context).some((f) => f.end <= node.startIndex && prefixes.has(f.path))) return;
    if (insideCatchingTry(node, method, context)) return;
    context.report({ node, value: context.text(node) });
  },
};
