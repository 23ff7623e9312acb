import { isTestPath, type ActiveRule, type AnalysisResult } from './engine';
import { LineIndex } from './lineIndex';
import type { LintOptions } from './options';
import { finishFindings, RulePass, rulesForText, runSubtreeInSteps, type ResolvedReport } from './pass';
import type { PointIndex } from './points';
import { classParts, methodUnitName, shellSignature, WHOLE_FILE_READ, wholeClassName, type ClassParts } from './classUnits';
import { collectSuppressions, directiveComments, directiveWordOffsets } from './suppression';
import type { RelatedLocation, SourceFile, Span, SyntaxNode, Tree } from './types';
import type { WorkspaceSummaries } from '../analysis/interproc/workspace';

/**
 * Incremental analysis for the language server: findings are cached per unit (a top-level
 * statement; a top-level class with methods is split into its shell and one unit per method,
 * engine/classUnits.ts) and, after an edit, recomputed only for the units the edit touched
 * (widened to whole lines) and, in the ranges tree-sitter re-parsed differently, the units
 * where the new tree has no error-free node of the same type at the same span.
 * Rules that declare `scope: 'definition'` take part; the others run on the whole file
 * every time. Such a rule reads anything outside its unit through context.memo, and
 * those file-level facts depend only on imports and module-level code that binds names
 * (types.ts, RuleScope): each unit keeps what it gives them as text (Unit.facts), and when
 * that list changes, the units whose checks read a fact are re-checked too. The result is
 * the same as `analyse()` on the same text: the randomised tests in
 * server/test/incremental.test.ts and incrementalClasses.test.ts compare them after every edit.
 *
 * A class's shell is re-checked after every edit inside the class (its checks may read the
 * methods), a method only when the edit touched it, when the shell changed (its signature:
 * classUnits.ts shellSignature), or when something it read changed: a method's summary
 * (`Class.method`), the class as a whole (`Class.*`, readsWholeClass).
 */

/** What happened to a document's text and tree since the last analysis, in order. */
export type DocumentChange =
  /** Text [start, oldEnd) was replaced by text now ending at newEnd (offsets of that moment). */
  | { kind: 'edit'; start: number; oldEnd: number; newEnd: number }
  /** The tree was re-parsed; these ranges changed structure (tree.getChangedRanges). */
  | { kind: 'reparsed'; changed: Span[] }
  /** The whole text was replaced. */
  | { kind: 'replaced' };

export interface IncrementalInput {
  path: string;
  text: string;
  tree: Tree;
  lineIndex?: LineIndex;
  /** The text's tree-sitter points, when the caller keeps them up to date. */
  points?: PointIndex;
  /** Summaries of the workspace's other modules (taint across modules); a change of them comes through invalidate(). */
  workspace?: WorkspaceSummaries;
}

/**
 * 'local': a def or class, a comment, or an expression statement that binds nothing (a
 * docstring, a call); 'module-code': any other top-level statement (assignments, if, try,
 * ERROR...), where module-level names get bound.
 */
type UnitKind = 'local' | 'module-code';

/** One unit (a top-level statement, a class's shell or one of its methods): its span and the raw reports of the definition-scoped rules in it. */
interface Unit {
  start: number;
  end: number;
  /** Its node's type, and whether the node had a syntax error in it. */
  type: string;
  hasError: boolean;
  kind: UnitKind;
  /**
   * What file-level facts may take from it, as text: a module-code statement's text; an
   * import, a def's or class's name, a header that binds a name, a function that declares a
   * name `global`. An edit changes the facts only if it changes this list (kind and text).
   */
  facts: string;
  reports: ResolvedReport[];
  errors: number;
  /** Its checks read a file-level fact (context.memo), so a change of such facts re-checks it. */
  readsFileFacts: boolean;
  /** The top-level name it defines (a def or class, or `Class.method` for a method), if any; not set on a shell. */
  defines?: string;
  /** Set on the parts of a split class: its shell, or one of its methods. */
  role?: 'shell' | 'method';
  /** A shell's or method's class name. */
  className?: string;
  /** A shell's signature (classUnits.ts shellSignature) and number of methods. */
  signature?: string;
  methods?: number;
  /** Other definitions whose summaries its checks read (RuleScope 'callees'): an edit of one re-checks it. */
  reads?: string[];
  /** A report of it refers to text an edit changed: re-check it. */
  stale?: boolean;
}

