import { calleeName, lastSegment, parameterNames } from '../engine/python';
import type { RuleContext, SyntaxNode } from '../engine/types';

/** A module-level `NAME = <...>.getLogger(...)` (stdlib `logging` or `oslo_log.log`). */
export interface ModuleLogger {
  name: string;
  /** Where the assignment is: a handler at module level can only use it after this. */
  start: number;
}

/** Conventional names first: OpenStack code says `LOG`. */
const PREFERRED = ['LOG', 'LOGGER', 'logger', 'log', '_LOG', '_logger'];

export function moduleLogger(context: RuleContext): ModuleLogger | undefined {
  return context.memo('module-logger', () => {
    const found: ModuleLogger[] = [];
    for (const stmt of context.file.tree.rootNode.namedChildren) {
      if (stmt.type !== 'expression_statement') continue;
      const assignment = stmt.namedChildren[0];
      if (!assignment || assignment.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (!left || left.type !== 'identifier' || !right || right.type !== 'call') continue;
      if (lastSegment(calleeName(right, context.text)) !== 'getLogger') continue;
      found.push({ name: context.text(left), start: stmt.startIndex });
    }
    const rank = (l: ModuleLogger): number => {
      const i = PREFERRED.indexOf(l.name);
      return i < 0 ? PREFERRED.length : i;
    };
    return found.sort((a, b) => rank(a) - rank(b) || a.start - b.start)[0];
  });
}

/** Identifiers a binding node binds: assignment and `for` targets (unpacking included), `as` names, walrus names. */
function boundNames(binding: SyntaxNode): SyntaxNode[] {
  const target =
    binding.type === 'as_pattern' ? binding.childForFieldName('alias') : binding.type === 'named_expression' ? binding.childForFieldName('name') : binding.childForFieldName('left');
  if (!target) return [];
  if (target.type === 'identifier') return [target];
  if (['pattern_list', 'tuple_pattern', 'list_pattern', 'as_pattern_target'].includes(target.type)) {
    return target.descendantsOfType('identifier').filter((i) => i.parent?.type !== 'attribute' && i.parent?.type !== 'subscript');
  }
  return [];
}

const BINDINGS = ['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'named_expression'];

/** True when a function around `node` binds `name` itself (parameter or local binding), hiding the module's. */
function shadowed(node: SyntaxNode, name: string, context: RuleContext): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== 'function_definition' && p.type !== 'lambda') continue;
    if (parameterNames(p, context.text).includes(name)) return true;
    const bindings = p.descendantsOfType(BINDINGS);
    if (bindings.some((b) => boundNames(b).some((n) => context.text(n) === name))) return true;
  }
  return false;
}

/** The module logger's name as seen from `node`, if the module has one that is in scope there. */
export function loggerInScope(node: SyntaxNode, context: RuleContext): string | undefined {
  const logger = moduleLogger(context);
  if (!logger) return undefined;
  const inFunction = (() => {
    for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'lambda') return true;
    return false;
  })();
  if (!inFunction && logger.start > node.startIndex) return undefined;
  return shadowed(node, logger.name, context) ? undefined : logger.name;
}
