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

const indexes = new WeakMap<Tree, Scope[]>();

function scopesOf(tree: Tree): Scope[] {
  let scopes = indexes.get(tree);
  if (scopes) return scopes;
  scopes = [];
  const open: number[] = [];
  // descendantsOfType yields in document order, so each scope's outer scope is still open.
  for (const node of tree.rootNode.descendantsOfType(['function_definition', 'class_definition'])) {
    const start = node.startIndex;
    const end = node.endIndex;
    while (open.length > 0 && scopes[open[open.length - 1]].end < end) open.pop();
    scopes.push({ node, start, end, outer: open.length > 0 ? open[open.length - 1] : -1 });
    open.push(scopes.length - 1);
  }
  indexes.set(tree, scopes);
  return scopes;
}

/** The `def` / `class` statements around `node`, innermost first (not `node` itself). */
export function* enclosingScopes(node: SyntaxNode): Generator<SyntaxNode> {
  const scopes = scopesOf(node.tree);
  const start = node.startIndex;
  const end = node.endIndex;
  // Last scope starting at or before the node; its outer chain holds every candidate.
  let lo = 0;
  let hi = scopes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid].start <= start) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = found; i >= 0; i = scopes[i].outer) {
    const scope = scopes[i];
    // A scope with exactly the node's range lies inside it (a block whose only statement
    // is the def): nothing within a def spans all of it.
    const sameRange = scope.start === start && scope.end === end;
    const inside = scope.start <= start && end <= scope.end && !sameRange;
    if (inside) yield scope.node;
  }
}
