import { decoratorsOf, functionName, parameterNames, type TextOf } from '../../engine/python';
import type { SyntaxNode, ThreatModel } from '../../engine/types';
import type { ModuleModel } from '../../semantic/model';

/**
 * Threat-model sources as data (CodeQL's `remote` and `local`): which parameters, calls
 * and attribute reads bring in untrusted values, and which values are never untrusted
 * (UUID ids, oslo.config options) whatever the model.
 */

export type SourceKind = 'remote' | 'local';

export interface SourceMatch {
  kind: SourceKind;
  /** What the value is, for the finding's path: `command-line argument`, `API request body`. */
  what: string;
}

/** Attribute reads (qualified through the imports) that are untrusted values. */
const ATTRIBUTE_SOURCES: readonly [RegExp, SourceMatch][] = [
  [/^sys\.argv$/, { kind: 'local', what: 'command-line argument' }],
  [/^os\.environb?$/, { kind: 'local', what: 'environment variable' }],
  [/^sys\.stdin(\.buffer)?$/, { kind: 'local', what: 'standard input' }],
  [/^(flask|pecan|bottle|quart)\.request(\.|$)/, { kind: 'remote', what: 'web request' }],
];

/** Calls (qualified through the imports) whose result is an untrusted value. */
const CALL_SOURCES: readonly [RegExp, SourceMatch][] = [
  [/^os\.getenvb?$/, { kind: 'local', what: 'environment variable' }],
  [/^builtins\.(input|raw_input)$/, { kind: 'local', what: 'standard input' }],
  [/^getopt\.(gnu_)?getopt$/, { kind: 'local', what: 'command-line option' }],
  [/^(builtins|io|codecs)\.open$|^fileinput\.input$/, { kind: 'local', what: 'file contents' }],
  [/^requests\.(get|post|put|patch|delete|head|options|request)$/, { kind: 'remote', what: 'HTTP response' }],
  [/(^|\.)urlopen$/, { kind: 'remote', what: 'HTTP response' }],
];

/** Methods whose result is an untrusted value whatever their receiver. */
const METHOD_SOURCES: ReadonlyMap<string, SourceMatch> = new Map([
  ['recv', { kind: 'remote', what: 'socket data' }],
  ['recvfrom', { kind: 'remote', what: 'socket data' }],
  ['recvmsg', { kind: 'remote', what: 'socket data' }],
  ['parse_args', { kind: 'local', what: 'command-line option' }],
  ['parse_known_args', { kind: 'local', what: 'command-line option' }],
  ['read_text', { kind: 'local', what: 'file contents' }],
  ['read_bytes', { kind: 'local', what: 'file contents' }],
]);

/**
 * Free-form fields of Neutron resources that tenants write (`name`, `description`,
 * `dns_name`, `extra_dhcp_opts` values): untrusted even in payloads the server sends.
 * `name` counts only on something that looks like a resource, since many objects have names.
 */
const FREE_FORM_FIELDS: ReadonlySet<string> = new Set(['description', 'dns_name', 'dns_domain', 'extra_dhcp_opts', 'opt_value', 'dns_assignment']);
const RESOURCE_NAME = /(^|_)(port|ports|network|net|router|subnet|fip|floatingip|floating_ip|sg|security_group|payload|body|data|resource|trunk|subport|segment|policy|info)s?$/;

function allowed(match: SourceMatch | undefined, models: ReadonlySet<ThreatModel>): SourceMatch | undefined {
  return match && models.has(match.kind) ? match : undefined;
}

export function attributeSource(qualified: string, models: ReadonlySet<ThreatModel>): SourceMatch | undefined {
  for (const [pattern, match] of ATTRIBUTE_SOURCES) if (pattern.test(qualified)) return allowed(match, models);
  return undefined;
}

export function callSource(qualified: string, method: string | undefined, models: ReadonlySet<ThreatModel>): SourceMatch | undefined {
  for (const [pattern, match] of CALL_SOURCES) if (pattern.test(qualified)) return allowed(match, models);
  return method ? allowed(METHOD_SOURCES.get(method), models) : undefined;
}

