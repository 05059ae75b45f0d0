import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionStrategy } from '../lsp/connection-strategy';
import { docsLink, findDocsFolder } from '../lsp/docs-link';
import { startServer } from '../lsp/server';
import type { Io } from './io';

/** `reward lsp`: the language server on stdin and stdout. It runs until the client ends it. */
export async function run(_argv: readonly string[], _io: Io): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout, connectionStrategy);
  const closed = new Promise<number>((resolve) => connection.onExit(() => resolve(0)));
  startServer(connection, { pages: docsLink(findDocsFolder(process.argv[1], process.cwd())) });
  return closed;
}
