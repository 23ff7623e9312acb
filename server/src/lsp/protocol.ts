import { NotificationType, RequestType } from 'vscode-languageserver/node';

/** Custom messages between our client and server (everything else is standard LSP). */
export const TrustNotification = new NotificationType<{ trusted: boolean }>('dvrHints/trust');

export interface DebugDocumentParams {
  uri: string;
}

export interface DebugDocumentResult {
  version: number;
  text: string;
  /** Analyses of this server dropped unfinished because a newer version arrived. */
  cancelledAnalyses: number;
}

/**
 * The server's copy of an open document, for tests (edit storms compare it with the
 * client's). Answered only when the server runs with `initializationOptions.debug: true`
 * or `DVR_HINTS_DEBUG=1`; `null` for a document that is not open.
 */
export const DebugDocumentRequest = new RequestType<DebugDocumentParams, DebugDocumentResult | null, void>('dvrHints/debugDocument');
