import { isTestPath, type ActiveRule, type AnalysisResult } from './engine';
import { LineIndex } from './lineIndex';
import type { LintOptions } from './options';
import { finishFindings, RulePass, rulesForText, type ResolvedReport } from './pass';
import { collectSuppressions, directiveComments } from './suppression';
import type { RelatedLocation, SourceFile, Span, SyntaxNode, Tree } from './types';

/**
 * Incremental analysis for the language server: findings are cached per top-level
 * statement (a whole class counts as one) and, after an edit, recomputed only for the
 * statements the edit or tree-sitter's changed ranges touched. Rules that declare
 * `scope: 'definition'` take part; the others run on the whole file every time. An edit
 * that touches module-level code (a top-level statement other than def/class, or a def or
 * class header) or an import falls back to a full analysis, because such rules may depend
 * on those (types.ts, RuleScope). The result is the same as `analyse()` on the same text.
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
}

type UnitKind = 'definition' | 'comment' | 'module-code';

/** One top-level statement: its span and the raw reports of the definition-scoped rules in it. */
interface Unit {
  start: number;
  end: number;
  kind: UnitKind;
  /** Module-level parts inside the unit: a def/class header, import statements (flattened [start, end, ...]). */
  sensitive: number[];
  reports: ResolvedReport[];
  errors: number;
}

export interface IncrementalStats {
  /** 'full': every top-level statement was checked; 'incremental': only `checkedUnits` of them. */
  mode: 'full' | 'incremental';
  checkedUnits: number;
  totalUnits: number;
  /** Why the last analysis was full (for the benchmark and for tests). */
  reason?: string;
}

const DEFINITION_TYPES = new Set(['function_definition', 'class_definition', 'decorated_definition']);
const IMPORT_TYPES = ['import_statement', 'import_from_statement', 'future_import_statement'];

class FullAnalysisNeeded extends Error {}

export class IncrementalAnalysis {
  private units: Unit[] | undefined;
  private signature = '';
  stats: IncrementalStats = { mode: 'full', checkedUnits: 0, totalUnits: 0 };

  /** Forgets the cache: the next analysis is a full one. */
  reset(): void {
    this.units = undefined;
  }

  /**
   * Analyses the text. `changes` lists what happened since the previous call (undefined:
   * unknown, so everything is checked again).
   */
  analyse(input: IncrementalInput, changes: readonly DocumentChange[] | undefined, rules: readonly ActiveRule[], options: LintOptions): AnalysisResult {
    const { text, tree } = input;
    const file: SourceFile = { path: input.path.replace(/\\/g, '/'), text, tree, isTestCode: isTestPath(input.path) };
    const lineIndex = input.lineIndex ?? new LineIndex(text);
    const active = rulesForText(rules, options, text);
    // A rule on the module node itself looks at the whole file whatever it declares.
    const local = active.filter((r) => r.check.scope === 'definition' && !r.check.nodeTypes.includes('module'));
    const whole = active.filter((r) => !local.includes(r));
    const memo = new Map<string, unknown>();
    const root = tree.rootNode;

    const localPass = new RulePass(file, local, options, memo);
    const signature = JSON.stringify([file.path, local.map((r) => r.meta.id), options.analysis]);
    let units: Unit[] | undefined;
    if (root.type === 'module') {
      try {
        if (!this.units || signature !== this.signature || !changes) throw new FullAnalysisNeeded(!this.units ? 'first analysis' : !changes ? 'changes unknown' : 'rules or settings changed');
        units = this.update(this.units, changes, root, text, localPass);
      } catch (error) {
        if (!(error instanceof FullAnalysisNeeded)) throw error;
        units = this.checkAll(root, localPass);
        this.stats = { mode: 'full', checkedUnits: units.length, totalUnits: units.length, reason: error.message };
      }
    }
    this.units = units;
    this.signature = signature;

    const reports: ResolvedReport[] = [];
    let syntaxErrors = 0;
    if (units) {
      for (const unit of units) {
        for (const report of unit.reports) reports.push(report);
        syntaxErrors += unit.errors;
      }
    } else {
      syntaxErrors = localPass.runSubtree(root, reports);
    }
    if (whole.length > 0) {
      const wholeReports: ResolvedReport[] = [];
      new RulePass(file, whole, options, memo).runSubtree(root, wholeReports);
      reports.push(...wholeReports);
    }
    if (root.hasError && syntaxErrors === 0) syntaxErrors = 1;
    const suppressions = collectSuppressions(directiveComments(root, text), lineIndex);
    const { findings, suppressed } = finishFindings(reports, suppressions, lineIndex, options);
    return { findings, suppressed, syntaxErrors, lineIndex };
  }

