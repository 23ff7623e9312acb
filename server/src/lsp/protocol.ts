import { NotificationType, RequestType, type Range, type WorkDoneProgressParams } from 'vscode-languageserver-protocol';

/**
 * Custom messages between our client and server (everything else is standard LSP).
 * The client imports this module too, so both sides share one declaration of each
 * message; it depends on vscode-languageserver-protocol only, never on the server.
 */

export type FindingLevel = 'high' | 'medium' | 'low';

export const TrustNotification = new NotificationType<{ trusted: boolean }>('dvrHints/trust');

/** One finding as the findings view shows it. */
export interface FindingItem {
  range: Range;
  ruleId: string;
  /** The rule's short kebab-case name, e.g. `shell-command-from-data`. */
  name: string;
  /** The rule's one-line title. */
  title: string;
  severity: FindingLevel;
  confidence: FindingLevel;
  cwe: number[];
  message: string;
  /** Whether the finding has a quick fix (the view offers "Apply Quick Fix" only then). */
  fixable: boolean;
}

/**
 * Where a file's findings come from: the editor's text of an open file, or the file on
 * disk (workspace scan, files that are not open).
 */
export type FindingsOrigin = 'editor' | 'disk';

/** All current findings of one file; an empty list removes the file. */
export interface FileFindings {
  uri: string;
  /** The document version analysed (open files only). */
  version?: number;
  origin: FindingsOrigin;
  findings: FindingItem[];
}

/** Sent whenever a file's findings change (also when they become empty). */
export const FindingsNotification = new NotificationType<FileFindings>('dvrHints/findings');

/** Every file's current findings, for a view that starts after the server. */
export const AllFindingsRequest = new RequestType<Record<string, never>, FileFindings[], void>('dvrHints/allFindings');

export interface RuleDocsParams {
  /** One rule's id; every rule when absent. */
  ruleId?: string;
}

export interface RuleDocsEntry {
  id: string;
  name: string;
  title: string;
  severity: FindingLevel;
  confidence: FindingLevel;
  cwe: number[];
  enabledByDefault: boolean;
  /** The rule's full documentation as Markdown, with a heading and its metadata. */
  markdown: string;
}

export interface RuleDocsResult {
  rules: RuleDocsEntry[];
}

export const RuleDocsRequest = new RequestType<RuleDocsParams, RuleDocsResult, void>('dvrHints/ruleDocs');

export type ScanWorkspaceParams = WorkDoneProgressParams;

export interface ScanWorkspaceResult {
  /** Python files found in the workspace folders (after excludes). */
  files: number;
  /** Files analysed before the scan ended. */
  analysed: number;
  /** Files that could not be read, were binary or too large. */
  skipped: number;
  /** Findings in the scanned files (for an open file: in the editor's text). */
  findings: number;
  /** Files shown from the scan cache (unchanged on disk since they were analysed), not analysed again. */
  cached?: number;
  cancelled: boolean;
  durationMs: number;
}

/**
 * Scans every Python file of the workspace folders. Progress goes to the request's
 * workDoneToken when the client gave one, else to a server-created progress
 * (`window/workDoneProgress/create`); either can cancel it, and so can `$/cancelRequest`.
 */
export const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>('dvrHints/scanWorkspace');

export interface DebugDocumentParams {
  uri: string;
}

export interface DebugDocumentResult {
  version: number;
  text: string;
  /** Analyses of this server dropped unfinished because a newer version arrived. */
  cancelledAnalyses: number;
  /** Analyses of open documents this server has started (a display-only settings change starts none). */
  startedAnalyses: number;
  /** The document keeps its parsed tree (only the recently analysed ones do: lsp/treeBudget.ts). */
  hasTree: boolean;
}

/**
 * The server's copy of an open document, for tests (edit storms compare it with the
 * client's). Answered only when the server runs with `initializationOptions.debug: true`
 * or `DVR_HINTS_DEBUG=1`; `null` for a document that is not open.
 */
export const DebugDocumentRequest = new RequestType<DebugDocumentParams, DebugDocumentResult | null, void>('dvrHints/debugDocument');
