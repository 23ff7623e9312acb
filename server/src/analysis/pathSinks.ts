import { callArguments, lastSegment } from '../engine/python';
import type { RuleContext, SyntaxNode } from '../engine/types';

/**
 * Where a value becomes a file-system path (CWE-22 sinks): functions that open, create,
 * remove, move, list or unpack what their path arguments name, found by the name the
 * module model resolves (`from shutil import rmtree as nuke` is `shutil.rmtree`), and
 * pathlib methods called on a path built from the value.
 */

/** A path parameter: its position and its keyword name. */
type PathParameter = readonly [position: number, keyword: string];

const FILE: readonly PathParameter[] = [[0, 'file']];
const PATH: readonly PathParameter[] = [[0, 'path']];
const SOURCE_AND_TARGET: readonly PathParameter[] = [[0, 'src'], [1, 'dst']];

const SINKS: ReadonlyMap<string, readonly PathParameter[]> = new Map<string, readonly PathParameter[]>([
  ['builtins.open', FILE], ['io.open', FILE], ['io.FileIO', FILE], ['codecs.open', [[0, 'filename']]],
  ['os.open', PATH], ['os.remove', PATH], ['os.unlink', PATH], ['os.rmdir', PATH], ['os.removedirs', [[0, 'name']]],
  ['os.mkdir', PATH], ['os.makedirs', [[0, 'name']]], ['os.listdir', PATH], ['os.scandir', PATH],
  ['os.chmod', PATH], ['os.chown', PATH], ['os.lchown', PATH], ['os.truncate', PATH],
  ['os.rename', SOURCE_AND_TARGET], ['os.replace', SOURCE_AND_TARGET], ['os.renames', [[0, 'old'], [1, 'new']]],
  ['os.link', SOURCE_AND_TARGET], ['os.symlink', SOURCE_AND_TARGET],
  ['shutil.copy', SOURCE_AND_TARGET], ['shutil.copy2', SOURCE_AND_TARGET], ['shutil.copyfile', SOURCE_AND_TARGET],
  ['shutil.copytree', SOURCE_AND_TARGET], ['shutil.move', SOURCE_AND_TARGET], ['shutil.rmtree', PATH],
  ['shutil.chown', PATH], ['shutil.unpack_archive', [[0, 'filename'], [1, 'extract_dir']]],
  ['tarfile.open', [[0, 'name']]], ['zipfile.ZipFile', FILE],
  ['flask.send_file', [[0, 'path_or_file']]], ['flask.helpers.send_file', [[0, 'path_or_file']]],
  ['webob.static.FileApp', [[0, 'filename']]],
]);

/** pathlib methods that touch the file their receiver names (`replace` is left out: strings have one too). */
const PATH_METHODS: ReadonlySet<string> = new Set([
  'open', 'read_text', 'read_bytes', 'write_text', 'write_bytes', 'unlink', 'rmdir', 'mkdir', 'touch',
  'rename', 'symlink_to', 'hardlink_to', 'chmod', 'iterdir',
]);

/** A word a file that calls a sink contains (in the call, or in the import of an alias): files without one skip the rule. */
export const PATH_SINK_WORDS = /\b(open|FileIO|remove|unlink|rmdir|removedirs|mkdir|makedirs|listdir|scandir|chmod|chown|lchown|truncate|rename|renames|replace|link|symlink|copy|copy2|copyfile|copytree|move|rmtree|unpack_archive|ZipFile|send_file|FileApp|read_text|read_bytes|write_text|write_bytes|touch|symlink_to|hardlink_to|iterdir)\b/;

export interface PathUse {
  /** The expression used as a path. */
  path: SyntaxNode;
  /** The call's name for the message: `os.remove`, `Path.read_text`. */
  sink: string;
  /** A pathlib method: the path is the receiver. */
  method: boolean;
}

/** The expressions `call` uses as file-system paths. */
export function pathUses(call: SyntaxNode, context: RuleContext): PathUse[] {
  const fn = call.childForFieldName('function');
  if (!fn) return [];
  // The model's own name: `builtins.open` only where `open` is not shadowed.
  const qualified = context.model.callName(call) ?? '';
  const parameters = SINKS.get(qualified);
  if (parameters) {
    const args = callArguments(call, context.text);
    const uses: PathUse[] = [];
    for (const [position, keyword] of parameters) {
      const path = args.keywords.get(keyword) ?? args.positional[position];
      if (path) uses.push({ path, sink: qualified.replace(/^builtins\./, ''), method: false });
    }
    return uses;
  }
  if (fn.type !== 'attribute') return [];
  const method = lastSegment(context.text(fn));
  if (!PATH_METHODS.has(method)) return [];
  const receiver = fn.childForFieldName('object');
  // A module's function (`tarfile.open`, `os.mkdir` through an unknown alias) is not a path method.
  if (!receiver || context.model.qualifiedName(receiver) !== undefined) return [];
  return [{ path: receiver, sink: `Path.${method}`, method: true }];
}
