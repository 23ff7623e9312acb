import type { Fix, RuleContext, SyntaxNode, TextEdit } from '../engine/types';
import { bindingsByName, isNameReference, type Binding } from '../fixes/bindings';
import { sameEdit } from '../fixes/edits';
import { hasPlainImport, lineEnding, stdlibImportInsertions, wholeLineSpan, type ImportInsertion } from '../fixes/imports';
import { lookupTarget, rewriteReference, SIX_TARGETS, type Rewrite, type RewriteScope } from './sixRewrites';

/**
 * DVR801's quick fixes for one file, planned once: every reference to six with its exact
 * rewrite, the stdlib imports those rewrites need (one shared set of insert edits, so that
 * fixes needing the same import carry the identical edit and apply together), and the
 * import statements' fixes, which remove six only when every use of it is rewritten too.
 */

interface SixBinding {
  name: string;
  /** The path inside six the name stands for (`[]` for `six`, `['moves']` for `from six import moves`). */
  path: string[];
  statement: SyntaxNode;
  /** The imported item (`moves`, `parse as urlparse`) for from-imports. */
  item?: SyntaxNode;
}

interface Reference {
  chain: SyntaxNode[];
  rewrite: Rewrite | undefined;
}

export interface SixPlan {
  /** The fix for the `six.X` use whose root identifier is `root`. */
  referenceFix(root: SyntaxNode): Fix | undefined;
  /** The fix for a six import statement. */
  statementFix(statement: SyntaxNode): Fix | undefined;
}

const clean = (s: string): string => s.replace(/\s+/g, '');

/** The names six import statements bind, and what each stands for. */
export function sixBindings(statements: readonly SyntaxNode[], textOf: (n: SyntaxNode) => string): SixBinding[] {
  const out: SixBinding[] = [];
  for (const stmt of statements) {
    if (stmt.type === 'import_statement') {
      for (const item of stmt.childrenForFieldName('name')) {
        const aliased = item.type === 'aliased_import';
        const moduleNode = aliased ? item.childForFieldName('name') : item;
        const alias = aliased ? item.childForFieldName('alias') : null;
        const parts = moduleNode ? clean(textOf(moduleNode)).split('.') : [];
        if (parts[0] !== 'six') continue;
        // `import six.moves` binds `six`; `import six.moves as m` binds `m` to six.moves.
        out.push(alias ? { name: textOf(alias), path: parts.slice(1), statement: stmt, item } : { name: 'six', path: [], statement: stmt, item });
      }
    } else {
      const moduleNode = stmt.childForFieldName('module_name');
      const parts = moduleNode ? clean(textOf(moduleNode)).split('.') : [];
      if (parts[0] !== 'six') continue;
      for (const item of stmt.childrenForFieldName('name')) {
        const aliased = item.type === 'aliased_import';
        const nameNode = aliased ? item.childForFieldName('name') : item;
        const alias = aliased ? item.childForFieldName('alias') : null;
        if (!nameNode) continue;
        const imported = clean(textOf(nameNode));
        out.push({ name: alias ? textOf(alias) : imported, path: [...parts.slice(1), ...imported.split('.')], statement: stmt, item });
      }
    }
  }
  return out;
}

/** The most segments a six name has that a rewrite knows (`moves.urllib.parse.quote`: 4). */
const LONGEST_TARGET = Math.max(...[...SIX_TARGETS.keys()].map((key) => key.split('.').length));

/**
 * The attribute chain rooted at an identifier: `six`, `six.moves`, `six.moves.range`, at most
 * one attribute longer than any rewrite's name. A rewrite reads no further (rewriteReference
 * only needs to know that the chain goes on), and walking up a 50,000-attribute chain cost the
 * square of its length: tree-sitter's `parent` costs the depth of the node.
 */
function chainFrom(root: SyntaxNode): SyntaxNode[] {
  const chain = [root];
  let node = root;
  while (chain.length <= LONGEST_TARGET + 1 && node.parent && node.parent.type === 'attribute' && node.parent.childForFieldName('object')?.id === node.id) {
    node = node.parent;
    chain.push(node);
  }
  return chain;
}

function attributeName(node: SyntaxNode, textOf: (n: SyntaxNode) => string): string {
  const attr = node.childForFieldName('attribute');
  return attr ? textOf(attr) : '';
}

