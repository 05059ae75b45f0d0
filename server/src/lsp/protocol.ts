import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { Request } from '../../../protocol/requests';
import { check } from '../../../protocol/schema';

// The server's side of protocol/requests.ts: a `reward/...` request is registered with its
// schemas, so the handler sees checked params and the client gets the encoded result. Bad
// params are refused with InvalidParams naming the field, or answered by `refused` for a
// request whose result can say so itself.

export function onProtocolRequest<P, R>(connection: Connection, request: Request<P, R>, handler: (params: P) => R | Promise<R>, refused?: (message: string) => R): void {
  connection.onRequest(request.method, async (raw: unknown) => {
    const checked = check(request.params, raw, 'params');
    if (!checked.ok) {
      const message = `${request.method}: ${checked.error}`;
      if (refused) return request.result.encode(refused(message));
      throw new ResponseError(ErrorCodes.InvalidParams, message);
    }
    try {
      return request.result.encode(await handler(checked.value));
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      // A bug: logged with its stack, answered with an error that says so; the server stays up.
      connection.console.error(`${request.method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      throw new ResponseError(ErrorCodes.InternalError, `${request.method} failed (internal error: ${e instanceof Error ? e.message : String(e)}). This is a bug in Rewardsmith: please report it.`);
    }
  });
}