  private checkAll(root: SyntaxNode, pass: RulePass): Unit[] {
    const units: Unit[] = [];
    for (const node of root.children) units.push(checkUnit(node, pass));
    return units;
  }

  /** Maps the cached units through the changes and re-checks the top-level statements they touched. */
  private update(previous: Unit[], changes: readonly DocumentChange[], root: SyntaxNode, text: string, pass: RulePass): Unit[] {
    let kept: Unit[] = previous;
    let dirty: number[] = [];
    for (const change of changes) {
      if (change.kind === 'replaced') throw new FullAnalysisNeeded('text replaced');
      if (change.kind === 'reparsed') {
        for (const range of change.changed) {
          kept = dropTouched(kept, range.start, range.end);
          dirty.push(range.start, range.end);
        }
        continue;
      }
      const { start, oldEnd, newEnd } = change;
      kept = dropTouched(kept, start, oldEnd).map((unit) => shiftUnit(unit, start, oldEnd, newEnd));
      dirty = shiftSpans(dirty, start, oldEnd, newEnd);
      dirty.push(start, newEnd);
    }
    // Re-check whole lines: a rule may read the rest of a statement's first or last line (a trailing comment).
    const wide = dirty.slice();
    for (let i = 0; i < wide.length; i += 2) {
      wide[i] = text.lastIndexOf('\n', wide[i] - 1) + 1;
      const lineEnd = text.indexOf('\n', wide[i + 1]);
      wide[i + 1] = lineEnd < 0 ? text.length : lineEnd + 1;
    }
    kept = kept.filter((unit) => !touchesAny(wide, unit.start, unit.end));

    const fresh: Unit[] = [];
    for (let i = 0; i < wide.length; i += 2) {
      for (let node: SyntaxNode | null = root.firstChildForIndex(Math.max(0, wide[i] - 1)); node && node.startIndex <= wide[i + 1]; node = node.nextSibling) {
        const start = node.startIndex;
        const end = node.endIndex;
        if (!touchesAny(wide, start, end) || fresh.some((u) => u.start === start)) continue;
        const unit = checkUnit(node, pass);
        // Only a change of the text itself matters here; a unit on a widened line alone is just re-checked.
        if (unit.kind === 'module-code' && touchesAny(dirty, start, end)) throw new FullAnalysisNeeded('edit in module-level code');
        if (touchesSensitive(unit, dirty)) throw new FullAnalysisNeeded('edit in a header or an import');
        fresh.push(unit);
      }
    }
    const units = [...kept, ...fresh].sort((a, b) => a.start - b.start);
    // Kept units sit where the new tree has its unchanged statements; a missing unit or an overlap means the mapping went wrong.
    if (units.length !== root.childCount) throw new FullAnalysisNeeded('top-level statements do not line up');
    for (let i = 1; i < units.length; i++) if (units[i].start < units[i - 1].end) throw new FullAnalysisNeeded('top-level statements overlap');
    this.stats = { mode: 'incremental', checkedUnits: fresh.length, totalUnits: units.length };
    return units;
  }
}