/** Edits of one fix must not overlap each other (identical ones are one edit). */
function selfConsistent(edits: readonly TextEdit[]): boolean {
  const sorted = edits.filter((e, i) => !edits.slice(0, i).some((o) => sameEdit(o, e))).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return false;
  return true;
}

export function planSixFixes(context: RuleContext, statements: readonly SyntaxNode[]): SixPlan {
  const { text } = context.file;
  const root = context.file.tree.rootNode;
  const textOf = context.text;
  const bindings = sixBindings(statements, textOf);
  const sixStatementIds = new Set(statements.map((s) => s.id));
  const allBindings = bindingsByName(root, textOf);

  // A name may be rewritten to `str` or `io` only if nothing in the file binds it to something
  // else: bindings by six imports (about to go) and by a plain `import io` are fine.
  const plainImportBinds = (stmt: SyntaxNode, name: string): boolean =>
    stmt.childrenForFieldName('name').some((item) => item.type === 'dotted_name' && clean(textOf(item)).split('.')[0] === name);
  const isFree = (name: string): boolean =>
    (allBindings.get(name) ?? []).every((b: Binding) => b.isImport && (sixStatementIds.has(b.node.id) || (b.node.type === 'import_statement' && plainImportBinds(b.node, name))));

  // Names bound only by six imports; a name also bound otherwise gets no rewrites.
  const sixNames = new Map<string, SixBinding>();
  const ambiguous = new Set<string>();
  for (const b of bindings) {
    const previous = sixNames.get(b.name);
    if (previous && previous.path.join('.') !== b.path.join('.')) ambiguous.add(b.name);
    sixNames.set(b.name, b);
  }
  for (const name of sixNames.keys()) {
    if ((allBindings.get(name) ?? []).some((b) => !sixStatementIds.has(b.node.id))) ambiguous.add(name);
  }

  // Every read of a six-bound name, outermost attribute chain first.
  const referencesByName = new Map<string, Reference[]>();
  const referenceByRoot = new Map<number, Reference>();
  const referenceRoots = new Set<number>();
  const scope: RewriteScope = {
    text,
    textOf,
    isFree,
    containsSixReference: (node) => node.descendantsOfType('identifier').some((id) => referenceRoots.has(id.id)) || referenceRoots.has(node.id),
  };
  const pending: { name: string; chain: SyntaxNode[]; path: string[] }[] = [];
  for (const id of root.descendantsOfType('identifier')) {
    const binding = sixNames.get(textOf(id));
    if (!binding || !isNameReference(id)) continue;
    const chain = chainFrom(id);
    const path = [...binding.path, ...chain.slice(1).map((n) => attributeName(n, textOf))];
    referenceRoots.add(id.id);
    pending.push({ name: binding.name, chain, path });
  }
  for (const p of pending) {
    const rewrite = ambiguous.has(p.name) ? undefined : rewriteReference(p.chain, p.path, scope);
    const ref: Reference = { chain: p.chain, rewrite };
    referenceByRoot.set(p.chain[0].id, ref);
    const list = referencesByName.get(p.name) ?? [];
    list.push(ref);
    referencesByName.set(p.name, list);
  }

  // One set of stdlib import insertions for the whole file (never where a six import line starts).
  const needed = new Set<string>();
  for (const ref of referenceByRoot.values()) for (const m of ref.rewrite?.imports ?? []) needed.add(m);
  const avoid = statements.map((s) => wholeLineSpan(text, s)).filter((s): s is { start: number; end: number } => !!s);
  const insertions: ImportInsertion[] = stdlibImportInsertions(text, root, textOf, [...needed], avoid);
  const importEdits = (modules: Iterable<string>): TextEdit[] => {
    const wanted = new Set(modules);
    return insertions.filter((i) => i.modules.some((m) => wanted.has(m))).map((i) => i.edit);
  };

  /** All rewrites of one name's references, or undefined if any reference has none. */
  const rewritesOf = (name: string): Rewrite[] | undefined => {
    const refs = referencesByName.get(name) ?? [];
    if (ambiguous.has(name) || refs.some((r) => !r.rewrite)) return undefined;
    return refs.map((r) => r.rewrite as Rewrite);
  };

  const combine = (title: string, statementEdits: TextEdit[], rewrites: Rewrite[]): Fix | undefined => {
    const edits = [...statementEdits, ...rewrites.flatMap((r) => r.edits), ...importEdits(rewrites.flatMap((r) => r.imports))];
    if (!selfConsistent(edits)) return undefined;
    return { title, applicability: rewrites.some((r) => r.unsafe) ? 'unsafe' : 'safe', edits };
  };

  const eol = lineEnding(text);

  return {
    referenceFix(rootId) {
      const ref = referenceByRoot.get(rootId.id);
      if (!ref?.rewrite) return undefined;
      return combine(`Replace ${ref.rewrite.replaces} with ${ref.rewrite.becomes}`, [], [ref.rewrite]);
    },

    statementFix(stmt) {
      if (stmt.parent?.type !== 'module') return undefined;
      const own = bindings.filter((b) => b.statement.id === stmt.id);
      if (own.length === 0 || stmt.descendantsOfType('wildcard_import').length > 0) return undefined;
      const span = wholeLineSpan(text, stmt);
      const rewrites: Rewrite[] = [];
      let uses = 0;

      if (stmt.type === 'import_statement') {
        for (const b of own) {
          const r = rewritesOf(b.name);
          if (!r) return undefined;
          rewrites.push(...r);
          uses += r.length;
        }
        const others = stmt.childrenForFieldName('name').filter((item) => !own.some((b) => b.item?.id === item.id));
        const statementEdits: TextEdit[] = others.length === 0
          ? span ? [{ ...span, newText: '' }] : []
          : [{ start: stmt.startIndex, end: stmt.endIndex, newText: `import ${others.map((o) => textOf(o)).join(', ')}` }];
        if (statementEdits.length === 0) return undefined;
        const title = uses === 0 ? 'Remove the unused six import' : `Remove the six import and rewrite its ${uses} use${uses === 1 ? '' : 's'}`;
        return combine(title, statementEdits, rewrites);
      }

      // from six... import a, b as c: each name is dropped (a builtin), re-imported from the
      // stdlib (a module or function), or has its uses rewritten.
      const lines: string[] = [];
      for (const b of own) {
        const line = stdlibImportLine(b);
        if (line === null) continue;
        if (line !== undefined) {
          if (!/^import \S+$/.test(line) || !hasPlainImport(text, root, textOf, line.slice('import '.length))) lines.push(line);
          continue;
        }
        const r = rewritesOf(b.name);
        if (!r) return undefined;
        rewrites.push(...r);
        uses += r.length;
      }
      let statementEdits: TextEdit[];
      if (lines.length > 0) statementEdits = [{ start: stmt.startIndex, end: stmt.endIndex, newText: lines.join(eol) }];
      else if (span) statementEdits = [{ ...span, newText: '' }];
      else return undefined;
      const title = lines.length > 0 ? `Import from the standard library instead of six` : uses === 0 ? 'Remove the six import' : `Remove the six import and rewrite its ${uses} use${uses === 1 ? '' : 's'}`;
      return combine(title, statementEdits, rewrites);
    },
  };
}

/**
 * The stdlib import that replaces one name of a `from six... import` (`from urllib import
 * parse as urlparse`), null when the name needs no import at all (a builtin imported under
 * its own name), or undefined when its uses must be rewritten instead.
 */
function stdlibImportLine(b: SixBinding): string | null | undefined {
  const found = lookupTarget(b.path);
  if (!found || found.target.kind !== 'expr') return undefined;
  const { target, used } = found;
  const rest = b.path.slice(used);
  if (target.builtin) return rest.length === 0 && target.text === b.name ? null : undefined;
  const module = target.imports?.[0];
  if (!module) return undefined;
  const dotted = [target.text, ...rest].join('.');
  if (dotted !== module && !dotted.startsWith(`${module}.`)) return undefined;
  const parts = dotted.split('.');
  const last = parts[parts.length - 1];
  if (parts.length === 1) return b.name === last ? `import ${last}` : `import ${last} as ${b.name}`;
  const head = parts.slice(0, -1).join('.');
  return b.name === last ? `from ${head} import ${last}` : `from ${head} import ${last} as ${b.name}`;
}
