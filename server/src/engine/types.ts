import type Parser from 'tree-sitter';
import type { WorkspaceSummaries } from '../analysis/interproc/workspace';
import type { ModuleModel } from '../semantic/model';
import type { LineIndex } from './lineIndex';
import type { Directive } from './suppression';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

export type Level = 'high' | 'medium' | 'low';
export const LEVELS: readonly Level[] = ['low', 'medium', 'high'];

export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** One rule's metadata and documentation, read from `rules/<ID>.md`. */
export interface RuleMeta {
  id: string;
  name: string;
  title: string;
  cwe: number[];
  severity: Level;
  confidence: Level;
  bandit: string[];
  /** Ruff / flake8-bandit codes that correspond (`S602`), for `# noqa: S602`; [] when none. */
  ruff: string[];
  enabled: boolean;
  message: string;
  docs: RuleDocs;
}

export interface RuleDocs {
  whatItDoes: string;
  whyIsThisBad: string;
  example: string;
  fix: string;
  options?: string;
  references?: string;
  /** The whole Markdown body, for `explain` and hovers. */
  markdown: string;
}

/** A span of the analysed text, as UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface RelatedLocation extends Span {
  message: string;
  /**
   * Set when the location is in another file than the finding (a helper of another module
   * on a path across calls): that file's path and the 0-based line and UTF-16 column of
   * start and end; `start`/`end` are offsets in that file.
   */
  elsewhere?: ElsewhereLocation;
}

export interface LinePosition {
  line: number;
  character: number;
}

export interface ElsewhereLocation {
  path: string;
  start: LinePosition;
  end: LinePosition;
}

export type FixApplicability = 'safe' | 'unsafe';

export interface TextEdit extends Span {
  newText: string;
}

export interface Fix {
  title: string;
  applicability: FixApplicability;
  edits: TextEdit[];
}

/** A finding is a plain value: everything an output format needs, nothing more. */
export interface Finding extends Span {
  ruleId: string;
  message: string;
  severity: Level;
  confidence: Level;
  related: RelatedLocation[];
  fixes: Fix[];
}

