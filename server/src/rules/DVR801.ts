import type { RuleContext, SyntaxNode } from '../engine/types';
import type { RuleCheck } from '../engine/types';

/** Names the module binds to the `six` package itself (`import six`, `import six as s`). */
export function sixAliases(context: RuleContext): Set<string> {
  return context.memo('six:aliases', () => {
    const aliases = new Set<string>();
    for (const stmt of context.file.tree.rootNode.descendantsOfType('import_statement')) {
      for (const name of stmt.namedChildren) {
        if (name.type === 'dotted_name' && context.text(name).split('.')[0] === 'six') aliases.add('six');
        if (name.type === 'aliased_import') {
          const module = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (module && alias && context.text(module).replace(/\s+/g, '') === 'six') aliases.add(context.text(alias));
        }
      }
    }
    return aliases;
  });
}

function importsSix(stmt: SyntaxNode, context: RuleContext): string | undefined {
  if (stmt.type === 'import_from_statement') {
    const module = stmt.childForFieldName('module_name');
    const name = module ? context.text(module).replace(/\s+/g, '') : '';
    return name === 'six' || name.startsWith('six.') ? context.text(stmt).replace(/\s+/g, ' ') : undefined;
  }
  for (const name of stmt.namedChildren) {
    const module = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    if (module && module.type === 'dotted_name' && context.text(module).split('.')[0].trim() === 'six') {
      return context.text(stmt).replace(/\s+/g, ' ');
    }
  }
  return undefined;
}

/** DVR801 six-compat: every import of six and every `six.X`. */
export const DVR801: RuleCheck = {
  id: 'DVR801',
  nodeTypes: ['import_statement', 'import_from_statement', 'attribute'],
  scope: 'definition',
  // Every import of six and every alias of it spells the word.
  prefilter: /\bsix\b/,
  check(node, context) {
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      if (!object || object.type !== 'identifier' || !sixAliases(context).has(context.text(object))) return;
      // Report the whole dotted use (`six.moves.urllib.parse`) once, not each prefix.
      let use = node;
      while (use.parent && use.parent.type === 'attribute' && use.parent.childForFieldName('object')?.id === use.id) use = use.parent;
      context.report({ node, value: context.text(use).replace(/\s+/g, '') });
      return;
    }
    const value = importsSix(node, context);
    if (value) context.report({ node, value });
  },
};
