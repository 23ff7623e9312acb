import { callArguments, calleeName, compactText, lastSegment, unparenthesize, type TextOf } from '../engine/python';
import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { enclosingScopes } from '../engine/scopes';
import { lineEndAt } from '../fixes/layout';
import { caughtTypes } from './handlers';

const EXISTS_FUNCTIONS = new Set(['network_namespace_exists', 'device_exists']);
const PATH_CHECKS = new Set(['os.path.exists', 'os.path.isfile', 'path.exists', 'path.isfile']);
/** `X.exists()` counts on namespace and device objects only (a pathlib path is not in the catalogue). */
const NAMESPACE_OR_DEVICE = /(namespace|netns|(^|_)ns$|device|(^|_)dev$)/i;
/** `create` of something that exists or not: a namespace, directory, file, device or link (not `create_warning`). */
const CREATE = 'create(_\\w*(namespace|netns|dir|directory|directories|folder|file|device|dev|link|veth|bridge|port|interface|tap|socket|pipe|fifo))?';
/** Acting on the receiver: `X.delete()`, `X.unlink()`, `X.create()`. */
const RECEIVER_ACTS = new RegExp(`^(delete\\w*|del_\\w+|remove\\w*|unlink|rmdir|rmtree|unplug|plug|${CREATE}|mkdir|makedirs|rename)$`);
/** Acting on an argument: `unplug(X)`, `os.unlink(X)`, `netns.delete(X)`, `os.makedirs(X)`. */
const ARGUMENT_ACTS = new RegExp(`^(delete\\w*|del_\\w+|remove_\\w+|unlink|rmdir|rmtree|unplug|plug|${CREATE}|mkdir|makedirs|rename)$`);
/** Generic names that only act on files through these modules (`list.remove(x)` is not a file removal). */
const MODULE_ACTS = new Set(['os.remove', 'os.removedirs', 'os.replace', 'shutil.rmtree', 'shutil.move']);

interface ExistenceCheck {
  call: SyntaxNode;
  subjectNode: SyntaxNode;
  /** The checked object's expression text, whitespace removed. */
  subject: string;
}

function normalise(node: SyntaxNode, text: TextOf): string {
  return compactText(node, text).replace(/\s+/g, '');
}

function existenceCheck(node: SyntaxNode, text: TextOf): ExistenceCheck | undefined {
  if (node.type !== 'call') return undefined;
  const name = calleeName(node, text);
  const method = lastSegment(name);
  const args = callArguments(node, text);
  if (EXISTS_FUNCTIONS.has(method) || PATH_CHECKS.has(name) || name === 'netns.exists' || name.endsWith('.netns.exists')) {
    const first = args.positional[0];
    return first ? { call: node, subjectNode: first, subject: normalise(first, text) } : undefined;
  }
  if (method === 'exists' && args.positional.length === 0) {
    const receiver = node.childForFieldName('function')?.childForFieldName('object');
    if (receiver && NAMESPACE_OR_DEVICE.test(lastSegment(normalise(receiver, text)))) return { call: node, subjectNode: receiver, subject: normalise(receiver, text) };
  }
  return undefined;
}

/** Existence checks among the condition's conjuncts (`not` and `and` see through). */
function checksIn(condition: SyntaxNode, text: TextOf): ExistenceCheck[] {
  const node = unparenthesize(condition);
  if (node.type === 'not_operator') {
    const argument = node.childForFieldName('argument');
    return argument ? checksIn(argument, text) : [];
  }
  if (node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'and') {
    return [node.childForFieldName('left'), node.childForFieldName('right')].flatMap((n) => (n ? checksIn(n, text) : []));
  }
  const check = existenceCheck(node, text);
  return check ? [check] : [];
}

function actsOn(call: SyntaxNode, subject: string, text: TextOf): boolean {
  const name = calleeName(call, text);
  const method = lastSegment(name);
  const fn = call.childForFieldName('function');
  const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  if (receiver && RECEIVER_ACTS.test(method) && normalise(receiver, text) === subject) return true;
  const isAct = ARGUMENT_ACTS.test(method) || MODULE_ACTS.has(name) || name === 'netns.add' || name.endsWith('.netns.add') || name === 'os.replace';
  if (!isAct) return false;
  const args = callArguments(call, text).positional;
  const candidates = method === 'rename' || name === 'os.replace' || name === 'shutil.move' ? args.slice(0, 1) : args;
  return candidates.some((a) => normalise(a, text) === subject);
}

