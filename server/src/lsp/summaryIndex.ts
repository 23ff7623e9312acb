import type { Connection } from 'vscode-languageserver/node';
import { summariseFile } from '../analysis/interproc/export';
import { WorkspaceSummaries } from '../analysis/interproc/workspace';
import { readPythonSource } from '../scan/files';
import { documentAnalysis } from './documentAnalysis';
import { uriToPath, type DvrHintsServer } from './server';

/**
 * The language server's workspace index of function summaries (taint across modules): filled
 * from the workspace scan (from disk, in a first phase before any file is analysed, as the
 * CLI does) and from open documents when they are opened or saved. When a file's summaries
 * change, the open documents whose checks read one of them re-check those statements only
 * (IncrementalAnalysis.invalidate). Summaries are not recomputed while typing: the edit path
 * stays as it was.
 */
export class SummaryIndex {
  readonly workspace = new WorkspaceSummaries();

  constructor(private readonly server: DvrHintsServer) {}

  /** Summarises a file's text (the editor's, or read from disk) into the index; returns the names that changed. */
  update(filePath: string, text?: string): string[] {
    const config = this.server.configFor(filePath);
    if (config.excluded) return this.workspace.remove(config.path);
    let source = text;
    if (source === undefined) {
      const read = readPythonSource(filePath, config.maxFileSize);
      if (!read.ok) return this.workspace.remove(config.path);
      source = read.text;
    }
    try {
      return this.workspace.update(summariseFile(filePath, config.path, source, this.server.rules, config.options));
    } catch {
      // A text the parser refuses has no summaries.
      return this.workspace.remove(config.path);
    }
  }

  /** Open documents that read a changed summary are analysed again (their statements that read it only). */
  recheckCallers(changed: readonly string[], exceptUri?: string): void {
    if (changed.length === 0) return;
    const names = new Set(changed);
    for (const [uri, document] of this.server.documents) {
      if (uri === exceptUri) continue;
      if (documentAnalysis(document)?.invalidate(names)) this.server.schedule(uri);
    }
  }

  /** An open document was opened or saved: its summaries go into the index. */
  refreshOpen(uri: string): void {
    const document = this.server.documents.get(uri);
    const filePath = uriToPath(uri);
    if (!document || !filePath) return;
    this.recheckCallers(this.update(filePath, document.text), uri);
  }
}

export function registerSummaryIndex(connection: Connection, server: DvrHintsServer): SummaryIndex {
  const index = server.summaries;
  connection.onDidSaveTextDocument(({ textDocument }) => index.refreshOpen(textDocument.uri));
  return index;
}