/** `port['name']`, `router.get('description')`: a tenant's free-form text. */
export function freeFormField(rootName: string | undefined, field: string, models: ReadonlySet<ThreatModel>): SourceMatch | undefined {
  if (!models.has('remote')) return undefined;
  const resource = rootName !== undefined && RESOURCE_NAME.test(rootName);
  if (FREE_FORM_FIELDS.has(field) || (field === 'name' && resource)) return { kind: 'remote', what: `tenant-chosen '${field}'` };
  return undefined;
}

/** UUIDs: `id`, `*_id`, `*_ids` (validated by the API layer or generated), never command text. */
export const ID_NAME = /^(id|ids|uuid)$|_(id|ids|uuid)$/;

/** oslo.config options (`cfg.CONF.x`, `self.conf.x`, `conf.x`): chosen by the operator. */
export const CONFIG_READ = /(^|\.)(CONF|conf|agent_conf|_conf|config)\.[A-Za-z_]/;

const REQUEST_NAMES = new Set(['request', 'req']);

/** flask/quart/bottle route decorators: `@app.route('/files/<path:name>')`, `@bp.get('/x/<key>')`. */
const ROUTE_DECORATOR = /^[A-Za-z_][\w.]*\.(route|get|post|put|patch|delete)\s*\(/;
const ROUTE_SEGMENT = /<(?:[A-Za-z_]\w*(?:\([^)]*\))?:)?([A-Za-z_]\w*)>/g;

/** The names of the URL segments route decorators bind to the view's parameters. */
function routeSegments(decorators: readonly string[]): string[] {
  return decorators.filter((d) => ROUTE_DECORATOR.test(d.trim())).flatMap((d) => [...d.matchAll(ROUTE_SEGMENT)].map((m) => m[1]));
}

/**
 * The parameters of `fn` that carry untrusted values under the threat models, with what
 * they are: web request objects (`request`, `req`), WSGI `environ`, the body, id and
 * keyword arguments of API controller actions (methods that take a request), URL segments
 * a route decorator binds (`@app.route('/files/<name>')`), the resource body of a plugin's
 * `create_*`/`update_*`, and click command options.
 */
export function sourceParameters(fn: SyntaxNode, textOf: TextOf, model: ModuleModel, models: ReadonlySet<ThreatModel>): Map<string, SourceMatch> {
  const found = new Map<string, SourceMatch>();
  const names = parameterNames(fn, textOf);
  if (models.has('remote')) {
    const takesRequest = names.some((n) => REQUEST_NAMES.has(n));
    for (const n of names) if (REQUEST_NAMES.has(n)) found.set(n, { kind: 'remote', what: 'web request' });
    if (names.includes('environ') && names.includes('start_response')) found.set('environ', { kind: 'remote', what: 'WSGI environ' });
    if (takesRequest) {
      const params = fn.childForFieldName('parameters');
      for (const p of params ? params.namedChildren : []) {
        const name = p.type === 'dictionary_splat_pattern' ? p.namedChildren[0] : p.type === 'default_parameter' || p.type === 'typed_default_parameter' ? p.childForFieldName('name') : p.type === 'identifier' ? p : null;
        if (!name) continue;
        const text = textOf(name);
        if (p.type === 'dictionary_splat_pattern' || text === 'body' || text === 'id' || text === 'kwargs') found.set(text, { kind: 'remote', what: 'API request body' });
      }
    }
    for (const segment of routeSegments(decoratorsOf(fn, textOf))) if (names.includes(segment)) found.set(segment, { kind: 'remote', what: 'URL path segment' });
    const cls = model.enclosingClass(fn);
    const className = cls?.childForFieldName('name');
    const resource = /^(create|update)_([a-z0-9_]+)$/.exec(functionName(fn, textOf));
    if (resource && className && /Plugin|Mixin/.test(textOf(className)) && names[1] === 'context') {
      const last = names[names.length - 1];
      if (last && last !== 'context' && (last === resource[2] || resource[2].endsWith(last))) found.set(last, { kind: 'remote', what: 'API request body' });
    }
  }
  if (models.has('local') && decoratorsOf(fn, textOf).some((d) => /^click\.(option|argument|command)\b/.test(d.trim()))) {
    for (const n of names) if (n !== 'self' && n !== 'cls' && n !== 'ctx') found.set(n, { kind: 'local', what: 'command-line option' });
  }
  return found;
}