export interface IncrementalStats {
  /** 'full': every top-level statement was checked; 'incremental': only `checkedUnits` of them. */
  mode: 'full' | 'incremental';
  checkedUnits: number;
  totalUnits: number;
  /** An import or module-level binding changed, so statements that read file-level facts were re-checked. */
  factsChanged?: boolean;
  /** Classes whose shell changed, so all their methods were re-checked. */
  classesChanged?: number;
  /** Why the last analysis was full (for the benchmark and for tests). */
  reason?: string;
}

const DEFINITION_TYPES = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const IMPORT_TYPES = ['import_statement', 'import_from_statement', 'future_import_statement'];
/** Every import statement spells the keyword. */
const IMPORT_WORD = /\bimport\b/g;
const GLOBAL_WORD = /\bglobal\b/g;
/** What a walrus or a comprehension (which bind names) spell; outside them, an expression binds nothing. */
const BINDING_WORDS = /:=|\bfor\b/;
const BINDING_TYPES = ['named_expression', 'for_in_clause'];

class FullAnalysisNeeded extends Error {}

export class IncrementalAnalysis {
  /** In document order; a shell comes right before its methods. */
  private units: Unit[] | undefined;
  /** Offsets of directive words (`dvr-hints`, `nosec`), kept in step with the text like the units. */
  private directives: number[] = [];
  private signature = '';
  stats: IncrementalStats = { mode: 'full', checkedUnits: 0, totalUnits: 0 };

  /** Forgets the cache: the next analysis is a full one. */
  reset(): void {
    this.units = undefined;
  }

  /**
   * Other modules' summaries changed (names as RuleContext.readsDefinitions gives them,
   * `ext:...`): the statements that read them are re-checked by the next analysis. Returns
   * whether any did.
   */
  invalidate(names: ReadonlySet<string>): boolean {
    let any = false;
    this.units = this.units?.map((unit) => {
      if (!unit.reads?.some((n) => names.has(n))) return unit;
      any = true;
      return { ...unit, stale: true };
    });
    return any;
  }

