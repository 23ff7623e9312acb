import type { RuleContext, SyntaxNode } from './types';

/**
 * How the language server's incremental analysis splits a top-level class (engine/incremental.ts):
 * each def directly in its body (decorated or not) is a unit of its own, named `Class.method`;
 * the rest (decorators, header, the body's other statements, the defs' headers) is the
 * class's shell, named `Class`. A check inside a method that reads the whole class's text
 * (not only the shell) says so with readsWholeClass, and is re-checked after any edit of the class.
 */

/** A top-level class with at least one method: its class_definition node and the defs of its body. */
export interface ClassParts {
  definition: SyntaxNode;
  name: string;
  /** The named children of the class's body. */
  statements: SyntaxNode[];
  /** Statements of the body that are defs: a function_definition or a decorated_definition of one. */
  methods: SyntaxNode[];
}

/** The def of a statement that is a def (decorated or not), else null. */
export function defOf(statement: SyntaxNode): SyntaxNode | null {
  const fn = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  return fn && fn.type === 'function_definition' ? fn : null;
}

/** The parts of a top-level statement that is a class with methods, else undefined. */
export function classParts(statement: SyntaxNode, text: string): ClassParts | undefined {
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (!definition || definition.type !== 'class_definition') return undefined;
  const name = definition.childForFieldName('name');
  const body = definition.childForFieldName('body');
  if (!name || !body) return undefined;
  const statements = body.namedChildren;
  const methods = statements.filter((s) => defOf(s) !== null);
  return methods.length > 0 ? { definition, name: text.slice(name.startIndex, name.endIndex), statements, methods } : undefined;
}

/** The name of a method unit. */
export function methodUnitName(className: string, method: SyntaxNode, text: string): string {
  const name = defOf(method)?.childForFieldName('name');
  return `${className}.${name ? text.slice(name.startIndex, name.endIndex) : ''}`;
}

/** The name a check records to depend on every part of class `className` (its methods' bodies included). */
export function wholeClassName(className: string): string {
  return `${className}.*`;
}

/**
 * What an edit of a class's shell changes, for its methods: the class's header, decorators
 * and statements, and its defs' decorators and names, as text; left out are the defs'
 * parameters and bodies (their callers read them through `Class.method`), comments
 * directly in the class body and the class's docstring (a check in
 * a method that reads those, as DVR701 the docstring, reads the whole class: readsWholeClass).
 * Equal signatures: the methods' checks see the same class.
 */
export function shellSignature(statement: SyntaxNode, parts: ClassParts, text: string): string {
  let signature = text.slice(statement.startIndex, headerEnd(parts.definition));
  let first = true;
  for (const child of parts.statements) {
    if (child.type === 'comment') continue;
    const docstring = first && child.type === 'expression_statement' && child.namedChildCount === 1 && /string$/.test(child.firstNamedChild?.type ?? '');
    first = false;
    if (docstring) continue;
    // A def's parameters matter to its callers only, through its summary (`Class.method`).
    const name = defOf(child)?.childForFieldName('name');
    signature += `\u0000${text.slice(child.startIndex, name ? name.endIndex : child.endIndex)}`;
  }
  return signature;
}

/** Where a def's or class's header ends: after its `:` (comments and body left out). */
function headerEnd(definition: SyntaxNode): number {
  for (const child of definition.children) if (child.type === ':') return child.endIndex;
  return definition.childForFieldName('body')?.startIndex ?? definition.endIndex;
}

/**
 * The unit of the incremental analysis that holds `node`: `Class.method` inside a method of
 * a top-level class, else the name of its top-level def or class (undefined for other statements).
 */
export function unitNameOf(node: SyntaxNode, text: string): string | undefined {
  let top: SyntaxNode = node;
  let method: SyntaxNode | undefined;
  for (let p = node.parent; p && p.type !== 'module'; p = p.parent) {
    // A def directly in a class body: remember the outermost one (the top-level class's).
    if (p.type === 'block' && p.parent?.type === 'class_definition' && defOf(top)) method = top;
    top = p;
  }
  const definition = top.type === 'decorated_definition' ? top.childForFieldName('definition') : top;
  const name = definition?.childForFieldName('name');
  if (!definition || !name) return undefined;
  const className = text.slice(name.startIndex, name.endIndex);
  const body = definition.type === 'class_definition' ? definition.childForFieldName('body') : null;
  return method && body && method.parent?.id === body.id ? methodUnitName(className, method, text) : className;
}

/**
 * A check reads the text of class `cls` beyond its shell (a call anywhere in its methods): the
 * editor then re-checks it after any edit of that class. Nothing to note for other nodes.
 */
export function readsWholeClass(cls: SyntaxNode, context: RuleContext): void {
  const name = cls.childForFieldName('name');
  if (name) context.readsDefinitions([wholeClassName(context.text(name))]);
}

/** The name a check that reads the whole file records (no definition, class or module name looks like it). */
export const WHOLE_FILE_READ = '*file*';

/**
 * A check of a 'definition' rule read text outside its unit that no other record covers (the
 * module's code around a call at module level, the file's indentation step): the editor then
 * re-checks it after every edit of the file.
 */
export function readsWholeFile(context: RuleContext): void {
  context.readsDefinitions([WHOLE_FILE_READ]);
}
