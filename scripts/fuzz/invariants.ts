import { analyse, type ActiveRule } from '../../server/src/engine/engine';
import type { LineIndex } from '../../server/src/engine/lineIndex';
import type { LintOptions } from '../../server/src/engine/options';
import type { Finding, RuleMeta, Span } from '../../server/src/engine/types';
import { applyEdits, OverlappingEditsError } from '../../server/src/fixes/edits';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { decodePythonSource } from '../../server/src/scan/files';
import type { CaseExpectation } from './cases';

/**
 * What must hold for any input, however broken: the engine returns, no rule crashes,
 * every range lies inside the document, every fix's edits lie inside it and do not
 * overlap, and every finding converts to an LSP diagnostic.
 */

export interface CheckContext {
  rules: readonly ActiveRule[];
  options: LintOptions;
  /** Rule crashes reported through `onRuleCrash` since the last check (the check empties it). */
  crashes: string[];
}

function spanProblem(what: string, span: Span, length: number): string | undefined {
  const ok = Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= length;
  return ok ? undefined : `${what} [${span.start}, ${span.end}) is not inside the document (length ${length})`;
}

export function findingProblems(text: string, findings: readonly Finding[], lineIndex: LineIndex, metas: ReadonlyMap<string, RuleMeta>): string[] {
  const problems: string[] = [];
  const length = text.length;
  const add = (problem: string | undefined): void => {
    if (problem) problems.push(problem);
  };
  for (const f of findings) {
    add(spanProblem(`${f.ruleId} finding`, f, length));
    f.related.forEach((r, i) => add(spanProblem(`${f.ruleId} related location ${i}`, r, length)));
    for (const fix of f.fixes) {
      fix.edits.forEach((e, i) => add(spanProblem(`${f.ruleId} fix '${fix.title}' edit ${i}`, e, length)));
      try {
        applyEdits(text, fix.edits);
      } catch (error) {
        add(error instanceof OverlappingEditsError ? `${f.ruleId} fix '${fix.title}': ${error.message}` : `${f.ruleId} fix '${fix.title}' cannot be applied: ${String(error)}`);
      }
    }
    const meta = metas.get(f.ruleId);
    if (!meta) {
      problems.push(`${f.ruleId} finding from a rule that is not in the catalogue`);
      continue;
    }
    for (const encoding of ['utf-16', 'utf-8'] as const) {
      try {
        const d = toDiagnostic(f, meta, 'file:///fuzz.py', lineIndex, encoding);
        if (d.range.start.line > d.range.end.line || d.range.end.line >= lineIndex.lineCount) problems.push(`${f.ruleId} diagnostic range ${JSON.stringify(d.range)} is outside ${lineIndex.lineCount} lines (${encoding})`);
      } catch (error) {
        problems.push(`${f.ruleId} finding does not convert to a diagnostic (${encoding}): ${String(error)}`);
      }
    }
  }
  return problems;
}

/** Analyses `text` with every rule selected and returns what went wrong (nothing, normally). */
export interface CheckResult {
  problems: string[];
  findings: number;
  /** The engine's reason for not analysing the text (parse time budget): a documented limit, not a failure. */
  skipped?: string;
}

export function checkText(text: string, context: CheckContext, path = 'neutron/agent/fuzz_case.py'): CheckResult {
  context.crashes.length = 0;
  let problems: string[];
  let findings = 0;
  let skipped: string | undefined;
  try {
    const result = analyse({ path, text }, context.rules, context.options);
    findings = result.findings.length;
    skipped = result.skipped;
    const metas = new Map(context.rules.map((r) => [r.meta.id, r.meta]));
    problems = findingProblems(text, result.findings, result.lineIndex, metas);
  } catch (error) {
    problems = [`analyse threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  problems.push(...context.crashes.map((c) => `rule crashed: ${c}`));
  context.crashes.length = 0;
  return { problems, findings, skipped };
}

/** Feeds raw bytes through the file decoder, then analyses what it decoded. */
export function checkBytes(bytes: Uint8Array, context: CheckContext, path?: string): CheckResult {
  let decoded;
  try {
    decoded = decodePythonSource(bytes);
  } catch (error) {
    return { problems: [`decodePythonSource threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`], findings: 0 };
  }
  if (!decoded.ok) return { problems: typeof decoded.reason === 'string' && decoded.reason.length > 0 ? [] : ['decodePythonSource refused without a reason'], findings: 0 };
  if (typeof decoded.text !== 'string') return { problems: ['decodePythonSource returned no text'], findings: 0 };
  return checkText(decoded.text, context, path);
}

/** Rule, line and column of each finding, sorted: what must not change when only line endings do. */
function findingPlaces(text: string, context: CheckContext, path?: string): string[] | undefined {
  const result = analyse({ path: path ?? 'neutron/agent/fuzz_case.py', text }, context.rules, context.options);
  if (result.skipped) return undefined;
  return result.findings.map((f) => {
    const p = result.lineIndex.positionAt(f.start);
    return `${f.ruleId}@${p.line + 1}:${p.character + 1}`;
  }).sort();
}

/** The general invariants, then the case's own expectation (fuzz/cases.ts CaseExpectation). */
export function checkExpected(input: { text?: string; bytes?: Uint8Array; path?: string; expect?: CaseExpectation }, context: CheckContext): CheckResult {
  const expect = input.expect ?? {};
  if (input.bytes) {
    const decoded = decodePythonSource(input.bytes);
    if (expect.refusedEncoding !== undefined) {
      if (decoded.ok) return { problems: [`a coding cookie for ${expect.refusedEncoding} was decoded instead of refused`], findings: 0 };
      return { problems: decoded.reason.includes(expect.refusedEncoding) ? [] : [`refused without naming ${expect.refusedEncoding}: ${decoded.reason}`], findings: 0 };
    }
    if (expect.decodesTo !== undefined && !(decoded.ok && decoded.text === expect.decodesTo)) {
      return { problems: [decoded.ok ? 'the decoded text differs from the text that was encoded' : `refused: ${decoded.reason}`], findings: 0 };
    }
    return checkBytes(input.bytes, context, input.path);
  }
  const text = input.text ?? '';
  const result = checkText(text, context, input.path);
  if (expect.sameFindingsAs !== undefined && result.problems.length === 0 && !result.skipped) {
    const want = findingPlaces(expect.sameFindingsAs, context, input.path);
    const got = findingPlaces(text, context, input.path);
    if (want && got && want.join() !== got.join()) {
      const missing = want.filter((w) => !got.includes(w));
      const extra = got.filter((g) => !want.includes(g));
      result.problems.push(`findings moved when only line endings changed: missing ${missing.slice(0, 5).join(' ')}; extra ${extra.slice(0, 5).join(' ')}`);
    }
  }
  return result;
}
