import type { RuleContext } from './types';

/** Top-level package names a module imports anywhere (`oslo_log`, `neutron`, `os`), computed once per file. */
export function importedPackages(context: RuleContext): ReadonlySet<string> {
  return context.memo('imports:packages', () => {
    const packages = new Set<string>();
    const root = context.file.tree.rootNode;
    for (const stmt of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      if (stmt.type === 'import_from_statement') {
        const module = stmt.childForFieldName('module_name');
        const name = module ? context.text(module).replace(/\s+/g, '') : '';
        if (name && !name.startsWith('.')) packages.add(name.split('.')[0]);
        continue;
      }
      for (const item of stmt.namedChildren) {
        const module = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
        if (module && module.type === 'dotted_name') packages.add(context.text(module).replace(/\s+/g, '').split('.')[0]);
      }
    }
    return packages;
  });
}

/** OpenStack service code: it imports an oslo library or Neutron. */
export function isOpenStackModule(context: RuleContext): boolean {
  for (const p of importedPackages(context)) if (p.startsWith('oslo') || p.startsWith('neutron')) return true;
  return false;
}
