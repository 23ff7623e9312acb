import { parsePython } from '../engine/parser';
import type { SyntaxNode } from '../engine/types';

const STATEMENT_LISTS = new Set(['module', 'block']);

/** Column of `node` when it is the first thing on its line, else undefined (`a; b`, `if x: y`). */
function leadingColumn(node: SyntaxNode, text: string): number | undefined {
  let i = node.startIndex - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i--;
  if (i >= 0 && text[i] !== '\n' && text[i] !== '\r') return undefined;
  return node.startIndex - (i + 1);
}

/**
 * Statements of one block that do not line up. tree-sitter-python accepts an unexpected
 * indent without an ERROR node (it files the statement under the enclosing block), so a
 * fix that gets indentation wrong is caught here instead.
 */
function misalignedStatements(root: SyntaxNode, text: string): number {
  let count = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (STATEMENT_LISTS.has(node.type)) {
      let column: number | undefined;
      for (const stmt of node.namedChildren) {
        if (stmt.type === 'comment') continue;
        const c = leadingColumn(stmt, text);
        if (c === undefined) continue;
        if (column === undefined) column = c;
        else if (c !== column) count++;
      }
      if (node.type === 'module' && column !== undefined && column !== 0) count++;
    }
    for (const child of node.namedChildren) stack.push(child);
  }
  return count;
}

/** ERROR and MISSING nodes plus misaligned statements: what a fix must never add. */
export function syntaxProblems(text: string): number {
  const root = parsePython(text).rootNode;
  let problems = 0;
  if (root.hasError) {
    const cursor = root.walk();
    let visiting = true;
    while (visiting) {
      if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) problems++;
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          visiting = false;
          break;
        }
      }
    }
  }
  return problems + misalignedStatements(root, text);
}
