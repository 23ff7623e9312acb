import type { TextOf } from './python';
import type { RuleContext, SyntaxNode } from './types';

/**
 * Matching calls against dotted names such as `myvalidators.check_name`, the way users
 * write them in `taint-sources` / `taint-sinks` / `taint-sanitizers`. A call matches
 * when its callee as written, or as qualified through the module's imports
 * (`from myvalidators import check_name` makes `check_name(...)` mean
 * `myvalidators.check_name(...)`), equals the name or ends with it at a dot
 * (`self.check_name` matches `check_name`). `*` stands for any part of one segment.
 */

/** Local name -> dotted name it stands for, from the module's import statements. */
export type ImportAliases = ReadonlyMap<string, string>;

export function importAliases(root: SyntaxNode, textOf: TextOf): Map<string, string> {
  const aliases = new Map<string, string>();
  const clean = (n: SyntaxNode): string => textOf(n).replace(/\s+/g, '');
  for (const statement of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    const moduleNode = statement.type === 'import_from_statement' ? statement.childForFieldName('module_name') : null;
    const module = moduleNode ? clean(moduleNode).replace(/^\.+/, '') : '';
    for (const item of statement.namedChildren) {
      if (moduleNode && item.startIndex === moduleNode.startIndex && item.endIndex === moduleNode.endIndex) continue;
      let name: SyntaxNode | null = null;
      let alias: SyntaxNode | null = null;
      if (item.type === 'aliased_import') {
        name = item.childForFieldName('name');
        alias = item.childForFieldName('alias');
      } else if (item.type === 'dotted_name') {
        name = item;
      }
      if (!name) continue;
      const dotted = clean(name);
      if (statement.type === 'import_from_statement') {
        const full = module ? `${module}.${dotted}` : dotted;
        aliases.set(alias ? clean(alias) : dotted, full);
      } else if (alias) {
        aliases.set(clean(alias), dotted);
      }
    }
  }
  return aliases;
}

/** The module's import aliases, computed once per file. */
export function fileImportAliases(context: RuleContext): ImportAliases {
  return context.memo('importAliases', () => importAliases(context.file.tree.rootNode, context.text));
}

/** `check_name` -> `myvalidators.check_name` when the first segment was imported under that name. */
export function qualify(dotted: string, aliases: ImportAliases): string {
  const dot = dotted.indexOf('.');
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const target = aliases.get(head);
  return target === undefined ? dotted : target + (dot < 0 ? '' : dotted.slice(dot));
}

export class CallMatcher {
  private readonly patterns: RegExp[];

  constructor(names: readonly string[]) {
    this.patterns = names
      .filter((n) => n.length > 0)
      .map((n) => {
        const body = n
          .split('.')
          .map((segment) => segment.split('*').map(escapeRegExp).join('[A-Za-z0-9_]*'))
          .join('\\.');
        return new RegExp(`(^|\\.)${body}$`);
      });
  }

  get isEmpty(): boolean {
    return this.patterns.length === 0;
  }

  /** Does a callee named `dotted` (as written) match, directly or through the imports? */
  matches(dotted: string, aliases: ImportAliases): boolean {
    if (this.patterns.length === 0 || dotted.length === 0) return false;
    const qualified = qualify(dotted, aliases);
    return this.patterns.some((p) => p.test(dotted) || (qualified !== dotted && p.test(qualified)));
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
