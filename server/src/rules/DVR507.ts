import { lastSegment, unparenthesize } from '../engine/python';
import type { Fix, RuleCheck, RuleContext, SyntaxNode } from '../engine/types';
import { argument, integerValue } from './callFacts';
import { callName, qualifiedName } from './resolvedNames';

/** Mode argument of each call: position and keyword. */
const MODE_ARGUMENT: ReadonlyMap<string, [number, string]> = new Map([
  ['os.chmod', [1, 'mode']],
  ['os.lchmod', [1, 'mode']],
  ['os.fchmod', [1, 'mode']],
  ['os.open', [2, 'mode']],
  ['os.makedirs', [1, 'mode']],
  ['os.mkdir', [1, 'mode']],
  ['os.mkfifo', [1, 'mode']],
  ['os.mknod', [1, 'mode']],
]);
const WORLD_WRITABLE = 0o002;
const STICKY = 0o1000;
/** `stat` constants by value. */
const STAT_BITS: Record<string, number> = {
  S_ISUID: 0o4000, S_ISGID: 0o2000, S_ISVTX: 0o1000, S_IRWXU: 0o700, S_IRUSR: 0o400, S_IWUSR: 0o200, S_IXUSR: 0o100,
  S_IRWXG: 0o070, S_IRGRP: 0o040, S_IWGRP: 0o020, S_IXGRP: 0o010, S_IRWXO: 0o007, S_IROTH: 0o004, S_IWOTH: 0o002,
  S_IXOTH: 0o001, S_IREAD: 0o400, S_IWRITE: 0o200, S_IEXEC: 0o100,
};

/** The value of a mode written as a literal or `stat` constants joined with `|` or `+`, else undefined. */
export function modeValue(node: SyntaxNode, context: RuleContext): number | undefined {
  const n = unparenthesize(node);
  const literal = integerValue(n, context);
  if (literal !== undefined) return literal;
  if (n.type === 'binary_operator') {
    const op = n.childForFieldName('operator');
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!op || !left || !right || (context.text(op) !== '|' && context.text(op) !== '+')) return undefined;
    const a = modeValue(left, context);
    const b = modeValue(right, context);
    return a === undefined || b === undefined ? undefined : a | b;
  }
  const name = qualifiedName(n, context);
  return name.startsWith('stat.') ? STAT_BITS[lastSegment(name)] : undefined;
}

/** `0o777` -> `0o775`: an octal literal without the world-write bit. Unsafe: other users lose write access. */
function withoutWorldWrite(mode: SyntaxNode, value: number): Fix | undefined {
  if (unparenthesize(mode).type !== 'integer') return undefined;
  return {
    title: `Use mode 0o${(value & ~WORLD_WRITABLE).toString(8)} (no write access for other users)`,
    applicability: 'unsafe',
    edits: [{ start: mode.startIndex, end: mode.endIndex, newText: `0o${(value & ~WORLD_WRITABLE).toString(8)}` }],
  };
}

/**
 * DVR507 permissive-file-mode: files and folders created or changed to be writable by
 * every user (`os.chmod(path, 0o777)`, `os.makedirs(path, 0o777)`, `stat.S_IWOTH`), and
 * `os.umask()` masks that let them be.
 */
export const DVR507: RuleCheck = {
  id: 'DVR507',
  nodeTypes: ['call'],
  scope: 'definition',
  prefilter: /chmod|umask|\bopen\b|mkdir|makedirs|mkfifo|mknod/,
  check(call, context) {
    // Tests exercise these calls on purpose, with data they make themselves.
    if (context.file.isTestCode) return;
    const fn = call.childForFieldName('function');
    // `pathlib.Path(p).chmod(...)`: a method of a computed object has no qualified name.
    const name = callName(call, context) || (fn?.type === 'attribute' ? context.text(fn.childForFieldName('attribute') ?? fn) : '');
    if (!name) return;
    if (name === 'os.umask') {
      const mask = argument(call, context, 0, 'mask');
      const value = mask ? modeValue(mask, context) : undefined;
      if (mask === undefined || value === undefined || (value & WORLD_WRITABLE) !== 0) return;
      const fix: Fix | undefined = unparenthesize(mask).type === 'integer' ? { title: 'Use umask 0o022', applicability: 'unsafe', edits: [{ start: mask.startIndex, end: mask.endIndex, newText: '0o022' }] } : undefined;
      context.report({ node: mask, value: `umask ${context.text(mask)}`, ...(fix ? { fixes: [fix] } : {}) });
      return;
    }
    const position = MODE_ARGUMENT.get(name) ?? (lastSegment(name) === 'chmod' && fn?.type === 'attribute' ? ([0, 'mode'] as [number, string]) : undefined);
    if (!position) return;
    const mode = argument(call, context, position[0], position[1]);
    const value = mode ? modeValue(mode, context) : undefined;
    if (!mode || value === undefined || (value & WORLD_WRITABLE) === 0) return;
    // A sticky world-writable folder (`0o1777`) is the shared-/tmp pattern: each user keeps their files.
    if ((value & STICKY) !== 0) return;
    const fix = withoutWorldWrite(mode, value);
    context.report({ node: mode, value: `${lastSegment(name)} ${context.text(mode).replace(/\s+/g, ' ')}`, ...(fix ? { fixes: [fix] } : {}) });
  },
};
