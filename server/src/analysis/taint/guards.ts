import type { CallMatcher } from '../../engine/callNames';
import { calleeName, lastSegment, unparenthesize, type TextOf } from '../../engine/python';
import type { SyntaxNode } from '../../engine/types';
import type { ModuleModel } from '../../semantic/model';
import type { TaintPurpose } from './purpose';
import { CONSTANT_NAME, GUARD_CALLS, PATTERN_GUARD_METHODS, SAFE_TYPES, STRING_CHECK_METHODS } from './policy';
import { argumentNodes, calleeNames, isLiteral, keyOf } from './syntax';

/** Condition and comprehension nesting beyond this is not looked into. */
export const MAX_CONDITION_DEPTH = 50;

/**
 * Guards: the names a condition proves clean where it holds (`x in ALLOWED`,
 * `uuidutils.is_uuid_like(x)`, `x.isdigit()`, `x == 'literal'`, a configured sanitiser).
 */
export class Guards {
  constructor(
    private readonly textOf: TextOf,
    private readonly sanitizers: CallMatcher,
    private readonly model: ModuleModel,
    private readonly purpose?: TaintPurpose,
  ) {}

  /** Names a condition proves clean when it evaluates to `polarity`. */
  facts(node: SyntaxNode, polarity: boolean, depth: number): string[] {
    if (depth > MAX_CONDITION_DEPTH) return [];
    const n = unparenthesize(node);
    const own = this.purpose ? this.purpose.guardFacts(n, polarity, this.textOf, this.model) : [];
    if (own.length > 0) return own;
    switch (n.type) {
      case 'not_operator': {
        const argument = n.childForFieldName('argument');
        return argument ? this.facts(argument, !polarity, depth + 1) : [];
      }
      case 'boolean_operator': {
        const op = n.childForFieldName('operator');
        const opText = op ? this.textOf(op) : '';
        const left = n.childForFieldName('left');
        const right = n.childForFieldName('right');
        if (!left || !right) return [];
        if ((opText === 'and' && polarity) || (opText === 'or' && !polarity)) {
          return [...this.facts(left, polarity, depth + 1), ...this.facts(right, polarity, depth + 1)];
        }
        return [];
      }
      case 'comparison_operator':
        return this.comparisonFacts(n, polarity, depth);
      case 'call':
        return polarity ? this.guardCallFacts(n) : [];
      case 'named_expression': {
        const value = n.childForFieldName('value');
        return value ? this.facts(value, polarity, depth + 1) : [];
      }
      default:
        return [];
    }
  }

  private key(node: SyntaxNode): string | undefined {
    return keyOf(node, this.textOf);
  }

  private comparisonFacts(n: SyntaxNode, polarity: boolean, depth: number): string[] {
    const operands = n.namedChildren.filter((c) => c.type !== 'comment');
    if (operands.length !== 2) return [];
    const ops = n.children.filter((c) => !c.isNamed).map((c) => this.textOf(c)).join(' ');
    const [left, right] = operands;
    const leftKey = this.key(unparenthesize(left));
    if (ops === 'in' || ops === 'not in') {
      const holds = ops === 'in' ? polarity : !polarity;
      return holds && leftKey && this.isConstantCollection(right) ? [leftKey] : [];
    }
    if (ops === 'is' || ops === 'is not' || ops === '==' || ops === '!=') {
      const positive = ops === 'is' || ops === '==';
      if (right.type === 'none' && left.type !== 'none') return this.facts(left, positive ? !polarity : polarity, depth + 1);
      // `x == 'literal'`: where it holds, x is that constant.
      if (ops === '==' || ops === '!=') {
        const holds = positive ? polarity : !polarity;
        if (holds && leftKey && isLiteral(right, this.textOf)) return [leftKey];
        const rightKey = this.key(unparenthesize(right));
        if (holds && rightKey && isLiteral(left, this.textOf)) return [rightKey];
      }
    }
    return [];
  }

  private guardCallFacts(call: SyntaxNode): string[] {
    const { name, qualified } = calleeNames(call, this.textOf, this.model);
    const args = argumentNodes(call);
    const key = (node: SyntaxNode | undefined): string[] => {
      const k = node ? this.key(unparenthesize(node)) : undefined;
      return k ? [k] : [];
    };
    if (GUARD_CALLS.has(name) || GUARD_CALLS.has(qualified)) return key(lastSegment(qualified) === 'fullmatch' || lastSegment(qualified) === 'match' ? args[1] : args[0]);
    if (this.sanitizers.matches(name, qualified)) return key(args[0]);
    const fn = call.childForFieldName('function');
    if (fn && fn.type === 'attribute') {
      const method = lastSegment(name);
      const receiver = fn.childForFieldName('object');
      if (PATTERN_GUARD_METHODS.has(method) && receiver && !/^re$/.test(this.textOf(receiver))) return key(args[0]);
      if (STRING_CHECK_METHODS.has(method) && receiver && args.length === 0) return key(receiver);
    }
    if (name === 'isinstance' && args[1] && SAFE_TYPES.test(this.textOf(args[1]))) return key(args[0]);
    return [];
  }

  /** A collection whose members are all constants: membership in it makes a value one of them. */
  isConstantCollection(node: SyntaxNode): boolean {
    const n = unparenthesize(node);
    if (n.type === 'identifier') return CONSTANT_NAME.test(this.textOf(n));
    if (n.type === 'attribute') return CONSTANT_NAME.test(lastSegment(this.textOf(n).replace(/\s+/g, '')));
    if (n.type === 'set' || n.type === 'tuple' || n.type === 'list') return n.namedChildren.every((c) => c.type === 'comment' || isLiteral(c, this.textOf));
    if (n.type === 'dictionary') return n.namedChildren.every((c) => c.type === 'comment' || (c.type === 'pair' && !!c.childForFieldName('key') && isLiteral(c.childForFieldName('key') as SyntaxNode, this.textOf)));
    if (n.type === 'call') {
      const name = calleeName(n, this.textOf);
      const args = argumentNodes(n);
      return (name === 'frozenset' || name === 'set' || name === 'tuple') && args.length === 1 && this.isConstantCollection(args[0]);
    }
    return false;
  }
}