/** Checks one top-level statement with the definition-scoped rules. */
function checkUnit(node: SyntaxNode, pass: RulePass): Unit {
  const type = node.type;
  const start = node.startIndex;
  const end = node.endIndex;
  const kind: UnitKind = DEFINITION_TYPES.has(type) ? 'definition' : type === 'comment' ? 'comment' : 'module-code';
  const sensitive: number[] = [];
  if (kind === 'definition') {
    const definition = type === 'decorated_definition' ? node.childForFieldName('definition') : node;
    const body = definition?.childForFieldName('body');
    sensitive.push(start, body ? body.startIndex : end);
    for (const stmt of node.descendantsOfType(IMPORT_TYPES)) sensitive.push(stmt.startIndex, stmt.endIndex);
  }
  const reports: ResolvedReport[] = [];
  const errors = pass.runSubtree(node, reports);
  return { start, end, kind, sensitive, reports, errors };
}

/** True when [start, end] meets one of the flattened spans (touching counts: an insertion at a boundary changes the unit). */
function touchesAny(spans: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i < spans.length; i += 2) if (spans[i] <= end && spans[i + 1] >= start) return true;
  return false;
}

function touchesSensitive(unit: Unit, spans: readonly number[]): boolean {
  for (let i = 0; i < unit.sensitive.length; i += 2) if (touchesAny(spans, unit.sensitive[i], unit.sensitive[i + 1])) return true;
  return false;
}

/** Removes the units a change of [start, end] touches; a touched module-level unit or header forces a full analysis. */
function dropTouched(units: Unit[], start: number, end: number): Unit[] {
  const kept: Unit[] = [];
  for (const unit of units) {
    if (unit.start > end || unit.end < start) {
      kept.push(unit);
      continue;
    }
    if (unit.kind === 'module-code') throw new FullAnalysisNeeded('edit in module-level code');
    for (let i = 0; i < unit.sensitive.length; i += 2) {
      if (unit.sensitive[i] <= end && unit.sensitive[i + 1] >= start) throw new FullAnalysisNeeded('edit in a header or an import');
    }
  }
  return kept;
}

/** An offset after an edit of [start, oldEnd) to [start, newEnd); offsets inside the edit cannot be mapped. */
function shiftOffset(offset: number, start: number, oldEnd: number, newEnd: number): number {
  if (offset < start) return offset;
  if (offset > oldEnd) return offset + newEnd - oldEnd;
  throw new FullAnalysisNeeded('a finding refers to edited text');
}

function shiftSpans(spans: number[], start: number, oldEnd: number, newEnd: number): number[] {
  return spans.map((offset, i) => {
    // A dirty span grows with an edit inside it and moves with one before it.
    if (i % 2 === 0) return offset <= start ? offset : offset >= oldEnd ? offset + newEnd - oldEnd : start;
    return offset < start ? offset : offset >= oldEnd ? offset + newEnd - oldEnd : newEnd;
  });
}

function shiftUnit(unit: Unit, start: number, oldEnd: number, newEnd: number): Unit {
  if (unit.end < start && unit.reports.every((r) => r.end < start && (r.related ?? []).every((l) => l.end < start) && (r.fixes ?? []).every((f) => f.edits.every((e) => e.end < start)))) {
    return unit;
  }
  const at = (offset: number): number => shiftOffset(offset, start, oldEnd, newEnd);
  const span = <T extends Span>(s: T): T => ({ ...s, start: at(s.start), end: at(s.end) });
  return {
    ...unit,
    start: at(unit.start),
    end: at(unit.end),
    sensitive: unit.sensitive.map(at),
    reports: unit.reports.map((r) => {
      const moved: ResolvedReport = { ...r, start: at(r.start), end: at(r.end) };
      if (r.related) moved.related = r.related.map((l: RelatedLocation) => span(l));
      if (r.fixes) moved.fixes = r.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => span(e)) }));
      return moved;
    }),
  };
}
