import { callArguments } from '../engine/python';
import type { RuleCheck } from '../engine/types';
import { isMockAssertion, isNoneLiteral } from './callFacts';
import { callName } from './resolvedNames';

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
/** Calls that wait forever unless given a timeout. */
const NO_DEFAULT_TIMEOUT = new Set([
  ...HTTP_VERBS.map((v) => `requests.${v}`),
  ...HTTP_VERBS.map((v) => `requests.api.${v}`),
  'urllib.request.urlopen',
  'urllib2.urlopen',
  'http.client.HTTPConnection',
  'http.client.HTTPSConnection',
  'httplib.HTTPConnection',
  'httplib.HTTPSConnection',
  'socket.create_connection',
]);
/** Where a timeout may be given by position. */
const TIMEOUT_POSITION: Record<string, number> = {
  'urllib.request.urlopen': 2,
  'urllib2.urlopen': 2,
  'http.client.HTTPConnection': 2,
  'http.client.HTTPSConnection': 2,
  'httplib.HTTPConnection': 3,
  'httplib.HTTPSConnection': 5,
  'socket.create_connection': 1,
};
/** httpx has a default timeout (5 s): only an explicit `timeout=None` turns it off. */
const DEFAULT_TIMEOUT = new Set([...HTTP_VERBS.map((v) => `httpx.${v}`), 'httpx.stream', 'httpx.Client', 'httpx.AsyncClient']);

/**
 * DVR509 no-timeout: network calls that can wait forever (`requests.get(url)` without
 * `timeout=`, `urlopen(url)`, `httpx.get(url, timeout=None)`).
 */
export const DVR509: RuleCheck = {
  id: 'DVR509',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /requests|urlopen|httpx|urllib|http\.client|httplib|create_connection/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name) return;
    const noDefault = NO_DEFAULT_TIMEOUT.has(name);
    if (!noDefault && !DEFAULT_TIMEOUT.has(name)) return;
    if (isMockAssertion(call, context)) return;
    const args = callArguments(call, context.text);
    const position = TIMEOUT_POSITION[name];
    const timeout = args.keywords.get('timeout') ?? (position !== undefined ? args.positional[position] : undefined);
    if (noDefault) {
      // `**kwargs` may carry a timeout; an explicit `timeout=None` waits forever.
      if ((timeout && !isNoneLiteral(timeout)) || (!timeout && args.hasSplat)) return;
    } else if (!timeout || !isNoneLiteral(timeout)) {
      return;
    }
    const where = timeout ?? call.childForFieldName('function') ?? call;
    context.report({ node: where, value: name });
  },
};
