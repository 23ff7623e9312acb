import type { SyntaxNode } from '../engine/types';

type TextOf = (node: SyntaxNode) => string;

/** One name an import statement binds. */
export interface ImportedName {
  /** The local name (`o` in `import os as o`, `os` in `import os.path`). */
  local: string;
  /** The dotted name it stands for (`os`, `subprocess.Popen`, `xml.etree.ElementTree`). */
  qualified: string;
  /** Every module the statement imports, dotted (`os.path` for `import os.path`). */
  module: string;
  /** `from . import x`: the module is relative to the file's package (leading dots dropped from `qualified`). */
  relative: boolean;
  /** The node that names the binding (the alias, or the dotted name). */
  node: SyntaxNode;
  statement: SyntaxNode;
}

const clean = (text: string): string => text.replace(/\s+/g, '');

/** One item of an import statement: the imported dotted name and its `as` alias, if any. */
function importItem(item: SyntaxNode, textOf: TextOf): { nameNode: SyntaxNode; alias: SyntaxNode | null; dotted: string } | undefined {
  const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
  const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
  if (!nameNode) return undefined;
  const dotted = clean(textOf(nameNode));
  return dotted ? { nameNode, alias, dotted } : undefined;
}

/** The names one `import` / `from ... import` statement binds; a star import binds none we can know. */
export function importedNames(statement: SyntaxNode, textOf: TextOf): ImportedName[] {
  const names: ImportedName[] = [];
  if (statement.type === 'import_statement') {
    for (const item of statement.childrenForFieldName('name')) {
      const parts = importItem(item, textOf);
      if (!parts) continue;
      const { nameNode, alias, dotted } = parts;
      // `import os.path` binds `os`; `import os.path as p` binds `p` to `os.path`.
      const local = alias ? clean(textOf(alias)) : dotted.split('.')[0];
      names.push({ local, qualified: alias ? dotted : local, module: dotted, relative: false, node: alias ?? nameNode, statement });
    }
    return names;
  }
  if (statement.type !== 'import_from_statement') return names;
  const moduleNode = statement.childForFieldName('module_name');
  const moduleText = moduleNode ? clean(textOf(moduleNode)) : '';
  const relative = moduleText.startsWith('.');
  const module = moduleText.replace(/^\.+/, '');
  for (const item of statement.childrenForFieldName('name')) {
    const parts = importItem(item, textOf);
    if (!parts) continue;
    const { nameNode, alias, dotted } = parts;
    names.push({
      local: alias ? clean(textOf(alias)) : dotted,
      qualified: module ? `${module}.${dotted}` : dotted,
      module,
      relative,
      node: alias ?? nameNode,
      statement,
    });
  }
  return names;
}