  /**
   * Analyses the text. `changes` lists what happened since the previous call (undefined:
   * unknown, so everything is checked again).
   */
  analyse(input: IncrementalInput, changes: readonly DocumentChange[] | undefined, rules: readonly ActiveRule[], options: LintOptions): AnalysisResult {
    const steps = this.analysisSteps(input, changes, rules, options);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * `analyse` in steps, like the engine's analysisSteps: it pauses between top-level
   * statements of a full check and between parts of the whole-file rules' pass, so the
   * language server can drop it when a newer version arrives. `changes` are consumed when
   * it starts, so a run that does not finish forgets the cache: the next one is full.
   */
  *analysisSteps(input: IncrementalInput, changes: readonly DocumentChange[] | undefined, rules: readonly ActiveRule[], options: LintOptions): Generator<void, AnalysisResult> {
    let finished = false;
    try {
      const result = yield* this.run(input, changes, rules, options);
      finished = true;
      return result;
    } finally {
      if (!finished) this.units = undefined;
    }
  }

  private *run(input: IncrementalInput, changes: readonly DocumentChange[] | undefined, rules: readonly ActiveRule[], options: LintOptions): Generator<void, AnalysisResult> {
    const { text, tree } = input;
    const file: SourceFile = { path: input.path.replace(/\\/g, '/'), text, tree, isTestCode: isTestPath(input.path), ...(input.workspace ? { workspace: input.workspace } : {}) };
    const lineIndex = input.lineIndex ?? new LineIndex(text);
    const active = rulesForText(rules, options, text);
    // A rule on the module node itself looks at the whole file whatever it declares.
    const local = active.filter((r) => (r.check.scope === 'definition' || r.check.scope === 'callees') && !r.check.nodeTypes.includes('module'));
    const whole = active.filter((r) => !local.includes(r));
    const memo = new Map<string, unknown>();
    const root = tree.rootNode;

    const signature = JSON.stringify([file.path, local.map((r) => r.meta.id), options.analysis]);
    // An update re-checks a few units: scopes are built only for what they ask about.
    let lazyScopes = this.units !== undefined && changes !== undefined && signature === this.signature;
    let localPass = new RulePass(file, local, options, memo, input.points, lazyScopes);
    let units: Unit[] | undefined;
    let directives: number[] | undefined;
    if (root.type === 'module') {
      try {
        if (!this.units || signature !== this.signature || !changes) throw new FullAnalysisNeeded(!this.units ? 'first analysis' : !changes ? 'changes unknown' : 'rules or settings changed');
        ({ units, directives } = this.update(this.units, this.directives, changes, root, text, localPass));
      } catch (error) {
        // Anything unexpected in the bookkeeping costs a full analysis, never the findings.
        const reason = error instanceof FullAnalysisNeeded ? error.message : `internal error: ${error instanceof Error ? error.message : String(error)}`;
        if (lazyScopes) {
          // An update that turns into a full analysis checks every unit: building each scope on
          // demand would cost about 15% more than building them at once (a fresh model, so the
          // memo goes too).
          lazyScopes = false;
          memo.clear();
          localPass = new RulePass(file, local, options, memo, input.points, false);
        }
        units = [];
        for (const node of root.children) {
          const parts = classParts(node, text);
          if (!parts) {
            units.push(checkUnit(node, localPass, text));
            yield;
            continue;
          }
          units.push(checkShell(node, parts, localPass, text));
          for (const method of parts.methods) {
            yield;
            units.push(checkMethod(method, parts.name, localPass, text));
          }
          yield;
        }
        this.stats = { mode: 'full', checkedUnits: units.length, totalUnits: units.length, reason };
      }
    } else {
      this.stats = { mode: 'full', checkedUnits: 0, totalUnits: 0, reason: 'the tree has no module root' };
    }
    directives ??= directiveWordOffsets(text);

    const reports: ResolvedReport[] = [];
    let syntaxErrors = 0;
    if (units) {
      for (const unit of units) {
        for (const report of unit.reports) reports.push(report);
        syntaxErrors += unit.errors;
      }
    } else {
      syntaxErrors = yield* runSubtreeInSteps(localPass, root, reports);
    }
    if (whole.length > 0) {
      const wholeReports: ResolvedReport[] = [];
      yield* runSubtreeInSteps(new RulePass(file, whole, options, memo, input.points, lazyScopes), root, wholeReports);
      reports.push(...wholeReports);
    }
    // The cache changes only when the run completes (see analysisSteps).
    this.units = units;
    this.directives = directives;
    this.signature = signature;
    if (root.hasError && syntaxErrors === 0) syntaxErrors = 1;
    const suppressions = collectSuppressions(directiveComments(root, text, directives), lineIndex, root);
    // The suppression phase (and DVR001 in it) runs on the whole file every time: whether a comment silences anything depends on every finding.
    const { findings, suppressed } = finishFindings(reports, suppressions, lineIndex, options, text, rules);
    return { findings, suppressed, syntaxErrors, lineIndex };
  }

  /** Maps the cached units through the changes and re-checks the units they touched. */
  private update(previous: Unit[], previousDirectives: number[], changes: readonly DocumentChange[], root: SyntaxNode, text: string, pass: RulePass): { units: Unit[]; directives: number[] } {
    let kept: Unit[] = previous;
    let directives = previousDirectives;
    let dirty: number[] = [];
    /** Where tree-sitter says the tree's structure changed (often the whole file when error recovery is involved). */
    let reparsed: number[] = [];
    /** Definitions whose text changed: units whose checks read their summaries are re-checked. */
    const changedDefinitions = new Set<string>();
    // The file changed: units whose checks read the whole file (classUnits.ts readsWholeFile) are re-checked.
    if (changes.length > 0) changedDefinitions.add(WHOLE_FILE_READ);
    /** Signatures of the shells re-checked, to tell whether a class's shell changed. */
    const droppedShells: Unit[] = [];
    const gone = (unit: Unit): void => {
      if (unit.role === 'shell') droppedShells.push(unit);
      else if (unit.defines) changedDefinitions.add(unit.defines);
      if (unit.role === 'method' && unit.className !== undefined) changedDefinitions.add(wholeClassName(unit.className));
    };
    const drop = (start: number, end: number): void => {
      kept = kept.filter((unit) => {
        if (unit.start > end || unit.end < start) return true;
        gone(unit);
        return false;
      });
    };
    for (const change of changes) {
      if (change.kind === 'replaced') throw new FullAnalysisNeeded('text replaced');
      if (change.kind === 'reparsed') {
        for (const range of change.changed) reparsed.push(range.start, range.end);
        continue;
      }
      const { start, oldEnd, newEnd } = change;
      drop(start, oldEnd);
      kept = kept.map((unit) => shiftUnit(unit, start, oldEnd, newEnd));
      directives = directives.filter((o) => o < start || o >= oldEnd).map((o) => (o < start ? o : o + newEnd - oldEnd));
      dirty = shiftSpans(dirty, start, oldEnd, newEnd);
      reparsed = shiftSpans(reparsed, start, oldEnd, newEnd);
      dirty.push(start, newEnd);
    }
    // Re-check whole lines: a rule may read the rest of a statement's first or last line (a trailing comment).
    const wide = dirty.slice();
    for (let i = 0; i < wide.length; i += 2) {
      wide[i] = text.lastIndexOf('\n', wide[i] - 1) + 1;
      const lineEnd = text.indexOf('\n', wide[i + 1]);
      wide[i + 1] = lineEnd < 0 ? text.length : lineEnd + 1;
    }
    kept = kept.filter((unit) => {
      if (!touchesAny(wide, unit.start, unit.end)) return true;
      gone(unit);
      return false;
    });
    // Directive words never span a line break, so re-reading the changed lines finds all new ones.
    directives = directives.filter((o) => !touchesAny(wide, o, o));
    for (let i = 0; i < wide.length; i += 2) directives.push(...directiveWordOffsets(text, wide[i], wide[i + 1]));
    directives = [...new Set(directives)].sort((a, b) => a - b);

    const count = root.childCount;
    const partsOf = new Map<number, ClassParts | undefined>();
    const classPartsAt = (index: number): ClassParts | undefined => {
      if (!partsOf.has(index)) partsOf.set(index, classParts(root.child(index) as SyntaxNode, text));
      return partsOf.get(index);
    };
    if (reparsed.length > 0) {
      // A unit whose text did not change keeps its findings where the new tree has the same
      // error-free node at its span; the others in the re-parsed ranges are checked again.
      const differs = new Set<Unit>();
      for (const unit of kept) {
        if (!touchesAny(reparsed, unit.start, unit.end) || sameNodeAt(root, count, unit, classPartsAt)) continue;
        differs.add(unit);
      }
      // A method that differs changes its class: the shell goes with it.
      for (const unit of kept) if (unit.role === 'shell' && !differs.has(unit) && [...differs].some((m) => m.role === 'method' && m.start >= unit.start && m.end <= unit.end)) differs.add(unit);
      kept = kept.filter((unit) => {
        if (!differs.has(unit)) return true;
        gone(unit);
        return false;
      });
    }
    /** Kept top-level statements and shells by span: a statement in a re-parsed range that has one is not checked again. */
    const keptStatements = new Set(kept.filter((u) => u.role !== 'method').map((u) => `${u.start}:${u.end}`));

    const fresh: Unit[] = [];
    /** Spans of the classes whose shell changed: their kept methods are re-checked. */
    const changedClasses: number[] = [];
    const processed = new Set<number>();
    const noteFresh = (unit: Unit): void => {
      if (unit.defines) changedDefinitions.add(unit.defines);
      if (unit.role === 'method' && unit.className !== undefined) changedDefinitions.add(wholeClassName(unit.className));
      fresh.push(unit);
    };
    const spans = [...wide, ...reparsed];
    for (let i = 0; i < spans.length; i += 2) {
      for (let index = firstChildEndingFrom(root, count, spans[i]); index < count; index++) {
        const node = root.child(index) as SyntaxNode;
        const start = node.startIndex;
        const end = node.endIndex;
        if (start > spans[i + 1]) break;
        if (processed.has(index) || keptStatements.has(`${start}:${end}`)) continue;
        processed.add(index);
        const parts = classPartsAt(index);
        // Kept units inside the statement are part of it now (error recovery can merge statements); a class keeps its untouched methods.
        const reusable = new Set<number>();
        kept = kept.filter((unit) => {
          if (unit.start < start || unit.end > end) return true;
          if (parts && unit.role === 'method' && unit.className === parts.name && parts.methods.some((m) => m.startIndex === unit.start && m.endIndex === unit.end)) {
            reusable.add(unit.start);
            return true;
          }
          gone(unit);
          return false;
        });
        if (!parts) {
          noteFresh(checkUnit(node, pass, text));
          continue;
        }
        const shell = checkShell(node, parts, pass, text);
        noteFresh(shell);
        const same = droppedShells.findIndex((u) => u.signature === shell.signature);
        if (same >= 0) {
          droppedShells.splice(same, 1);
        } else {
          changedDefinitions.add(parts.name);
          changedDefinitions.add(wholeClassName(parts.name));
          changedClasses.push(start, end);
        }
        for (const method of parts.methods) if (!reusable.has(method.startIndex)) noteFresh(checkMethod(method, parts.name, pass, text));
      }
    }
    // A class whose shell went without an equal one coming back changed (renamed, removed, split).
    for (const shell of droppedShells) {
      if (shell.className === undefined) continue;
      changedDefinitions.add(shell.className);
      changedDefinitions.add(wholeClassName(shell.className));
    }
    // File-level facts depend only on what each unit gives them (Unit.facts): compare, in document order.
    const order = (a: Unit, b: Unit): number => a.start - b.start || Number(a.role === 'method') - Number(b.role === 'method') || a.end - b.end;
    const now = [...kept, ...fresh].sort(order);
    const factsChanged = now.length !== previous.length || now.some((unit, i) => unit.facts !== previous[i].facts);
    // Units whose checks read file-level facts are re-checked when the facts changed, and stale ones always.
    let rechecked = 0;
    kept = kept.map((unit) => {
      const readsChanged = changedDefinitions.size > 0 && !!unit.reads?.some((n) => changedDefinitions.has(n));
      const classChanged = unit.role === 'method' && touchesAny(changedClasses, unit.start, unit.end);
      if (!unit.stale && !readsChanged && !classChanged && !(factsChanged && unit.readsFileFacts)) return unit;
      const index = statementAround(root, count, unit);
      if (index < 0) throw new FullAnalysisNeeded('units do not line up');
      const node = root.child(index) as SyntaxNode;
      rechecked++;
      if (!unit.role) {
        if (node.startIndex !== unit.start || node.endIndex !== unit.end) throw new FullAnalysisNeeded('top-level statements do not line up');
        return checkUnit(node, pass, text);
      }
      const parts = classPartsAt(index);
      if (!parts) throw new FullAnalysisNeeded('a class does not line up');
      if (unit.role === 'shell') {
        if (node.startIndex !== unit.start || node.endIndex !== unit.end) throw new FullAnalysisNeeded('a class does not line up');
        return checkShell(node, parts, pass, text);
      }
      const method = parts.methods.find((m) => m.startIndex === unit.start && m.endIndex === unit.end);
      if (!method) throw new FullAnalysisNeeded('a method does not line up');
      return checkMethod(method, parts.name, pass, text);
    });
    const units = [...kept, ...fresh].sort(order);
    // Kept units sit where the new tree has its unchanged statements; a missing unit or an overlap means the mapping went wrong.
    // tree-sitter's changed ranges can miss a statement that grew over error-recovered text: every span must match its statement.
    let at = 0;
    for (let i = 0; i < count; i++) {
      const child = root.child(i) as SyntaxNode;
      const unit = units[at++];
      if (!unit || unit.role === 'method' || unit.start !== child.startIndex || unit.end !== child.endIndex) throw new FullAnalysisNeeded('top-level statements moved outside the changed ranges');
      // An untouched class's methods are where they were: its text did not change; a re-checked one's were matched above.
      for (let m = 0; m < (unit.methods ?? 0); m++) {
        const method = units[at++];
        if (!method || method.role !== 'method' || method.start < unit.start || method.end > unit.end) throw new FullAnalysisNeeded('methods moved outside the changed ranges');
      }
    }
    if (at !== units.length) throw new FullAnalysisNeeded('top-level statements do not line up');
    this.stats = { mode: 'incremental', checkedUnits: fresh.length + rechecked, totalUnits: units.length, factsChanged, classesChanged: changedClasses.length / 2 };
    return { units, directives };
  }
}

/**
 * Index of the first child of `root` that ends at or after `offset`, by binary search (children
 * are in order). Unlike firstChildForIndex and nextSibling, indexes also reach zero-width
 * children (the ERROR nodes of a broken file).
 */
function firstChildEndingFrom(root: SyntaxNode, count: number, offset: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((root.child(mid) as SyntaxNode).endIndex < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The new tree has a node of the unit's type at its span, and neither has a syntax error. */
function sameNodeAt(root: SyntaxNode, count: number, unit: Unit, classPartsAt: (index: number) => ClassParts | undefined): boolean {
  if (unit.hasError) return false;
  const index = statementAround(root, count, unit);
  if (index < 0) return false;
  let node: SyntaxNode | undefined = root.child(index) as SyntaxNode;
  if (unit.role === 'method') node = classPartsAt(index)?.methods.find((m) => m.startIndex === unit.start && m.endIndex === unit.end);
  else if (node.startIndex !== unit.start || node.endIndex !== unit.end) node = undefined;
  return !!node && node.type === unit.type && !node.hasError && (unit.role !== 'shell' || classPartsAt(index)?.methods.length === unit.methods);
}

/** Index of the top-level statement that holds the unit's span (the statement itself for a statement or a shell), or -1. */
function statementAround(root: SyntaxNode, count: number, unit: Unit): number {
  for (let index = firstChildEndingFrom(root, count, unit.end); index < count; index++) {
    const child = root.child(index) as SyntaxNode;
    if (child.startIndex > unit.start) break;
    if (child.endIndex >= unit.end) return index;
  }
  return -1;
}

/** Checks one top-level statement with the definition-scoped rules, and notes what other statements may depend on in it. */
function checkUnit(node: SyntaxNode, pass: RulePass, text: string): Unit {
  const reports: ResolvedReport[] = [];
  const errors = pass.runSubtree(node, reports);
  const unit = describeStatement(node, pass, text, reports, errors);
  const definition = DEFINITION_TYPES.has(node.type) ? (node.type === 'decorated_definition' ? node.childForFieldName('definition') : node) : null;
  const name = definition?.childForFieldName('name');
  if (name) unit.defines = text.slice(name.startIndex, name.endIndex);
  return unit;
}

/** Checks the shell of a top-level class: the class without its methods' subtrees. */
function checkShell(node: SyntaxNode, parts: ClassParts, pass: RulePass, text: string): Unit {
  const reports: ResolvedReport[] = [];
  const errors = pass.runOutside(node, parts.methods, reports);
  const unit = describeStatement(node, pass, text, reports, errors);
  unit.role = 'shell';
  unit.className = parts.name;
  unit.signature = shellSignature(node, parts, text);
  unit.methods = parts.methods.length;
  return unit;
}

/** Checks one method of a top-level class (a def statement of its body). */
function checkMethod(node: SyntaxNode, className: string, pass: RulePass, text: string): Unit {
  const reports: ResolvedReport[] = [];
  const errors = pass.runSubtree(node, reports);
  // A method binds no module-level name; its imports do (the model lists every import of the module).
  const unit = finishUnit(node, 'local', [...importSpans(node, pass, text), ...globalSpans(node, pass, text)], text, pass, reports, errors);
  unit.role = 'method';
  unit.className = className;
  unit.defines = methodUnitName(className, node, text);
  return unit;
}

/** The kind and the parts other units may depend on of a checked top-level statement. */
function describeStatement(node: SyntaxNode, pass: RulePass, text: string, reports: ResolvedReport[], errors: number): Unit {
  const type = node.type;
  const start = node.startIndex;
  const end = node.endIndex;
  const sensitive: number[] = [];
  let kind: UnitKind = 'module-code';
  if (DEFINITION_TYPES.has(type)) {
    kind = 'local';
    const definition = type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    const headerEnd = definition?.childForFieldName('body')?.startIndex ?? end;
    // Decorators, defaults and bases run at module level: a walrus or a comprehension there binds a module name.
    if (BINDING_WORDS.test(text.slice(start, headerEnd))) sensitive.push(start, headerEnd);
    // The def's or class's own name is a module-level binding (it can shadow an import or a builtin for the model).
    const name = definition?.childForFieldName('name');
    if (name) sensitive.push(name.startIndex, name.endIndex);
  } else if (type === 'comment') {
    kind = 'local';
  } else if (type === 'expression_statement') {
    const binds = BINDING_WORDS.test(text.slice(start, end)) && node.descendantsOfType(BINDING_TYPES).length > 0;
    if (!binds) kind = 'local';
  }
  if (kind === 'local') sensitive.push(...importSpans(node, pass, text), ...globalSpans(node, pass, text));
  return finishUnit(node, kind, sensitive, text, pass, reports, errors);
}

/** Spans of the import statements in a node (imports bind names wherever they are). */
function importSpans(node: SyntaxNode, pass: RulePass, text: string): number[] {
  return statementsByWord(node, pass, text, IMPORT_WORD, IMPORT_TYPES).flatMap((s) => [s.startIndex, s.endIndex]);
}

/** The node's whole span when it declares a name `global`: its assignments bind module-level names then. */
function globalSpans(node: SyntaxNode, pass: RulePass, text: string): number[] {
  return statementsByWord(node, pass, text, GLOBAL_WORD, ['global_statement']).length > 0 ? [node.startIndex, node.endIndex] : [];
}

/** Statements of the given types in a node, found from a keyword they spell rather than by walking the subtree. */
function statementsByWord(node: SyntaxNode, pass: RulePass, text: string, word: RegExp, types: string[]): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const start = node.startIndex;
  let points: PointIndex | undefined;
  word.lastIndex = 0;
  for (const match of text.slice(start, node.endIndex).matchAll(word)) {
    points ??= pass.pointIndex();
    const at = start + match.index;
    found.push(...node.descendantsOfType(types, points.pointAt(at), points.pointAt(at + match[0].length)));
  }
  return found;
}

function finishUnit(node: SyntaxNode, kind: UnitKind, sensitive: number[], text: string, pass: RulePass, reports: ResolvedReport[], errors: number): Unit {
  let facts = `${kind} ${node.type}`;
  if (kind === 'module-code') {
    facts += `\u0000${text.slice(node.startIndex, node.endIndex)}`;
    // The same text can be recovered into another tree when it is broken.
    if (node.hasError) facts += `\u0000${node.toString()}`;
  } else {
    for (let i = 0; i < sensitive.length; i += 2) facts += `\u0000${text.slice(sensitive[i], sensitive[i + 1])}`;
  }
  const unit: Unit = { start: node.startIndex, end: node.endIndex, type: node.type, hasError: node.hasError, kind, facts, reports, errors, readsFileFacts: pass.lastRunConsultedMemo };
  if (pass.lastRunReadDefinitions.size > 0) unit.reads = [...pass.lastRunReadDefinitions];
  return unit;
}

/** True when [start, end] meets one of the flattened spans (touching counts: an insertion at a boundary changes the unit). */
function touchesAny(spans: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (spans[i] <= end && spans[i + 1] >= start) return true;
  return false;
}

/** An offset after an edit of [start, oldEnd) to [start, newEnd), or undefined inside the edit. */
function shiftOffset(offset: number, start: number, oldEnd: number, newEnd: number): number | undefined {
  if (offset < start) return offset;
  if (offset > oldEnd) return offset + newEnd - oldEnd;
  return undefined;
}

function shiftSpans(spans: number[], start: number, oldEnd: number, newEnd: number): number[] {
  return spans.map((offset, i) => {
    // A dirty span grows with an edit inside it and moves with one before it.
    if (i % 2 === 0) return offset <= start ? offset : offset >= oldEnd ? offset + newEnd - oldEnd : start;
    return offset < start ? offset : offset >= oldEnd ? offset + newEnd - oldEnd : newEnd;
  });
}

function shiftUnit(unit: Unit, start: number, oldEnd: number, newEnd: number): Unit {
  if (unit.end < start && unit.reports.every((r) => r.end < start && (r.related ?? []).every((l) => l.elsewhere || l.end < start) && (r.fixes ?? []).every((f) => f.edits.every((e) => e.end < start)))) {
    return unit;
  }
  let stale = unit.stale ?? false;
  const at = (offset: number): number => {
    const moved = shiftOffset(offset, start, oldEnd, newEnd);
    // A report that points into edited text (a taint step in module-level code, say) is recomputed.
    if (moved === undefined) stale = true;
    return moved ?? start;
  };
  const span = <T extends Span>(s: T): T => ({ ...s, start: at(s.start), end: at(s.end) });
  // A location in another file (a helper of another module) does not move with this file's edits.
  const related = (l: RelatedLocation): RelatedLocation => (l.elsewhere ? l : span(l));
  const shifted: Unit = {
    ...unit,
    start: at(unit.start),
    end: at(unit.end),
    reports: unit.reports.map((r) => {
      const moved: ResolvedReport = { ...r, start: at(r.start), end: at(r.end) };
      if (r.related) moved.related = r.related.map(related);
      if (r.fixes) moved.fixes = r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => span(e)) }));
      return moved;
    }),
  };
  if (stale) shifted.stale = true;
  return shifted;
}
