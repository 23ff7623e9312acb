import { STDLIB_MODULES } from '../engine/stdlibModules';
import { TreeMemo } from '../engine/treeMemo';
import type { SourceFile, SyntaxNode, TextEdit } from '../engine/types';
import { eolOf, lineEndAt, lineStartAt } from './layout';

/** Adding a `from X import Y` to a module, in the import group where OpenStack style puts it. */

export interface ImportPlan {
  /** The name to use in code (the existing alias when the module already imports it); undefined when the name is taken by another import. */
  name: string | undefined;
  /** The insertion, or undefined when the import is already there. */
  edit?: TextEdit;
}

const IMPORT_TYPES = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);
/** Third-party packages an OpenStack module commonly imports besides oslo.* (they mark the third-party group). */
const KNOWN_THIRD_PARTY = new Set([
  'neutron_lib', 'netaddr', 'webob', 'eventlet', 'six', 'pyroute2', 'sqlalchemy', 'requests', 'routes', 'stevedore',
  'keystoneauth1', 'tenacity', 'pecan', 'jinja2', 'yaml', 'httplib2', 'greenlet', 'ovs', 'ovsdbapp', 'osprofiler', 'paste',
]);

interface ImportLine {
  node: SyntaxNode;
  /** `a.b` for `import a.b`, `a.b` for `from a import b`: what hacking's H306 sorts by. */
  key: string;
  topModule: string;
}

function moduleOf(node: SyntaxNode, text: (n: SyntaxNode) => string): { key: string; topModule: string } {
  if (node.type === 'future_import_statement') return { key: '__future__', topModule: '__future__' };
  if (node.type === 'import_from_statement') {
    const module = node.childForFieldName('module_name');
    const moduleName = module ? text(module).replace(/\s+/g, '') : '';
    const first = node.childrenForFieldName('name')[0];
    const imported = first ? text(first.type === 'aliased_import' ? first.childForFieldName('name') ?? first : first).replace(/\s+/g, '') : '';
    return { key: `${moduleName}.${imported}`.toLowerCase(), topModule: moduleName.split('.')[0] };
  }
  const first = node.namedChildren[0];
  const target = first && first.type === 'aliased_import' ? first.childForFieldName('name') : first;
  const moduleName = target ? text(target).replace(/\s+/g, '') : '';
  return { key: moduleName.toLowerCase(), topModule: moduleName.split('.')[0] };
}

/** The alias under which `from module import name` is already bound at top level, if it is. */
function existingImport(imports: readonly ImportLine[], module: string, name: string, text: (n: SyntaxNode) => string): string | undefined {
  for (const { node } of imports) {
    if (node.type !== 'import_from_statement') continue;
    const moduleNode = node.childForFieldName('module_name');
    if (!moduleNode || text(moduleNode).replace(/\s+/g, '') !== module) continue;
    for (const item of node.childrenForFieldName('name')) {
      if (item.type === 'aliased_import') {
        const original = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (original && alias && text(original) === name) return text(alias);
      } else if (text(item) === name) {
        return name;
      }
    }
  }
  return undefined;
}

/** Some other top-level import already binds `name` (`from neutron.common import strutils`). */
function bindsName(imports: readonly ImportLine[], name: string, text: (n: SyntaxNode) => string): boolean {
  for (const { node } of imports) {
    const items = node.type === 'import_from_statement' ? node.childrenForFieldName('name') : node.namedChildren;
    for (const item of items) {
      const bound = item.type === 'aliased_import' ? item.childForFieldName('alias') : item;
      if (bound && text(bound).replace(/\s+/g, '').split('.')[0] === name) return true;
    }
  }
  return false;
}

/** Consecutive top-level imports with no blank line or other statement between them. */
function importGroups(file: SourceFile, imports: readonly ImportLine[]): ImportLine[][] {
  const groups: ImportLine[][] = [];
  let previous: ImportLine | undefined;
  for (const line of imports) {
    const between = previous ? file.text.slice(previous.node.endIndex, line.node.startIndex) : '';
    const adjacent = previous && previous.node.nextNamedSibling?.id === line.node.id && !/\n[ \t]*\r?\n|\r[ \t]*\r/.test(between);
    if (adjacent) groups[groups.length - 1].push(line);
    else groups.push([line]);
    previous = line;
  }
  return groups;
}

/**
 * Plans `from <module> import <name>`: into the third-party group (the one holding
 * `oslo_*` imports), sorted by module; with no such group, as a new group after the
 * standard-library group (or before the first group when there is none).
 */
export function planFromImport(file: SourceFile, module: string, name: string): ImportPlan {
  // Rules plan for every finding they fix: once per tree and import is enough.
  const plans = plansByTree.get(file.tree, file.text, () => new Map<string, ImportPlan>());
  const key = `${module}\0${name}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = planImport(file, module, name);
    plans.set(key, plan);
  }
  return plan;
}

const plansByTree = new TreeMemo<Map<string, ImportPlan>>();

function planImport(file: SourceFile, module: string, name: string): ImportPlan {
  const text = (n: SyntaxNode): string => file.text.slice(n.startIndex, n.endIndex);
  const root = file.tree.rootNode;
  const imports: ImportLine[] = root.namedChildren.filter((n) => IMPORT_TYPES.has(n.type)).map((node) => ({ node, ...moduleOf(node, text) }));
  const existing = existingImport(imports, module, name, text);
  if (existing) return { name: existing };
  if (bindsName(imports, name, text)) return { name: undefined };

  const eol = eolOf(file.text);
  const statement = `from ${module} import ${name}`;
  const key = `${module}.${name}`.toLowerCase();
  const groups = importGroups(file, imports);
  const isThirdParty = (g: ImportLine[]): boolean => g.some((l) => l.topModule.startsWith('oslo_') || l.topModule === 'oslo');
  const thirdParty = groups.find(isThirdParty) ?? groups.find((g) => g.some((l) => KNOWN_THIRD_PARTY.has(l.topModule)) && g.every((l) => !STDLIB_MODULES.has(l.topModule)));
  if (thirdParty) {
    const after = thirdParty.find((l) => l.key > key);
    if (after) {
      const at = lineStartAt(file.text, after.node.startIndex);
      return { name, edit: { start: at, end: at, newText: statement + eol } };
    }
    const at = lineEndAt(file.text, thirdParty[thirdParty.length - 1].node.endIndex);
    return { name, edit: { start: at, end: at, newText: eol + statement } };
  }
  const stdlib = groups.filter((g) => g.every((l) => STDLIB_MODULES.has(l.topModule))).pop();
  if (stdlib) {
    const at = lineEndAt(file.text, stdlib[stdlib.length - 1].node.endIndex);
    return { name, edit: { start: at, end: at, newText: eol + eol + statement } };
  }
  if (groups.length > 0) {
    const at = lineStartAt(file.text, groups[0][0].node.startIndex);
    return { name, edit: { start: at, end: at, newText: statement + eol + eol } };
  }
  const first = root.namedChildren.find((n) => n.type !== 'comment');
  const docstring = first && first.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first : undefined;
  if (docstring) {
    const at = lineEndAt(file.text, docstring.endIndex);
    return { name, edit: { start: at, end: at, newText: eol + eol + statement } };
  }
  const at = first ? lineStartAt(file.text, first.startIndex) : file.text.length;
  return { name, edit: { start: at, end: at, newText: statement + eol + (first ? eol + eol : '') } };
}
