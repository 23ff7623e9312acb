import type { SyntaxNode, Tree } from './types';

/**
 * The `def` and `class` statements of one tree, found by source range rather than by
 * walking `node.parent`: tree-sitter computes a parent by descending from the root, so
 * an upward walk costs O(depth²) and deeply nested code made it cubic over a file.
 */
interface Scope {
  node: SyntaxNode;
  start: number;
  end: number;
  /** Index of the innermost scope around this one, or -1. */
  outer: number;
}

/**
 * The defs and classes of a tree, indexed by top-level statement and built for a statement
 * when a node inside it is asked about (an editor analysis of two functions of a large file
 * so does not walk the whole tree); inside a top-level class, by member of its body (the
 * class and that member's defs). A node that more than one statement or member holds (a
 * zero-width node of a broken tree, on a boundary) is answered from the next wider index.
 */
interface TreeIndex {
  statements: SyntaxNode[];
  byStatement: (StatementIndex | undefined)[];
  whole?: Scope[];
}

interface StatementIndex {
  statement: SyntaxNode;
  whole?: Scope[];
  /** A top-level class's body and the index of each of its members, when the statement is a class. */
  body?: SyntaxNode;
  members?: SyntaxNode[];
  byMember: (Scope[] | undefined)[];
  /** The class_definition node, when the statement is a class (decorated or not). */
  definition?: SyntaxNode;
}

const indexes = new WeakMap<Tree, TreeIndex>();

function indexScopes(root: SyntaxNode): Scope[] {
  const scopes: Scope[] = [];
  const open: number[] = [];
  // descendantsOfType yields in document order, so each scope's outer scope is still open.
  for (const node of root.descendantsOfType(['function_definition', 'class_definition'])) {
    const start = node.startIndex;
    const end = node.endIndex;
    while (open.length > 0 && scopes[open[open.length - 1]].end < end) open.pop();
    scopes.push({ node, start, end, outer: open.length > 0 ? open[open.length - 1] : -1 });
    open.push(scopes.length - 1);
  }
  return scopes;
}

/** Index of the one node of `nodes` (in document order, not overlapping) whose range holds [start, end); -1 for none, -2 for several. */
function holderOf(nodes: readonly SyntaxNode[], start: number, end: number): number {
  let holder = -1;
  for (let i = lastStartingAt(nodes, start, (s) => s.startIndex); i >= 0 && nodes[i].endIndex >= start; i--) {
    if (nodes[i].endIndex < end) continue;
    if (holder >= 0) return -2;
    holder = i;
  }
  return holder;
}

/** The indexed defs and classes that may hold `node`: those of its top-level statement, or of its class member. */
function scopesOf(node: SyntaxNode): Scope[] {
  const tree = node.tree;
  let index = indexes.get(tree);
  if (!index) {
    index = { statements: tree.rootNode.children, byStatement: [] };
    indexes.set(tree, index);
  }
  const start = node.startIndex;
  const end = node.endIndex;
  const holder = holderOf(index.statements, start, end);
  if (holder === -1) return [];
  if (holder === -2) {
    index.whole ??= indexScopes(tree.rootNode);
    return index.whole;
  }
  const statement = (index.byStatement[holder] ??= describeStatement(index.statements[holder]));
  const { body, members, definition } = statement;
  if (body && members && definition && body.startIndex <= start && end <= body.endIndex) {
    const member = holderOf(members, start, end);
    const type = member >= 0 ? members[member].type : '';
    if (type === 'function_definition' || type === 'decorated_definition') {
      const cls: Scope = { node: definition, start: definition.startIndex, end: definition.endIndex, outer: -1 };
      statement.byMember[member] ??= [cls, ...indexScopes(members[member]).map((s) => ({ ...s, outer: s.outer + 1 }))];
      return statement.byMember[member] as Scope[];
    }
  }
  statement.whole ??= indexScopes(statement.statement);
  return statement.whole;
}

/** A top-level statement, with its body's members when it is a class. */
function describeStatement(statement: SyntaxNode): StatementIndex {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'class_definition') return { statement, byMember: [] };
  const body = definition.childForFieldName('body');
  return body ? { statement, body, members: body.children, byMember: [], definition } : { statement, byMember: [] };
}

/** Index of the last item starting at or before `offset` (items in start order), or -1. */
function lastStartingAt<T>(items: readonly T[], offset: number, startOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The `def` / `class` statements around `node`, innermost first (not `node` itself). */
export function* enclosingScopes(node: SyntaxNode): Generator<SyntaxNode> {
  const scopes = scopesOf(node);
  const start = node.startIndex;
  const end = node.endIndex;
  // Last scope starting at or before the node; its outer chain holds every candidate.
  const found = lastStartingAt(scopes, start, (s) => s.start);
  for (let i = found; i >= 0; i = scopes[i].outer) {
    const scope = scopes[i];
    // A scope with exactly the node's range lies inside it (a block whose only statement
    // is the def): nothing within a def spans all of it.
    const sameRange = scope.start === start && scope.end === end;
    const inside = scope.start <= start && end <= scope.end && !sameRange;
    if (inside) yield scope.node;
  }
}
