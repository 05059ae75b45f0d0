import { LSPErrorCodes, ResponseError, type ConnectionStrategy } from 'vscode-languageserver/node';

/** A request cancelled while still queued is answered at once with RequestCancelled instead of
 *  running: after a burst of edits, the stale hover and token requests cost nothing. */
export const connectionStrategy: ConnectionStrategy = {
  cancelUndispatched: (message) => {
    const id = (message as { id?: number | string | null }).id;
    if (id === undefined) return undefined;
    return { jsonrpc: '2.0', id, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled').toJson() };
  },
};
