import {
  DocumentDiagnosticReportKind,
  type CancellationToken,
  type ClientCapabilities,
  type Diagnostic,
  type DiagnosticOptions,
  type DocumentDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceDiagnosticReport,
} from 'vscode-languageserver/node';
import type { FindingsOrigin } from './protocol';

/**
 * LSP pull diagnostics (`textDocument/diagnostic`, `workspace/diagnostic`) for clients that
 * advertise them; the others get `textDocument/publishDiagnostics` as before. Every
 * published file's diagnostics are kept here with a result id. A document request waits
 * until the analysis of the document's current version is in; a workspace request answers
 * with the files read from disk whose diagnostics the client does not have yet, and waits
 * (a long poll, as the specification suggests) while there are none.
 */

export const DIAGNOSTIC_IDENTIFIER = 'dvr-hints';

interface StoredDiagnostics {
  resultId: string;
  version: number | undefined;
  origin: FindingsOrigin;
  diagnostics: Diagnostic[];
}

/** How long a workspace request with nothing new waits before answering with no items (the client asks again). */
const WORKSPACE_POLL_MS = 30_000;

/** Whether the client can pull diagnostics (and did not ask our server to push them). */
export function clientPullsDiagnostics(capabilities: ClientCapabilities, initializationOptions: unknown): boolean {
  const mode = (initializationOptions as { diagnostics?: unknown } | null | undefined)?.diagnostics;
  return mode !== 'push' && capabilities.textDocument?.diagnostic !== undefined;
}

export function pullCapability(): DiagnosticOptions {
  return { identifier: DIAGNOSTIC_IDENTIFIER, interFileDependencies: false, workspaceDiagnostics: true };
}

export class PullDiagnostics {
  private readonly stored = new Map<string, StoredDiagnostics>();
  private nextId = 1;
  private listeners: (() => void)[] = [];

  /**
   * @param documentVersion the version of an open document (undefined when it is not open)
   * @param isOpen whether the editor has the file open (its disk diagnostics are then left out of workspace reports)
   */
  constructor(
    private readonly documentVersion: (uri: string) => number | undefined,
    private readonly isOpen: (uri: string) => boolean,
  ) {}

  /** Records a file's diagnostics (what a push would send). */
  set(uri: string, version: number | undefined, origin: FindingsOrigin, diagnostics: Diagnostic[]): void {
    const previous = this.stored.get(uri);
    // Most edits leave the diagnostics as they were: the result id stays, so the client hears `unchanged`.
    const same = previous !== undefined && previous.origin === origin && sameDiagnostics(previous.diagnostics, diagnostics);
    this.stored.set(uri, { resultId: same ? previous.resultId : String(this.nextId++), version, origin, diagnostics });
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  /** Resolves at the next change, or after `ms`, or when cancelled. */
  private changed(ms: number, token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let disposable: { dispose(): void } | undefined;
      const settle = (): void => {
        if (timer) clearTimeout(timer);
        disposable?.dispose();
        this.listeners = this.listeners.filter((l) => l !== settle);
        resolve();
      };
      this.listeners.push(settle);
      timer = setTimeout(settle, ms);
      disposable = token.onCancellationRequested(settle);
    });
  }

  /** The current diagnostics of one document, once the analysis of its current version is in. */
  async document(uri: string, previousResultId: string | undefined, token: CancellationToken): Promise<DocumentDiagnosticReport> {
    for (;;) {
      const version = this.documentVersion(uri);
      const entry = this.stored.get(uri);
      // An open document's diagnostics are ready when they are of its current version; a file that is not open has what it has.
      const ready = version === undefined ? true : entry !== undefined && entry.origin === 'editor' && entry.version === version;
      if (ready || token.isCancellationRequested) {
        if (!entry || (version !== undefined && !ready)) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        if (entry.resultId === previousResultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: entry.resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId: entry.resultId, items: entry.diagnostics };
      }
      await this.changed(WORKSPACE_POLL_MS, token);
    }
  }

  /** The diagnostics of files read from disk that changed since `previous` (uri to result id); waits while nothing has. */
  async workspace(previous: readonly { uri: string; value: string }[], token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    const deadline = Date.now() + WORKSPACE_POLL_MS;
    for (;;) {
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      for (const [uri, entry] of this.stored) {
        if (entry.origin !== 'disk' || this.isOpen(uri) || known.get(uri) === entry.resultId) continue;
        // A file never reported and clean now has nothing to tell.
        if (!known.has(uri) && entry.diagnostics.length === 0) continue;
        items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: entry.resultId, items: entry.diagnostics });
      }
      const left = deadline - Date.now();
      if (items.length > 0 || token.isCancellationRequested || left <= 0) return { items };
      await this.changed(left, token);
    }
  }
}

function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
