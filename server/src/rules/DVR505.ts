import { callArguments, unparenthesize } from '../engine/python';
import { resolveValue } from '../analysis/sinks';
import { auditTaintAt } from '../analysis/taint';
import type { Fix, Level, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { argument, isLiteral, keywordArgument } from './callFacts';
import { callName, qualifiedName } from './resolvedNames';

/** Calls that rebuild arbitrary objects from bytes or files. */
const PICKLE_MODULES = ['pickle', 'cPickle', '_pickle', 'dill', 'cloudpickle', 'joblib'];
const UNSAFE_CALLS = new Set([
  ...PICKLE_MODULES.flatMap((m) => [`${m}.load`, `${m}.loads`, `${m}.Unpickler`]),
  'marshal.load',
  'marshal.loads',
  'jsonpickle.decode',
  'jsonpickle.unpickler.decode',
  'pandas.read_pickle',
  'yaml.unsafe_load',
  'yaml.unsafe_load_all',
]);
/** Opening a shelf unpickles whatever the file holds: a local file, usually the program's own. */
const LOCAL_FILE_CALLS = new Set(['shelve.open', 'shelve.DbfilenameShelf']);
const YAML_LOADS = new Set(['yaml.load', 'yaml.load_all']);
/** Loaders that build only plain data. */
const SAFE_LOADER = /(^|\.)(C?SafeLoader|BaseLoader|CBaseLoader)$/;

/** `yaml.load(data)` with no loader or a loader that builds Python objects. */
function unsafeYamlLoader(call: SyntaxNode, context: RuleContext): boolean {
  const given = argument(call, context, 1, 'Loader');
  if (!given) return true;
  const loader = resolveValue(given, context);
  const name = qualifiedName(loader, context);
  if (name) return !SAFE_LOADER.test(name);
  // `getattr(yaml, 'CSafeLoader', yaml.SafeLoader)` and other computed loaders naming a safe one.
  return !/SafeLoader|BaseLoader/.test(context.text(loader));
}

/** `yaml.load(data[, Loader=...])` -> `yaml.safe_load(data)`; unsafe: documents with Python tags stop loading. */
function safeLoadFix(call: SyntaxNode, context: RuleContext, name: string): Fix | undefined {
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  const parsed = callArguments(call, context.text);
  if (!fn || fn.type !== 'attribute' || !args || parsed.hasSplat || parsed.positional.length !== 1) return undefined;
  if ([...parsed.keywords.keys()].some((k) => k !== 'Loader') || args.descendantsOfType('comment').length > 0) return undefined;
  const attribute = fn.childForFieldName('attribute');
  if (!attribute) return undefined;
  const safe = name === 'yaml.load_all' ? 'safe_load_all' : 'safe_load';
  return {
    title: `Use yaml.${safe}()`,
    applicability: 'unsafe',
    edits: [
      { start: attribute.startIndex, end: attribute.endIndex, newText: safe },
      { start: args.startIndex, end: args.endIndex, newText: `(${context.text(parsed.positional[0])})` },
    ],
  };
}

/**
 * DVR505 unsafe-deserialisation: pickle and its relatives, marshal, shelve, jsonpickle and
 * `yaml.load` without a safe loader. High confidence when a source reaches the data.
 */
export const DVR505: RuleCheck = {
  id: 'DVR505',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /pickle|marshal|shelve|dill|joblib|yaml|read_pickle/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const name = callName(call, context);
    if (!name) return;
    let confidence: Level = 'medium';
    let fix: Fix | undefined;
    if (YAML_LOADS.has(name)) {
      if (!unsafeYamlLoader(call, context)) return;
      fix = safeLoadFix(call, context, name);
    } else if (name === 'numpy.load') {
      const allow = keywordArgument(call, context, 'allow_pickle');
      if (!allow || unparenthesize(allow).type !== 'true') return;
    } else if (LOCAL_FILE_CALLS.has(name)) {
      confidence = 'low';
    } else if (!UNSAFE_CALLS.has(name)) {
      return;
    }
    const data = callArguments(call, context.text).positional[0];
    if (data && isLiteral(data, context) && !LOCAL_FILE_CALLS.has(name)) return;
    if (data && confidence === 'medium') {
      const taint = auditTaintAt(data, context, 'keep');
      if (taint && taint.origin !== 'attribute') confidence = 'high';
    }
    const callee = call.childForFieldName('function') ?? call;
    context.report({ node: callee, value: name, confidence, ...(fix ? { fixes: [fix] } : {}) });
  },
};
