import type { Tree } from '../engine/types';

/** Column of a statement starting at `start` when it is the first thing on its line, else -1 (`a; b`, `if x: y`). */
function leadingColumn(start: number, text: string): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '\f')) i--;
  if (i >= 0 && text[i] !== '\n' && text[i] !== '\r') return -1;
  return start - (i + 1);
}

/**
 * ERROR and MISSING nodes, plus statements of one block that do not line up: what a fix
 * must never add. tree-sitter-python accepts an unexpected indent without an ERROR node
 * (it files the statement under the enclosing block), so a fix that gets indentation wrong
 * is caught by the alignment check. One cursor walk, no node objects: this runs every round.
 */
export function syntaxProblems(tree: Tree, text: string): number {
  let problems = 0;
  const cursor = tree.walk();
  // Per depth: the column the statements of the enclosing block line up on (-2: not a block, -1: not seen yet; module level is 0).
  const columns: number[] = [];
  const checkAlignment = (): void => {
    const depth = columns.length - 1;
    if (depth < 0 || columns[depth] === -2 || !cursor.nodeIsNamed || cursor.nodeType === 'comment') return;
    const column = leadingColumn(cursor.startIndex, text);
    if (column < 0) return;
    if (columns[depth] === -1) columns[depth] = column;
    else if (columns[depth] !== column) problems++;
  };
  for (;;) {
    if (cursor.nodeType === 'ERROR' || cursor.nodeIsMissing) problems++;
    const type = cursor.nodeType;
    if (cursor.gotoFirstChild()) {
      columns.push(type === 'module' ? 0 : type === 'block' ? -1 : -2);
      checkAlignment();
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return problems;
      columns.pop();
    }
    checkAlignment();
  }
}