const NOT_FOUND_ERRORS = /^(\w+\.)*(OSError|IOError|EnvironmentError|FileNotFoundError|FileExistsError|NotADirectoryError|IsADirectoryError|PermissionError|\w*NotFound\w*|\w*Exists\w*|\w*DoesNotExist\w*|NoSuch\w+)$/;
const BROAD = new Set(['Exception', 'BaseException']);
/** The one action reported: creating the directory that was just found missing. */
const CREATES_DIRECTORY = /^(makedirs|mkdir)$/;
/** Text a condition with an existence check contains (existenceCheck's names). */
const EXISTENCE_TEXT = /exists|isfile/;
/** Text a block with a CREATES_DIRECTORY call contains. */
const DIRECTORY_CREATION_TEXT = /mkdir|makedirs/;

/** Source ranges in which a `try` takes the lost race (see `handledByTry`). */
interface HandledRange {
  start: number;
  end: number;
}

/**
 * The ranges of one function (or the module) where a lost race is handled: the body of a `try`
 * with a handler catching OS or not-found errors, or the one statement of a `try` body with a broad
 * handler. Read top-down once per function: walking up from each `if` costs the depth of the
 * tree per step in tree-sitter, quadratic in deeply nested code.
 */
function handledRanges(scope: SyntaxNode, context: RuleContext): HandledRange[] {
  const byScope = context.memo('DVR503:handled-ranges', () => new Map<number, HandledRange[]>());
  let ranges = byScope.get(scope.id);
  if (ranges) return ranges;
  ranges = [];
  for (const tryStmt of scope.descendantsOfType('try_statement')) {
    const body = tryStmt.childForFieldName('body');
    if (!body) continue;
    const statements = body.namedChildren.filter((c) => c.type !== 'comment');
    for (const clause of tryStmt.namedChildren.filter((c) => c.type === 'except_clause')) {
      const types = caughtTypes(clause, context.text);
      if (types.some((t) => NOT_FOUND_ERRORS.test(t))) ranges.push({ start: body.startIndex, end: body.endIndex });
      else if (statements.length === 1 && (types.length === 0 || types.some((t) => BROAD.has(t)))) ranges.push({ start: statements[0].startIndex, end: statements[0].endIndex });
    }
  }
  byScope.set(scope.id, ranges);
  return ranges;
}

/**
 * The `if` sits in a `try` of its own function whose handler takes the lost race: one catching
 * OS or not-found errors, or a broad handler around nothing but the statement holding this `if`.
 */
function handledByTry(ifNode: SyntaxNode, context: RuleContext): boolean {
  const scope: SyntaxNode = enclosingScopes(ifNode).next().value ?? ifNode.tree.rootNode;
  return handledRanges(scope, context).some((r) => r.start <= ifNode.startIndex && ifNode.endIndex <= r.end);
}

function actionIn(block: SyntaxNode, subject: string, text: TextOf): SyntaxNode | undefined {
  const stack: SyntaxNode[] = [block];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.type === 'function_definition' || node.type === 'class_definition' || node.type === 'lambda') continue;
    if (node.type === 'try_statement' && node.namedChildren.some((c) => c.type === 'except_clause')) continue;
    if (node.type === 'call' && actsOn(node, subject, text)) return node;
    for (const child of node.namedChildren) stack.push(child);
  }
  return undefined;
}

/** DVR503 check-then-act: an existence check guards a change to the same object. */
export const DVR503: RuleCheck = {
  id: 'DVR503',
  nodeTypes: ['if_statement', 'elif_clause'],
  // It reads only the `if` and the try statements around it inside its function.
  scope: 'definition',
  check(node, context) {
    // Tests race with nobody.
    if (context.file.isTestCode) return;
    const condition = node.childForFieldName('condition');
    // Text first: an existence check names `exists` or `isfile`, and the one action reported makes a directory.
    if (!condition || !EXISTENCE_TEXT.test(context.text(condition))) return;
    const consequence = node.childForFieldName('consequence');
    if (!consequence || !DIRECTORY_CREATION_TEXT.test(context.text(consequence))) return;
    // Inside a try that handles errors, losing the race is already handled.
    if (handledByTry(node, context)) return;
    for (const check of checksIn(condition, context.text)) {
      const action = actionIn(consequence, check.subject, context.text);
      if (!action) continue;
      // Measured on real OpenStack code (docs/quality.md): exists-then-delete of a namespace,
      // device or private file inside per-router processing is robustness, not a race worth a
      // finding; exists-then-create of a directory is, and `exist_ok=True` is also the fix.
      if (!CREATES_DIRECTORY.test(lastSegment(calleeName(action, context.text)))) continue;
      const end = Math.min(condition.endIndex, lineEndAt(context.file.text, node.startIndex));
      context.report({
        span: { start: node.startIndex, end },
        confidence: 'high',
        value: compactText(check.subjectNode, context.text),
        related: [{ start: action.startIndex, end: action.endIndex, message: `acts on it: ${calleeName(action, context.text)}()` }],
      });
      return;
    }
  },
};
