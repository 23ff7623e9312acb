import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { planSixFixes, type SixPlan } from './sixFixes';

/** Names the module binds to the `six` package itself (`import six`, `import six as s`). */
export function sixAliases(context: RuleContext): Set<string> {
  return new Set(context.model.imports.filter((i) => i.statement.type === 'import_statement' && i.qualified === 'six').map((i) => i.local));
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

// Bounded: each `.parent` costs tree-sitter a walk from the root, and no real dotted name is this long.
const MAX_DOTTED_PARTS = 32;

/** Every statement that imports six, in document order. */
function sixImportStatements(context: RuleContext): SyntaxNode[] {
  return context.memo('six:statements', () =>
    context.file.tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement']).filter((s) => importsSix(s, context) !== undefined),
  );
}

/** The file's fix plan, built on the first finding that needs it. */
function plan(context: RuleContext): SixPlan {
  return context.memo('six:plan', () => planSixFixes(context, sixImportStatements(context)));
}

/**
 * DVR801 six-compat: every import of six and every `six.X`, each with its exact Python 3
 * rewrite as a safe fix where one exists (rewrites: sixRewrites.ts; per-file plan: sixFixes.ts).
 */
export const DVR801: RuleCheck = {
  id: 'DVR801',
  nodeTypes: ['import_statement', 'import_from_statement', 'attribute'],
  // 'file': each finding's fix comes from one plan of the whole file (whether the import of six
  // can go depends on every use of six anywhere), so an edit anywhere can change any finding's
  // fix. The prefilter keeps the cost to files that mention six.
  scope: 'file',
  // Every import of six and every alias of it spells the word.
  prefilter: /\bsix\b/,
  check(node, context) {
    if (node.type === 'attribute') {
      const aliases = sixAliases(context);
      if (aliases.size === 0) return;
      const object = node.childForFieldName('object');
      if (!object || object.type !== 'identifier' || !aliases.has(context.text(object))) return;
      // Report the whole dotted use (`six.moves.urllib.parse`) once, not each prefix.
      // Bounded: each `.parent` costs tree-sitter a walk from the root, and no real dotted name is this long.
      let use = node;
      for (let hops = 0; hops < MAX_DOTTED_PARTS; hops++) {
        const parent = use.parent;
        if (!parent || parent.type !== 'attribute' || parent.childForFieldName('object')?.id !== use.id) break;
        use = parent;
      }
      const fix = plan(context).referenceFix(object);
      context.report({ node, value: context.text(use).replace(/\s+/g, ''), fixes: fix ? [fix] : [] });
      return;
    }
    const value = importsSix(node, context);
    if (!value) return;
    const fix = plan(context).statementFix(node);
    context.report({ node, value, fixes: fix ? [fix] : [] });
  },
};
