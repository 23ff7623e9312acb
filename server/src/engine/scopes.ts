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
 * so does not walk the whole tree). A node that more than one statement holds (a zero-width
 * node of a broken tree, on a boundary) is answered from an index of the whole tree.
 */
interface TreeIndex {
  statements: SyntaxNode[];
  byStatement: (Scope[] | undefined)[];
  whole?: Scope[];
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

/** The indexed defs and classes that may hold `node`: those of its top-level statement. */
function scopesOf(node: SyntaxNode): Scope[] {
  const tree = node.tree;
  let index = indexes.get(tree);
  if (!index) {
    index = { statements: tree.rootNode.children, byStatement: [] };
    indexes.set(tree, index);
  }
  const { statements } = index;
  const start = node.startIndex;
  const end = node.endIndex;
  let holder = -1;
  for (let i = lastStartingAt(statements, start, (s) => s.startIndex); i >= 0 && statements[i].endIndex >= start; i--) {
    if (statements[i].endIndex < end) continue;
    if (holder >= 0) {
      index.whole ??= indexScopes(tree.rootNode);
      return index.whole;
    }
    holder = i;
  }
  if (holder < 0) return [];
  index.byStatement[holder] ??= indexScopes(statements[holder]);
  return index.byStatement[holder] as Scope[];
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
