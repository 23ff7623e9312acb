import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type ExecuteCommandParams,
  type InitializeParams,
  type Range,
  type ServerCapabilities,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { analyse } from '../engine/engine';
import type { LineIndex } from '../engine/lineIndex';
import type { Finding, Fix, TextEdit } from '../engine/types';
import { appliedByRule, appliedCount, fixAll, resultEdits, type FixAllResult } from '../fixes/fixAll';
import { suppressInFile, suppressOnLine } from '../fixes/suppress';
import { SOURCE, toRange, type DiagnosticData } from './diagnostics';
import { uriToPath, type AnalysedDocument, type DvrHintsServer } from './server';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dvr-hints`;
/** Server command: apply every safe fix of a document (`workspace/applyEdit`). */
export const APPLY_FIX_ALL_COMMAND = 'dvrHints.applyFixAll';
export const FIX_ALL_TITLE = 'Fix all auto-fixable DVR problems';

export interface FixAllCommandArgument {
  uri: string;
  version?: number;
}

/** What `dvrHints.applyFixAll` did, for the client's "Fixed N problems" notification. */
export interface FixAllCommandResult {
  applied: boolean;
  fixes: number;
  /** Fixes applied, by rule id. */
  byRule: Record<string, number>;
  /** Findings left after the fixes (no safe fix, or none at all). */
  remaining: number;
}

const NOTHING_DONE = (remaining: number): FixAllCommandResult => ({ applied: false, fixes: 0, byRule: {}, remaining });

/** What a lazily computed fix-all action carries to `codeAction/resolve`. */
interface FixAllData {
  fixAll: FixAllCommandArgument;
}

function isFixAllData(data: unknown): data is FixAllData {
  const d = data as FixAllData | undefined;
  return !!d && typeof d === 'object' && !!d.fixAll && typeof d.fixAll.uri === 'string';
}

/** A fix's title as the editor shows it: unsafe fixes say that they change behaviour. */
export function actionTitle(fix: Fix): string {
  return fix.applicability === 'safe' ? fix.title : `${fix.title} (changes behaviour)`;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function ruleIdOf(diagnostic: Diagnostic): string | undefined {
  if (typeof diagnostic.code === 'string') return diagnostic.code;
  const data = diagnostic.data as Partial<DiagnosticData> | undefined;
  return typeof data?.ruleId === 'string' ? data.ruleId : undefined;
}

/** `only` asks for `kind` when it names the kind or one of its parents (`source`, `source.fixAll`). */
function asks(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * Quick fixes, suppression and fix-all for the language server (`textDocument/codeAction`,
 * `codeAction/resolve`, and the `dvrHints.applyFixAll` command).
 */
export class CodeActions {
  private resolveEdits = false;
  private versionedEdits = false;

  constructor(private readonly server: DvrHintsServer) {}

  capabilities(params: InitializeParams): Pick<ServerCapabilities, 'codeActionProvider' | 'executeCommandProvider'> {
    const codeAction = params.capabilities.textDocument?.codeAction;
    this.resolveEdits = codeAction?.resolveSupport?.properties.includes('edit') === true;
    this.versionedEdits = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    return {
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      executeCommandProvider: { commands: [APPLY_FIX_ALL_COMMAND] },
    };
  }

  register(connection: Connection): void {
    connection.onCodeAction((params) => this.provide(params));
    connection.onCodeActionResolve((action) => this.resolve(action));
    connection.onExecuteCommand((params) => this.execute(params));
  }

  /** The latest analysis of `uri`, if it is of the document's current version. */
  private current(uri: string): AnalysedDocument | undefined {
    const analysed = this.server.results.get(uri);
    const document = this.server.documents.get(uri);
    return analysed && document && analysed.version === document.version ? analysed : undefined;
  }

  /** The analysis brought up to date: for fix-all, which must not miss the last keystrokes before a save. */
  private fresh(uri: string): AnalysedDocument | undefined {
    return this.current(uri) ?? (this.server.documents.has(uri) ? this.server.analyseNow(uri) : undefined);
  }

  provide(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (asks(only, CodeActionKind.QuickFix)) {
      const analysed = this.current(uri);
      if (analysed) actions.push(...this.quickFixes(uri, analysed, params.context.diagnostics));
    }
    if (asks(only, FIX_ALL_KIND)) {
      const explicit = only !== undefined;
      const analysed = explicit ? this.fresh(uri) : this.current(uri);
      if (analysed && hasSafeFix(analysed.result.findings)) {
        if (explicit) {
          // Asked for by name (on save, the source action menu): compute it now.
          const edit = this.fixAllEdit(uri, analysed);
          if (edit) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit });
        } else if (this.resolveEdits) {
          // Offered alongside the quick fixes: computed only if chosen.
          actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, data: { fixAll: { uri, version: analysed.version } } satisfies FixAllData });
        } else {
          actions.push(this.fixAllCommandAction(uri, analysed.version, FIX_ALL_KIND));
        }
      }
    }
    return actions;
  }

  private quickFixes(uri: string, analysed: AnalysedDocument, diagnostics: readonly Diagnostic[]): CodeAction[] {
    const { result, version } = analysed;
    const fixes: CodeAction[] = [];
    const suppressions = new Map<string, CodeAction>();
    const source = { text: analysed.document.text, tree: analysed.document.currentTree(), lineIndex: result.lineIndex };
    let offersSafeFix = false;
    for (const diagnostic of diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const ruleId = ruleIdOf(diagnostic);
      const finding = result.findings.find((f) => f.ruleId === ruleId && sameRange(toRange(f, result.lineIndex, this.server.encoding), diagnostic.range));
      if (!finding) continue;
      const preferred = finding.fixes.find((f) => f.applicability === 'safe');
      offersSafeFix ||= preferred !== undefined;
      for (const fix of finding.fixes) {
        fixes.push({
          title: actionTitle(fix),
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix === preferred,
          edit: this.workspaceEdit(uri, version, fix.edits, result.lineIndex),
        });
      }
      for (const suppression of [suppressOnLine(finding.ruleId, finding, source), suppressInFile(finding.ruleId, source)]) {
        if (!suppression) continue;
        // Two findings of one rule on a line (or in a file) share one suppression.
        const key = `${suppression.title}\u0000${JSON.stringify(suppression.edits)}`;
        const same = suppressions.get(key);
        if (same) same.diagnostics?.push(diagnostic);
        else suppressions.set(key, { title: suppression.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: this.workspaceEdit(uri, version, suppression.edits, result.lineIndex) });
      }
    }
    if (offersSafeFix && hasSafeFix(result.findings, 2)) fixes.push(this.fixAllCommandAction(uri, version, CodeActionKind.QuickFix));
    // Fixes first, then the ways to silence a finding.
    return [...fixes, ...suppressions.values()];
  }

  private fixAllCommandAction(uri: string, version: number, kind: string): CodeAction {
    return { title: FIX_ALL_TITLE, kind, command: { title: FIX_ALL_TITLE, command: APPLY_FIX_ALL_COMMAND, arguments: [{ uri, version } satisfies FixAllCommandArgument] } };
  }

  resolve(action: CodeAction): CodeAction {
    if (action.edit || !isFixAllData(action.data)) return action;
    const { uri, version } = action.data.fixAll;
    const analysed = this.fresh(uri);
    if (!analysed || (version !== undefined && analysed.version !== version)) return action;
    const edit = this.fixAllEdit(uri, analysed);
    return edit ? { ...action, edit } : action;
  }

  async execute(params: ExecuteCommandParams): Promise<FixAllCommandResult> {
    if (params.command !== APPLY_FIX_ALL_COMMAND) return NOTHING_DONE(0);
    const argument = params.arguments?.[0] as FixAllCommandArgument | string | undefined;
    const target: FixAllCommandArgument | undefined = typeof argument === 'string' ? { uri: argument } : argument && typeof argument.uri === 'string' ? argument : undefined;
    if (!target) return NOTHING_DONE(0);
    const analysed = this.fresh(target.uri);
    if (!analysed || (target.version !== undefined && analysed.version !== target.version)) return NOTHING_DONE(0);
    const fixed = this.runFixAll(target.uri, analysed);
    if (!fixed || fixed.text === analysed.document.text) return NOTHING_DONE(analysed.result.findings.length);
    const edit = this.workspaceEdit(target.uri, analysed.version, resultEdits(fixed), analysed.result.lineIndex);
    const response = await this.server.connection.workspace.applyEdit({ label: FIX_ALL_TITLE, edit });
    if (!response.applied) return NOTHING_DONE(analysed.result.findings.length);
    return { applied: true, fixes: appliedCount(fixed), byRule: appliedByRule(fixed), remaining: fixed.analysis.findings.length };
  }

  private runFixAll(uri: string, analysed: AnalysedDocument): FixAllResult | undefined {
    const filePath = uriToPath(uri);
    const { options, excluded, path: rulePath } = this.server.configFor(filePath);
    if (excluded) return undefined;
    const path = filePath ? rulePath : uri;
    const result = fixAll(analysed.document.text, (text, tree) => analyse({ path, text, tree }, this.server.rules, options), { initial: analysed.result });
    for (const r of result.rejected) this.server.connection.console.warn(`dvr-hints: ${r.ruleId} fix '${r.title}' not applied to ${uri}: ${r.reason}`);
    return result;
  }

  private fixAllEdit(uri: string, analysed: AnalysedDocument): WorkspaceEdit | undefined {
    const fixed = this.runFixAll(uri, analysed);
    if (!fixed || fixed.text === analysed.document.text) return undefined;
    return this.workspaceEdit(uri, analysed.version, resultEdits(fixed), analysed.result.lineIndex);
  }

  /** Offsets into the analysed text, converted with the negotiated position encoding. */
  private workspaceEdit(uri: string, version: number, edits: readonly TextEdit[], lines: LineIndex): WorkspaceEdit {
    const lspEdits: LspTextEdit[] = edits.map((e) => ({ range: toRange(e, lines, this.server.encoding), newText: e.newText }));
    return this.versionedEdits ? { documentChanges: [{ textDocument: { uri, version }, edits: lspEdits }] } : { changes: { [uri]: lspEdits } };
  }
}

function hasSafeFix(findings: readonly Finding[], atLeast = 1): boolean {
  let n = 0;
  for (const f of findings) if (f.fixes.some((x) => x.applicability === 'safe') && ++n >= atLeast) return true;
  return false;
}
