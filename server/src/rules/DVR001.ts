import { ruleCodes, type Directive, type DirectiveCode, type DirectiveKind } from '../engine/suppression';
import type { Report, RuleCheck, RuleMeta, SuppressionPhaseInput } from '../engine/types';
import { removeCode, removeDirective } from '../fixes/removeSuppression';

/**
 * DVR001 unused-suppression: a `dvr-hints`, `nosec` or mapped `noqa` comment (or one code of
 * its list) that silenced no finding. It runs in the engine's suppression phase, after every
 * other rule, on the whole file each time (also in the editor's incremental analysis): whether
 * a comment silences anything depends on the findings of the whole file (an own-line comment
 * covers the next statement, `ignore-file` every line), so no narrower scope is correct.
 */

/** Whether an unused code can be judged: a code of a rule that did not run, or another tool's code, cannot. */
function judgeable(kind: DirectiveKind, code: string, input: SuppressionPhaseInput): boolean {
  // A DVR001 finding could only be silenced after this phase: its own code is never judged.
  if (kind === 'dvr-hints') return code !== 'DVR001' && (input.selected.some((r) => r.id === code) || !input.known.some((r) => r.id === code));
  return input.selected.some((r) => ruleCodes(kind, r).includes(code));
}

function bareJudgeable(directive: Directive, selected: readonly RuleMeta[]): boolean {
  if (directive.kind === 'noqa') return false;
  return directive.kind === 'dvr-hints' || selected.some((r) => r.bandit.length > 0);
}

const OTHER_TOOL: Record<DirectiveKind, string> = { 'dvr-hints': '', nosec: '; Bandit may still need it', noqa: '; Ruff or flake8-bandit may still need it' };

function unusedCodes(directive: Directive, input: SuppressionPhaseInput): DirectiveCode[] | 'all' | undefined {
  if (directive.codes.length === 0) return directive.used || !bareJudgeable(directive, input.selected) ? undefined : 'all';
  const unused = directive.codes.filter((c) => !c.used && judgeable(directive.kind, c.code, input));
  if (unused.length === 0) return undefined;
  return unused.length === directive.codes.length ? 'all' : unused;
}

export const DVR001: RuleCheck = {
  id: 'DVR001',
  nodeTypes: [],
  check() {
    // Never called: the rule reports from the suppression phase.
  },
  checkSuppressions(input: SuppressionPhaseInput): Report[] {
    const reports: Report[] = [];
    for (const directive of input.directives) {
      const unused = unusedCodes(directive, input);
      if (!unused) continue;
      const written = input.text.slice(directive.span.start, directive.span.end);
      // Removing a comment never changes what the program does; a nosec or noqa comment may still serve Bandit or Ruff, which the fix cannot know.
      const applicability = directive.kind === 'dvr-hints' ? 'safe' : 'unsafe';
      const note = OTHER_TOOL[directive.kind];
      if (unused === 'all') {
        reports.push({
          span: directive.span,
          value: written,
          message: `Suppression '${written}' silences nothing here${note}`,
          fixes: [{ title: `Remove unused suppression '${written}'`, applicability, edits: [removeDirective(input.text, input.lineIndex, directive)] }],
        });
        continue;
      }
      for (const code of unused) {
        reports.push({
          span: code,
          value: code.code,
          message: `Code ${code.code} of suppression '${written}' silences nothing here${note}`,
          fixes: [{ title: `Remove unused code ${code.code}`, applicability, edits: [removeCode(directive, code)] }],
        });
      }
    }
    return reports;
  },
};