/** What a rule's check reports; the engine fills in the rest from the rule's metadata. */
export interface Report {
  node?: SyntaxNode;
  span?: Span;
  /** The offending value, substituted for `{value}` in the rule's message. */
  value: string;
  /** Replaces the rule's message template when a finding needs other words. */
  message?: string;
  severity?: Level;
  confidence?: Level;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export interface SourceFile {
  /** Path as given (relative or absolute), forward slashes. */
  path: string;
  text: string;
  tree: Tree;
  /** True for code under a tests/ folder or in test_*.py files. */
  isTestCode: boolean;
  /** Summaries of other modules' functions (taint across modules), when the caller has them. */
  workspace?: WorkspaceSummaries;
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly settings: AnalysisSettings;
  report(report: Report): void;
  /** Text of a node, sliced from the source string (no native call). */
  text(node: SyntaxNode): string;
  /**
   * A cheap first filter: false only when the node's text has no match of `pattern`. Costs
   * the same for a node of any length (engine/textMatches.ts), where `pattern.test(text(node))`
   * on every one of deeply nested nodes costs the square of their depth. It may say true for a
   * long node without a match, so a check must still decide from the node itself.
   */
  mayMatch(node: SyntaxNode, pattern: RegExp): boolean;
  /**
   * The module's semantic model (semantic/model.ts): imports and qualified names, scopes
   * and bindings, enclosing function and class, loggers, classes. Built on first use, once
   * per analysed tree, and shared by all rules; reading it counts as reading file-level facts.
   */
  readonly model: ModuleModel;
  /** Per-file memo shared by all rules, for a rule's own derived facts (not imports or bindings: ask `model`). */
  memo<T>(key: string, compute: () => T): T;
  /**
   * A 'callees' rule names the other top-level definitions (by their def or class name) and
   * other modules' functions (`ext:` and the qualified name) whose summaries its check read,
   * so the editor re-checks it when one of them changes.
   */
  readsDefinitions(names: Iterable<string>): void;
}

/**
 * How far a rule looks, so the language server knows what to re-check after an edit
 * (docs/performance.md):
 * - 'definition': a finding on a node depends only on the top-level statement that holds
 *   the node (a whole class counts as one, see below), and on file-level facts the rule reads through
 *   `context.model` or `context.memo`, which in turn depend only on the file's import statements and on
 *   module-level code that binds names (top-level statements other than def, class and
 *   plain expression statements such as docstrings and calls). After an edit the server
 *   re-checks the top-level statements the edit touched, plus, when it touched an import
 *   or such module-level code, those whose checks read a memo. A rule that reads other
 *   definitions (a function's callers, a class's subclasses) is not 'definition'.
 * - 'callees': as 'definition', and also the summaries of the functions its checks call
 *   (taint across calls, analysis/interproc/): the check names each definition it read
 *   through `context.readsDefinitions`, and after an edit of one of them (or a change of
 *   another module's summary in the workspace) the statements that read it are re-checked.
 * - 'file' (the default): anything in the file; the rule re-runs on the whole file after every edit.
 *
 * Methods: the editor splits a top-level class with methods into its shell and one unit per
 * method (engine/classUnits.ts). A check on a node inside a method may read the method,
 * the class's shell (name, bases, decorators, class-level statements, the headers of its
 * defs: any change of these re-checks every method) and, through `readsDefinitions`, other
 * methods' summaries by `Class.method`. A check that reads more of its class (a call in any
 * method, the whole class's text) must say so with classUnits' `readsWholeClass` (recorded
 * as `Class.*`); the shell's own checks may read the whole class.
 */
export type RuleScope = 'definition' | 'callees' | 'file';

/** The check code of one rule. */
export interface RuleCheck {
  id: string;
  /** tree-sitter node types this rule wants to see. */
  nodeTypes: readonly string[];
  check(node: SyntaxNode, context: RuleContext): void;
  /** What a finding may depend on; 'file' when absent (always correct, slowest in the editor). */
  scope?: RuleScope;
  /**
   * A pattern the file's text must match for the rule to be able to report at all (e.g. the
   * word `six` for DVR801); files without a match skip the rule and its node types entirely.
   */
  prefilter?: RegExp;
  /**
   * A promise that the rule reports only while checking a node whose text contains a match
   * of this pattern (a short word or name, e.g. `except`). The engine then finds candidate
   * nodes from the pattern's matches in the text instead of walking the whole tree, which is
   * most of the cost of a rule on a common node type such as `call`. The rule may still be
   * given nodes without a match and must not report on them.
   */
  anchor?: RegExp;
  /**
   * A rule of the suppression phase: it reports after every other rule's findings are known
   * and the suppression comments have been matched to them (DVR001), never from tree nodes;
   * its `nodeTypes` is empty and `check` is never called. It runs on the whole file after
   * every analysis, in the editor too, so it needs no `scope`.
   */
  checkSuppressions?(input: SuppressionPhaseInput): Report[];
  /**
   * Where this rule reports untrusted data reaching a call (the command of a shell call, an
   * element of a list command): summaries of functions use it to follow the rule across calls.
   */
  taintSinks?(call: SyntaxNode, context: RuleContext): TaintSink[];
}

/** An argument of a call where a rule reports untrusted data. */
export interface TaintSink {
  /** The argument expression whose taint matters. */
  value: SyntaxNode;
  /** The node the finding would be on (the callee). */
  at: SyntaxNode;
  /** What the sink does, for the path's last location (`runs through a shell in os.system()`). */
  message: string;
  /** Only a value spliced into a string counts (DVR104: a whole rule passed through is not built here). */
  formattedOnly?: boolean;
}

/** What a suppression-phase rule sees. */
export interface SuppressionPhaseInput {
  text: string;
  lineIndex: LineIndex;
  /** Every suppression directive of the file, marked with what it silenced. */
  directives: readonly Directive[];
  /** The rules selected for this analysis (a code of another rule cannot be judged). */
  selected: readonly RuleMeta[];
  /** Every rule the engine knows (which Bandit and Ruff codes are mapped at all). */
  known: readonly RuleMeta[];
}

/** User-extensible taint configuration (names are dotted call names or patterns). */
export interface TaintSettings {
  sources: string[];
  sinks: string[];
  sanitizers: string[];
}

/**
 * Which values count as untrusted, as CodeQL names its threat models: `remote` (web
 * requests, API bodies, sockets, HTTP responses, tenant free-form RPC fields), `local`
 * (command line, environment, standard input, file contents), `parameters` (every
 * parameter and `self` attribute: the audit view).
 */
export type ThreatModel = 'remote' | 'local' | 'parameters';
export const THREAT_MODELS: readonly ThreatModel[] = ['remote', 'local', 'parameters'];
export const DEFAULT_THREAT_MODELS: readonly ThreatModel[] = ['remote', 'local'];

export interface AnalysisSettings {
  taint: TaintSettings;
  threatModels: readonly ThreatModel[];
}

export const DEFAULT_ANALYSIS_SETTINGS: AnalysisSettings = {
  taint: { sources: [], sinks: [], sanitizers: [] },
  threatModels: DEFAULT_THREAT_MODELS,
};
