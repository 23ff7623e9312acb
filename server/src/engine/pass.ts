import { detectLineEnding, fixesWithLineEnding } from '../fixes/lineEndings';
import type { ActiveRule } from './engine';
import type { LineIndex } from './lineIndex';
import { isRuleSelected, meetsThresholds, type LintOptions } from './options';
import type { Suppressions } from './suppression';
import { PointIndex } from './points';
import { TextMatches } from './textMatches';
import { activeRuleProfile, cpuNow, type RuleProfile } from './profile';
import { ModuleModel } from '../semantic/model';
import type { Finding, Fix, Level, RelatedLocation, Report, RuleContext, SourceFile, SyntaxNode } from './types';

/**
 * One analysis pass: the rules' checks dispatched over candidate nodes, and the step that
 * turns their reports into findings. The whole-file engine (`analyse`) and the language
 * server's incremental analysis share it, so both give the same findings by construction.
 */

/** A rule's report with its position resolved and no reference to a tree node (it may outlive the tree). */
export interface ResolvedReport {
  rule: ActiveRule;
  start: number;
  end: number;
  value: string;
  message?: string;
  severity?: Level;
  confidence?: Level;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

/** The rules that run on this text: selected by the options and not ruled out by their prefilter. */
export function rulesForText(rules: readonly ActiveRule[], options: LintOptions, text: string): ActiveRule[] {
  return rules.filter((rule) => !rule.check.checkSuppressions && isRuleSelected(rule.meta, options) && passesPrefilter(rule, text));
}

function passesPrefilter(rule: ActiveRule, text: string): boolean {
  const prefilter = rule.check.prefilter;
  if (!prefilter) return true;
  prefilter.lastIndex = 0; // a /g or /y pattern keeps state between calls
  return prefilter.test(text);
}

export function formatMessage(template: string, value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return template.replace(/\{value\}/g, shown.replace(/\s+/g, ' '));
}

export type RuleCrashListener = (ruleId: string, path: string, error: unknown) => void;
let crashListener: RuleCrashListener = (ruleId, path, error) => {
  process.stderr.write(`dvr-hints: rule ${ruleId} failed on ${path}: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
};

export function setRuleCrashListener(listener: RuleCrashListener): void {
  crashListener = listener;
}

/** The memo entry holding the module's semantic model (one per analysed tree). */
const MODEL_KEY = 'semantic:model';

/** Matches closer than this share one range walk: fewer native walks, a few more candidates. */
const ANCHOR_MERGE_GAP = 1000;
/** Characters around a subtree an anchor pattern may look at (`\b`, lookbehind) when a subtree is searched alone. */
const ANCHOR_CONTEXT = 64;

interface AnchorGroup {
  /** The rules' pattern with the `g` flag, for matchAll. */
  search: RegExp;
  byType: Map<string, ActiveRule[]>;
  types: string[];
}

function addByType(map: Map<string, ActiveRule[]>, rule: ActiveRule): void {
  for (const type of rule.check.nodeTypes) {
    const list = map.get(type);
    if (list) list.push(rule);
    else map.set(type, [rule]);
  }
}

/**
 * Dispatches candidate nodes to the rules that asked for their type. Candidates of rules
 * without an anchor come from one native `descendantsOfType` walk per subtree (measured
 * cheaper than a TreeCursor walk or a Query: see docs/performance.md); candidates of
 * anchored rules from range-limited walks around the anchor's matches in the text.
 */
export class RulePass {
  private readonly byType = new Map<string, ActiveRule[]>();
  private readonly walkTypes: string[];
  private readonly walkTypesWithError: string[];
  private readonly anchors: AnchorGroup[] = [];
  private readonly contexts = new Map<ActiveRule, RuleContext>();
  private points: PointIndex | undefined;
  private sink: ResolvedReport[] = [];
  /** Whether a rule read a file-level fact (context.memo) since the last runSubtree began. */
  private consultedMemo = false;
  /** Other definitions whose summaries the checks read since the last runSubtree began (context.readsDefinitions). */
  private definitionsRead = new Set<string>();

  constructor(
    readonly file: SourceFile,
    readonly rules: readonly ActiveRule[],
    options: LintOptions,
    memo: Map<string, unknown> = new Map(),
    points?: PointIndex,
    /** The module model builds scopes as they are asked about (ModuleModel's lazyScopes): for passes over a few units. */
    lazyScopes = false,
  ) {
    this.points = points;
    const groups = new Map<RegExp, AnchorGroup>();
    for (const rule of rules) {
      const anchor = rule.check.anchor;
      if (!anchor) {
        addByType(this.byType, rule);
        continue;
      }
      let group = groups.get(anchor);
      if (!group) {
        const flags = anchor.flags.replace(/[gy]/g, '') + 'g';
        group = { search: new RegExp(anchor.source, flags), byType: new Map(), types: [] };
        groups.set(anchor, group);
        this.anchors.push(group);
      }
      addByType(group.byType, rule);
    }
    for (const group of this.anchors) group.types = [...group.byType.keys()];
    this.walkTypes = [...this.byType.keys()];
    this.walkTypesWithError = this.byType.has('ERROR') ? this.walkTypes : [...this.walkTypes, 'ERROR'];
    const text = (node: SyntaxNode): string => file.text.slice(node.startIndex, node.endIndex);
    const matches = new TextMatches(file.text);
    const mayMatch = (node: SyntaxNode, pattern: RegExp): boolean => matches.mayMatch(node.startIndex, node.endIndex, pattern);
    const noteMemo = (): void => {
      this.consultedMemo = true;
    };
    const model = (): ModuleModel => {
      noteMemo();
      let built = memo.get(MODEL_KEY) as ModuleModel | undefined;
      // The memo lives for one analysis of one tree; the text check guards a caller that reuses it.
      if (!built || built.text !== file.text || built.root.tree !== file.tree) {
        const profile = activeRuleProfile();
        const create = (): ModuleModel => new ModuleModel(file.tree.rootNode, file.text, () => this.pointIndex(), lazyScopes);
        built = profile ? profile.timeFacts(create) : create();
        memo.set(MODEL_KEY, built);
      }
      return built;
    };
    for (const rule of rules) {
      this.contexts.set(rule, {
        file,
        settings: options.analysis,
        get model(): ModuleModel {
          return model();
        },
        report: (report) => this.sink.push(resolveReport(rule, report)),
        text,
        mayMatch,
        readsDefinitions: (names) => {
          for (const name of names) this.definitionsRead.add(name);
        },
        memo<T>(key: string, compute: () => T): T {
          noteMemo();
          if (memo.has(key)) return memo.get(key) as T;
          const profile = activeRuleProfile();
          const value = profile ? profile.timeFacts(compute) : compute();
          memo.set(key, value);
          return value;
        },
      });
    }
  }

  /** The context a rule's checks get (for analyses that call a rule's helpers outside a check, such as taintSinks). */
  contextOf(rule: ActiveRule): RuleContext | undefined {
    return this.contexts.get(rule);
  }

  /** Whether the checks of the last runSubtree read a file-level fact through context.memo. */
  get lastRunConsultedMemo(): boolean {
    return this.consultedMemo;
  }

  /** The definitions whose summaries the checks of the last runSubtree read (context.readsDefinitions). */
  get lastRunReadDefinitions(): ReadonlySet<string> {
    return this.definitionsRead;
  }

  /** tree-sitter points of the file's text (built once per pass, on first use). */
  pointIndex(): PointIndex {
    this.points ??= new PointIndex(this.file.text);
    return this.points;
  }

  /**
   * Checks `subtree` and all its descendants, reporting into `sink`; returns the number of
   * ERROR nodes in it (counted only when tree-sitter says the subtree has an error).
   */
  runSubtree(subtree: SyntaxNode, sink: ResolvedReport[]): number {
    this.begin(sink);
    return this.subtree(subtree);
  }

  /**
   * Checks `subtree` as runSubtree does, except the subtrees of `skipped` (descendants of
   * `subtree`, none inside another): runOutside(node, skipped) plus runSubtree of each skipped
   * node reports what runSubtree(node) does. Returns the number of ERROR nodes checked.
   */
  runOutside(subtree: SyntaxNode, skipped: readonly SyntaxNode[], sink: ResolvedReport[]): number {
    this.begin(sink);
    const skip = new Set<number>();
    // Nodes on the way down to a skipped subtree are checked alone, their other children whole.
    const around = new Set<number>();
    for (const node of skipped) {
      skip.add(node.id);
      for (let p = node.parent; p && !around.has(p.id); p = p.parent) {
        around.add(p.id);
        if (p.id === subtree.id) break;
      }
    }
    const visit = (node: SyntaxNode): number => {
      if (skip.has(node.id)) return 0;
      if (!around.has(node.id)) return this.subtree(node);
      let errors = this.nodeOnly(node);
      for (const child of node.children) errors += visit(child);
      return errors;
    };
    return visit(subtree);
  }

  private begin(sink: ResolvedReport[]): void {
    this.sink = sink;
    this.consultedMemo = false;
    this.definitionsRead = new Set();
  }

  private subtree(subtree: SyntaxNode): number {
    let errors = 0;
    const hasError = subtree.hasError;
    if (this.walkTypes.length > 0 || hasError) {
      for (const node of subtree.descendantsOfType(hasError ? this.walkTypesWithError : this.walkTypes)) {
        const type = node.type;
        if (type === 'ERROR') errors++;
        const interested = this.byType.get(type);
        if (interested) this.check(interested, node);
      }
    }
    if (this.anchors.length > 0) this.runAnchored(subtree);
    return errors;
  }

  /**
   * Checks `node` alone, as runSubtree would check it, without its descendants: then
   * runNodeOnly(node) plus runSubtree of each of its children (named or not) reports what
   * runSubtree(node) does. Returns 1 when the node is an ERROR node, else 0.
   */
  runNodeOnly(node: SyntaxNode, sink: ResolvedReport[]): number {
    this.begin(sink);
    return this.nodeOnly(node);
  }

  private nodeOnly(node: SyntaxNode): number {
    const type = node.type;
    const interested = this.byType.get(type);
    if (interested) this.check(interested, node);
    for (const group of this.anchors) {
      const own = group.byType.get(type);
      // runAnchored checks the subtree's root only when the anchor matches inside it.
      if (own && anchorRanges(group.search, this.file.text, node.startIndex, node.endIndex).length > 0) this.check(own, node);
    }
    return type === 'ERROR' ? 1 : 0;
  }

  private runAnchored(subtree: SyntaxNode): void {
    const start = subtree.startIndex;
    const end = subtree.endIndex;
    for (const group of this.anchors) {
      const ranges = anchorRanges(group.search, this.file.text, start, end);
      if (ranges.length === 0) continue;
      const points = this.pointIndex();
      // The subtree itself comes first in document order, as in a walk from it.
      const own = group.byType.get(subtree.type);
      if (own) this.check(own, subtree);
      // A node spanning several ranges comes back from each walk; the first time is its place in document order.
      const seen = new Set<SyntaxNode>();
      for (let i = 0; i < ranges.length; i += 2) {
        const from = points.pointAt(ranges[i]);
        const to = points.pointAt(ranges[i + 1]);
        // Walk from the children that overlap the range: a walk from the top would step over every earlier statement first.
        for (let child = subtree.firstChildForIndex(ranges[i]); child && child.startIndex < ranges[i + 1]; child = child.nextSibling) {
          for (const node of child.descendantsOfType(group.types, from, to)) {
            if (seen.has(node)) continue;
            seen.add(node);
            const interested = group.byType.get(node.type);
            if (interested) this.check(interested, node);
          }
        }
      }
    }
  }

  private check(rules: readonly ActiveRule[], node: SyntaxNode): void {
    const profile = activeRuleProfile();
    if (profile) {
      this.checkProfiled(rules, node, profile);
      return;
    }
    for (const rule of rules) {
      try {
        rule.check.check(node, this.contexts.get(rule) as RuleContext);
      } catch (error) {
        // A rule bug must not take the file's other findings down with it.
        crashListener(rule.meta.id, this.file.path, error);
      }
    }
  }

  /** check() with each rule's time counted (the benchmark's per-rule figures). */
  private checkProfiled(rules: readonly ActiveRule[], node: SyntaxNode, profile: RuleProfile): void {
    for (const rule of rules) {
      const facts = profile.facts;
      const start = cpuNow();
      try {
        rule.check.check(node, this.contexts.get(rule) as RuleContext);
      } catch (error) {
        crashListener(rule.meta.id, this.file.path, error);
      }
      profile.addRule(rule.meta.id, cpuNow() - start - (profile.facts - facts));
    }
  }
}

/** Subtrees longer than this (in characters) are checked node by node so that runSubtreeInSteps can pause inside them. */
export const STEP_CHARS = 4000;

/**
 * pass.runSubtree(root, sink) in steps: pauses after each checked subtree of at most a few
 * thousand characters (a top-level statement, or a part of a large class or function).
 * Checking a node alone and then each of its children reports what checking its subtree
 * does (RulePass.runNodeOnly), so the result is the same. Returns the ERROR node count.
 */
export function* runSubtreeInSteps(pass: RulePass, root: SyntaxNode, sink: ResolvedReport[]): Generator<void, number> {
  let errors = 0;
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as SyntaxNode;
    if (node.endIndex - node.startIndex <= STEP_CHARS || node.childCount === 0) {
      errors += pass.runSubtree(node, sink);
      yield;
      continue;
    }
    errors += pass.runNodeOnly(node, sink);
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return errors;
}

/**
 * Ranges around the pattern's matches in text[start, end), flattened as [from, to, from, to...],
 * nearby matches merged. A part of the text is searched with some context on each side so
 * that `\b` and lookarounds see the same characters as in a search of the whole text.
 */
function anchorRanges(search: RegExp, text: string, start: number, end: number): number[] {
  const whole = start === 0 && end === text.length;
  const from = whole ? 0 : Math.max(0, start - ANCHOR_CONTEXT);
  const haystack = whole ? text : text.slice(from, Math.min(text.length, end + ANCHOR_CONTEXT));
  const ranges: number[] = [];
  search.lastIndex = 0;
  for (const match of haystack.matchAll(search)) {
    const s = from + match.index;
    if (s < start) continue;
    if (s >= end) break;
    const e = Math.max(s + match[0].length, s + 1);
    const last = ranges.length - 1;
    if (last > 0 && s - ranges[last] <= ANCHOR_MERGE_GAP) ranges[last] = Math.max(ranges[last], e);
    else ranges.push(s, e);
  }
  return ranges;
}

function resolveReport(rule: ActiveRule, report: Report): ResolvedReport {
  const start = report.node ? report.node.startIndex : report.span?.start ?? 0;
  const end = report.node ? report.node.endIndex : report.span?.end ?? start;
  const resolved: ResolvedReport = { rule, start, end, value: report.value };
  if (report.message !== undefined) resolved.message = report.message;
  if (report.severity !== undefined) resolved.severity = report.severity;
  if (report.confidence !== undefined) resolved.confidence = report.confidence;
  if (report.related !== undefined) resolved.related = report.related;
  if (report.fixes !== undefined) resolved.fixes = report.fixes;
  return resolved;
}

/**
 * Reports to findings: duplicates dropped, severity overrides and thresholds applied,
 * suppressions honoured (and marked used, below the thresholds too), then the
 * suppression-phase rules (DVR001) run on what the comments silenced; sorted.
 * `rules` are all the rules the engine knows; the selected ones are picked here.
 */
export function finishFindings(
  reports: Iterable<ResolvedReport>,
  suppressions: Suppressions,
  lineIndex: LineIndex,
  options: LintOptions,
  text: string,
  rules: readonly ActiveRule[],
): { findings: Finding[]; suppressed: number } {
  const eol = detectLineEnding(text);
  const findings: Finding[] = [];
  let suppressed = 0;
  const seen = new Set<string>();
  const add = (report: ResolvedReport): void => {
    const { rule, start, end } = report;
    const key = `${rule.meta.id}:${start}:${end}`;
    if (seen.has(key)) return;
    seen.add(key);
    const severity = options.severity[rule.meta.id] ?? report.severity ?? rule.meta.severity;
    const confidence = report.confidence ?? rule.meta.confidence;
    const silenced = suppressions.silences(lineIndex.lineOf(start), rule.meta, rule.check.checkSuppressions !== undefined);
    if (!meetsThresholds(severity, confidence, options)) return;
    if (silenced) {
      suppressed++;
      return;
    }
    findings.push({
      ruleId: rule.meta.id,
      start,
      end,
      message: report.message ?? formatMessage(rule.meta.message, report.value),
      severity,
      confidence,
      related: report.related ?? [],
      fixes: report.fixes ? fixesWithLineEnding(report.fixes, eol) : [],
    });
  };
  for (const report of reports) add(report);
  const selected = rules.filter((rule) => isRuleSelected(rule.meta, options));
  for (const rule of selected) {
    if (!rule.check.checkSuppressions) continue;
    const input = { text, lineIndex, directives: suppressions.directives, selected: selected.map((r) => r.meta), known: rules.map((r) => r.meta) };
    for (const report of rule.check.checkSuppressions(input)) add(resolveReport(rule, report));
  }
  findings.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
  return { findings, suppressed };
}
