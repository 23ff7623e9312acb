import { STDLIB_MODULES } from '../engine/stdlibModules';
import { TreeMemo } from '../engine/treeMemo';
import type { SyntaxNode, TextEdit } from '../engine/types';

/** Where module-level imports are and how to add one: the import side of quick fixes. */

export type TextOf = (node: SyntaxNode) => string;

/** The line ending a file uses, so inserted lines match it. */
export function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line break that ends the line holding `offset` (or the text's end). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * The span of whole lines a statement occupies, when nothing but blanks and a trailing
 * comment shares those lines with it; undefined otherwise (`a = 1; import six`).
 */
export function wholeLineSpan(text: string, node: SyntaxNode): { start: number; end: number } | undefined {
  const start = lineStartOf(text, node.startIndex);
  if (text.slice(start, node.startIndex).trim() !== '') return undefined;
  const end = nextLineStart(text, node.endIndex);
  const tail = text.slice(node.endIndex, end).trim();
  if (tail !== '' && !tail.startsWith('#')) return undefined;
  return { start, end };
}

export interface ModuleImport {
  node: SyntaxNode;
  /** The imported module's dotted name (`os.path`, `urllib` for `from urllib import parse`). */
  module: string;
  /** `import X` (true) or `from X import y` (false). */
  plain: boolean;
  /** For a plain import: whether it binds an alias (`import numpy as np`). */
  aliased: boolean;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

function importsOf(stmt: SyntaxNode, textOf: TextOf): ModuleImport[] {
  const clean = (n: SyntaxNode): string => textOf(n).replace(/\s+/g, '');
  if (stmt.type === 'import_statement') {
    return stmt.childrenForFieldName('name').map((name) => {
      const aliased = name.type === 'aliased_import';
      const module = aliased ? name.childForFieldName('name') : name;
      return { node: stmt, module: module ? clean(module) : '', plain: true, aliased };
    });
  }
  if (stmt.type === 'future_import_statement') return [{ node: stmt, module: '__future__', plain: false, aliased: false }];
  const module = stmt.childForFieldName('module_name');
  return [{ node: stmt, module: module ? clean(module) : '', plain: false, aliased: false }];
}

/** What the import fixes need from a module's top-level statements, read once per tree and text. */
interface ModuleImportFacts {
  header: ModuleImport[];
  all: ModuleImport[];
  firstCodeLine: number;
  eol: string;
}

/** Rules ask for every finding they fix: the module's statements are read once per tree. */
const factsByTree = new TreeMemo<ModuleImportFacts>();

function importFacts(text: string, root: SyntaxNode, textOf: TextOf): ModuleImportFacts {
  return factsByTree.get(root.tree, text, () => ({
    header: readHeaderImports(root, textOf),
    all: root.namedChildren.filter((c) => IMPORT_TYPES.has(c.type)).flatMap((c) => importsOf(c, textOf)),
    firstCodeLine: firstCodeLine(text, root),
    eol: lineEnding(text),
  }));
}

/**
 * The imports at the top of a module: module-level import statements from the start of the
 * file up to the first statement that is neither an import nor the docstring.
 */
function readHeaderImports(root: SyntaxNode, textOf: TextOf): ModuleImport[] {
  const out: ModuleImport[] = [];
  let sawStatement = false;
  for (const child of root.namedChildren) {
    if (child.type === 'comment') continue;
    if (IMPORT_TYPES.has(child.type)) {
      out.push(...importsOf(child, textOf));
    } else if (!sawStatement && out.length === 0 && child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string') {
      // the module docstring
    } else {
      break;
    }
    sawStatement = true;
  }
  return out;
}

/** True when the module already runs `import <module>` (or `import <module>.sub`, which binds it too) at module level (also after code). */
export function hasPlainImport(text: string, root: SyntaxNode, textOf: TextOf, module: string): boolean {
  return importFacts(text, root, textOf).all.some((i) => i.plain && !i.aliased && (i.module === module || (i.module.startsWith(`${module}.`) && !module.includes('.'))));
}

function topModule(dotted: string): string {
  return dotted.split('.')[0];
}

function isStdlibImport(i: ModuleImport): boolean {
  return i.module !== '__future__' && STDLIB_MODULES.has(topModule(i.module));
}

function sortKey(module: string): string {
  return module.toLowerCase();
}

export interface ImportInsertion {
  edit: TextEdit;
  /** The modules this edit imports. */
  modules: string[];
}

/**
 * Edits that add `import <module>` for each module, in the standard-library import group
 * (alphabetically among its imports), or as a new group before the first import when the
 * file has none. `avoid` lists spans other fixes delete (six imports): no insertion starts
 * where one of them starts, so the edits never collide with those deletions.
 */
export function stdlibImportInsertions(
  text: string,
  root: SyntaxNode,
  textOf: TextOf,
  modules: readonly string[],
  avoid: readonly { start: number; end: number }[] = [],
): ImportInsertion[] {
  const facts = importFacts(text, root, textOf);
  const eol = facts.eol;
  const wanted = [...new Set(modules)].filter((m) => !hasPlainImport(text, root, textOf, m)).sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  if (wanted.length === 0) return [];
  const header = facts.header;
  const stdlib = header.filter(isStdlibImport);
  const afterAvoided = (offset: number): number => {
    let at = offset;
    for (let moved = true; moved; ) {
      moved = false;
      for (const span of avoid) {
        if (span.start === at) {
          at = span.end;
          moved = true;
        }
      }
    }
    return at;
  };

  const byPoint = new Map<number, string[]>();
  let newGroup = false;
  for (const module of wanted) {
    let point: number;
    if (stdlib.length > 0) {
      const after = stdlib.find((i) => sortKey(i.module) > sortKey(module));
      point = after ? lineStartOf(text, after.node.startIndex) : nextLineStart(text, stdlib[stdlib.length - 1].node.endIndex);
    } else {
      const first = header.find((i) => i.module !== '__future__');
      const futures = header.filter((i) => i.module === '__future__');
      if (first) point = lineStartOf(text, first.node.startIndex);
      else if (futures.length > 0) point = nextLineStart(text, futures[futures.length - 1].node.endIndex);
      else point = facts.firstCodeLine;
      newGroup = true;
    }
    point = afterAvoided(point);
    const list = byPoint.get(point) ?? [];
    list.push(module);
    byPoint.set(point, list);
  }
  return [...byPoint.entries()].map(([point, mods]) => {
    let newText = mods.map((m) => `import ${m}${eol}`).join('');
    // A new group is separated from what follows by a blank line.
    if (newGroup && !/^[ \t]*\r?\n/.test(text.slice(point)) && point < text.length) newText += eol;
    return { edit: { start: point, end: point, newText }, modules: mods };
  });
}

/** Start of the first line after the module docstring and leading comments. */
function firstCodeLine(text: string, root: SyntaxNode): number {
  for (const child of root.namedChildren) {
    if (child.type === 'comment') continue;
    if (child.type === 'expression_statement' && child.namedChildren[0]?.type === 'string' && child.startIndex === root.namedChildren.find((c) => c.type !== 'comment')?.startIndex) {
      continue;
    }
    return lineStartOf(text, child.startIndex);
  }
  return text.length;
}
