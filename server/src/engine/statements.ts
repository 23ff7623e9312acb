import type { SyntaxNode } from './types';

/**
 * Statements as a reader sees them: what an own-line suppression comment covers and what a
 * baseline fingerprint names. A statement is a node whose parent is the module or a block,
 * or a clause of a compound statement (`except`, `elif`, `else`, `finally`, `case`); a
 * compound statement counts with its header only (up to the `:` before its body).
 */

const STATEMENT_PARENTS = new Set(['module', 'block']);

export function isStatement(node: SyntaxNode): boolean {
  const parent = node.parent?.type;
  return (parent !== undefined && STATEMENT_PARENTS.has(parent)) || node.type.endsWith('_clause');
}

/** The statement that starts exactly at `offset` (the largest node starting there that is one), if any. */
export function statementStartingAt(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(offset);
  while (node?.parent && node.parent.startIndex === offset && !STATEMENT_PARENTS.has(node.parent.type)) node = node.parent;
  return node && node.startIndex === offset && isStatement(node) ? node : undefined;
}

/** The innermost statement (or clause) that holds `offset`, if any. */
export function statementAround(root: SyntaxNode, offset: number): SyntaxNode | undefined {
  for (let node: SyntaxNode | null = root.descendantForIndex(offset); node && node.type !== 'module'; node = node.parent) {
    if (isStatement(node)) return node;
  }
  return undefined;
}

/** End of the part of a statement that counts: the header's `:` of a compound statement, else the statement's end. */
export function statementEnd(node: SyntaxNode): number {
  const colon = headerColon(node);
  return colon ? colon.endIndex : node.endIndex;
}

/** The `:` that ends a compound statement's header (a decorated definition's: its definition's). */
function headerColon(node: SyntaxNode): SyntaxNode | undefined {
  const target = node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
  let colon: SyntaxNode | undefined;
  for (const child of target.children) {
    if (child.type === 'block') return colon;
    if (child.type === ':') colon = child;
  }
  return undefined;
}
