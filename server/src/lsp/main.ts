import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { connectionStrategy } from './connection-strategy';
import { docsLink, findDocsFolder } from './docs-link';
import { startServer } from './server';

// Entry of dist/server.cjs. The transport comes from the command line, as every LSP client
// passes it: `--stdio`, `--node-ipc`, `--socket=PORT` or `--pipe=NAME`.
startServer(createConnection(ProposedFeatures.all, connectionStrategy), { pages: docsLink(findDocsFolder(process.argv[1], process.cwd())) });
