import type { RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { caughtTypes } from './handlers';

/** Deprecated or removed standard-library modules and what replaces them (catalogue and docs table). */
export const DEPRECATED_MODULES: ReadonlyMap<string, { removedIn: string; replacement: string }> = new Map([
  ['imp', { removedIn: '3.12', replacement: 'importlib' }],
  ['distutils', { removedIn: '3.12', replacement: 'setuptools, packaging.version, shutil.which or sysconfig' }],
  ['asyncore', { removedIn: '3.12', replacement: 'asyncio' }],
  ['asynchat', { removedIn: '3.12', replacement: 'asyncio' }],
  ['smtpd', { removedIn: '3.12', replacement: 'aiosmtpd' }],
  ['telnetlib', { removedIn: '3.13', replacement: 'telnetlib3, or SSH (paramiko)' }],
  ['pipes', { removedIn: '3.13', replacement: 'shlex.quote' }],
  ['cgi', { removedIn: '3.13', replacement: 'email.message and urllib.parse' }],
  ['cgitb', { removedIn: '3.13', replacement: 'traceback and logging' }],
  ['crypt', { removedIn: '3.13', replacement: 'hashlib or passlib' }],
]);

/** The message, as `rules/DVR802.md` words it, with the module and its replacement filled in. */
export function deprecatedModuleMessage(module: string, replacement: string): string {
  return `Module '${module}' is deprecated or removed in current Python; use ${replacement} instead`;
}

const DEPRECATED_FILE = new RegExp(`(^|/)(test_)?_?(${[...DEPRECATED_MODULES.keys()].join('|')})(/|\\.pyi?$)`);

/** Packages that provide a deprecated module's replacement, and may import the module: setuptools ships distutils. */
const PROVIDERS = new Map([['distutils', /(^|\/)(setuptools|_distutils_hack)\//]]);

/**
 * True when the analysed file is itself part of a deprecated module (`distutils/config.py`,
 * `asynchat.py`, a vendored `_distutils/`) or that module's own test (`test_distutils.py`):
 * that code goes away with the module, so its imports of the module (or of its deprecated
 * siblings) need no change.
 */
export function isDeprecatedModuleFile(path: string): boolean {
  return DEPRECATED_FILE.test(path);
}

/**
 * An import in an `except ImportError:` handler is the fallback for when the modern module
 * is missing (`try: import _imp` / `except ImportError: import imp as _imp`): on current
 * Python it never runs.
 */
function isImportErrorFallback(stmt: SyntaxNode, context: RuleContext): boolean {
  for (let p = stmt.parent; p; p = p.parent) {
    if (p.type === 'except_clause') return caughtTypes(p, context.text).some((t) => t === 'ImportError' || t === 'ModuleNotFoundError');
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'module') return false;
  }
  return false;
}

function report(node: SyntaxNode, dotted: string, context: RuleContext): void {
  const top = dotted.split('.')[0];
  const entry = DEPRECATED_MODULES.get(top);
  if (!entry || isDeprecatedModuleFile(context.file.path) || PROVIDERS.get(top)?.test(context.file.path)) return;
  context.report({ node, value: dotted, message: deprecatedModuleMessage(dotted, entry.replacement) });
}

/**
 * DVR802 deprecated-module: `import X` / `from X import y` of a standard-library module that
 * current Python has deprecated or removed. Only absolute imports count (a relative
 * `from . import pipes` is the package's own module).
 */
export const DVR802: RuleCheck = {
  id: 'DVR802',
  // Reads only its own statement (and memoised import facts): re-checked per edited top-level statement.
  scope: 'definition',
  nodeTypes: ['import_statement', 'import_from_statement'],
  check(stmt, context) {
    if (isImportErrorFallback(stmt, context)) return;
    const clean = (n: SyntaxNode): string => context.text(n).replace(/\s+/g, '');
    if (stmt.type === 'import_from_statement') {
      const module = stmt.childForFieldName('module_name');
      if (module && module.type === 'dotted_name') report(module, clean(module), context);
      return;
    }
    for (const item of stmt.childrenForFieldName('name')) {
      const module = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      if (module && module.type === 'dotted_name') report(module, clean(module), context);
    }
  },
};
