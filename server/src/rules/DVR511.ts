import { taintAt, spanOf, taintPath, type Taint } from '../analysis/taint';
import { callArguments, lastSegment, unparenthesize } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { shortText, stringValue } from './callFacts';
import { callName } from './resolvedNames';

/** Calls that open a tar archive. */
const TAR_OPENERS = /^tarfile\.(open|TarFile(\.(open|taropen|gzopen|bz2open|xzopen))?)$/;
const ZIP_OPENERS = /^zipfile\.(ZipFile|PyZipFile)$/;
/** Named filters that keep members inside the target directory (PEP 706). */
const SAFE_FILTERS = new Set(['data', 'tar']);

type ArchiveKind = 'tar' | 'zip' | 'unknown';

interface Archive {
  kind: ArchiveKind;
  /** The call that opened it, where the code shows it. */
  opener?: SyntaxNode;
}

/** The expression a name was bound to: `tar = tarfile.open(p)` or `with tarfile.open(p) as tar`. */
function boundValue(name: SyntaxNode, context: RuleContext): SyntaxNode | undefined {
  const binding = context.model.bindingOf(name);
  if (!binding) return undefined;
  if (binding.kind === 'assignment') return binding.value;
  if (binding.kind !== 'with') return undefined;
  let node: SyntaxNode | null = binding.node;
  while (node && node.type !== 'as_pattern' && node.type !== 'with_item') node = node.parent;
  return node?.type === 'as_pattern' ? node.namedChildren[0] : undefined;
}

/** What the receiver of `.extractall()` is: a tar archive, a zip archive (safe), or not known. */
function archiveOf(receiver: SyntaxNode, context: RuleContext): Archive {
  let value: SyntaxNode | undefined = unparenthesize(receiver);
  if (value.type === 'identifier') value = boundValue(value, context);
  value = value ? unparenthesize(value) : undefined;
  if (!value || value.type !== 'call') return { kind: 'unknown' };
  const name = callName(value, context);
  if (TAR_OPENERS.test(name)) return { kind: 'tar', opener: value };
  if (ZIP_OPENERS.test(name)) return { kind: 'zip' };
  return { kind: 'unknown' };
}

/** `filter='data'` / `'tar'` or a filter function of the code's own, or a chosen subset of members. */
function restricted(call: SyntaxNode, context: RuleContext): boolean {
  const { keywords } = callArguments(call, context.text);
  const filter = keywords.get('filter');
  if (filter && unparenthesize(filter).type !== 'none') {
    const named = stringValue(filter, context);
    return named === undefined || SAFE_FILTERS.has(named);
  }
  const members = keywords.get('members');
  if (!members || unparenthesize(members).type === 'none') return false;
  // `members=tar.getmembers()` is every member again.
  const m = unparenthesize(members);
  return !(m.type === 'call' && lastSegment(callName(m, context) || context.text(m.childForFieldName('function') ?? m)) === 'getmembers');
}

/** Adds `filter='data'` to the call's arguments. Unsafe: links, devices and modes the archive asks for are refused or dropped. */
function dataFilterFix(call: SyntaxNode): Fix | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  const close = args.lastChild;
  if (!close || close.type !== ')') return undefined;
  const inner = args.children.filter((c) => c.type !== 'comment' && c.type !== '(' && c.type !== ')');
  const last = inner[inner.length - 1];
  const text = !last || last.type === ',' ? "filter='data'" : ", filter='data'";
  const at = last ? last.endIndex : close.startIndex;
  return { title: "Extract with filter='data'", applicability: 'unsafe', edits: [{ start: at, end: at, newText: last && last.type === ',' ? ` ${text}` : text }] };
}

/** The first argument of the opening call that a threat-model source reaches. */
function sourcedArgument(opener: SyntaxNode | undefined, context: RuleContext): { arg: SyntaxNode; taint: Taint } | undefined {
  const args = opener ? callArguments(opener, context.text) : undefined;
  for (const arg of args ? [...args.positional, ...args.keywords.values()] : []) {
    const taint = taintAt(arg, context);
    if (taint) return { arg, taint };
  }
  return undefined;
}

/**
 * DVR511 archive-extraction-unfiltered: a tar archive extracted with `extractall()` or
 * `extract()` (or `shutil.unpack_archive`) without `filter='data'` or a chosen list of
 * members, so member names such as `../../etc/cron.d/x` or absolute paths write outside the
 * target. zip archives are not reported: zipfile drops `..` and leading slashes itself.
 */
export const DVR511: RuleCheck = {
  id: 'DVR511',
  nodeTypes: ['call'],
  scope: 'callees',
  prefilter: /\b(tarfile|unpack_archive)\b/,
  check(call, context) {
    if (context.file.isTestCode) return;
    const fn = call.childForFieldName('function');
    if (!fn) return;
    let archive: Archive;
    const qualified = callName(call, context);
    if (qualified === 'shutil.unpack_archive') {
      const format = stringValue(callArguments(call, context.text).keywords.get('format') ?? callArguments(call, context.text).positional[2], context);
      if (format === 'zip') return;
      archive = { kind: 'tar', opener: call };
    } else {
      const method = fn.type === 'attribute' ? context.text(fn.childForFieldName('attribute') ?? fn) : '';
      const receiver = fn.childForFieldName('object');
      if ((method !== 'extractall' && method !== 'extract') || !receiver) return;
      archive = archiveOf(receiver, context);
      // An unknown receiver counts as a tar archive where only tarfile is imported (Bandit B202's view); `extract` needs a known one.
      const tarOnly = context.model.importsModule('tarfile') && !context.model.importsModule('zipfile');
      if (archive.kind === 'zip' || (archive.kind === 'unknown' && (method === 'extract' || !tarOnly))) return;
    }
    if (restricted(call, context)) return;
    const sourced = sourcedArgument(archive.opener, context);
    const fix = qualified === 'shutil.unpack_archive' ? undefined : dataFilterFix(call);
    context.report({
      node: fn,
      value: shortText(fn, context),
      ...(sourced ? { severity: 'high' } : {}),
      confidence: archive.kind === 'tar' ? 'high' : 'medium',
      ...(sourced ? { related: taintPath(sourced.taint, spanOf(sourced.arg), 'the archive extracted here') } : {}),
      ...(fix ? { fixes: [fix] } : {}),
    });
  },
};
