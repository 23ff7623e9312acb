import type { TextOf } from '../../engine/python';
import type { SyntaxNode } from '../../engine/types';
import type { ModuleModel } from '../../semantic/model';
import type { CalleeNames } from './syntax';

/**
 * What a value is about to be used as, where that changes what makes it safe: a file name is
 * cleaned by `os.path.basename` and proven safe by a normalised prefix check, neither of
 * which helps a shell command. The default analysis (commands) has no purpose; a rule that
 * needs another asks for its taint with one (analysis/paths.ts), and gets its own analysis.
 */
export interface TaintPurpose {
  /** Distinguishes the purpose's analysis from the others in the per-file memo. */
  readonly name: string;
  /** Calls whose result is safe for the purpose whatever went in (`os.path.basename(x)`). */
  cleans(call: SyntaxNode, callee: CalleeNames): boolean;
  /** Names a condition proves safe for the purpose where it is `holds` (`real.startswith(BASE)` true); [] when it says nothing. */
  guardFacts(condition: SyntaxNode, holds: boolean, textOf: TextOf, model: ModuleModel): string[];
  /** `Path(base) / name`: `/` joins paths rather than dividing numbers. */
  readonly slashJoins: boolean;
}
