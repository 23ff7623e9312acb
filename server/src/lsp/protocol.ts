import { NotificationType } from 'vscode-languageserver/node';

/** Custom messages between our client and server (everything else is standard LSP). */
export const TrustNotification = new NotificationType<{ trusted: boolean }>('dvrHints/trust');
