// The client's side of protocol/requests.ts: params encoded, the answer checked with the
// request's schema before use (an answer that does not fit says which field is wrong).
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Request } from '../../protocol/requests';
import { check } from '../../protocol/schema';

export async function sendProtocolRequest<P, R>(client: Pick<LanguageClient, 'sendRequest'>, request: Request<P, R>, params: P): Promise<R> {
  const raw: unknown = await client.sendRequest(request.method, request.params.encode(params));
  const checked = check(request.result, raw, 'result');
  if (!checked.ok) throw new Error(`the server's answer to ${request.method} was not understood (${checked.error})`);
  return checked.value;
}
