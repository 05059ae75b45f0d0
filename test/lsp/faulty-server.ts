// A language server with faults injected, for test/lsp/failures.test.ts: one analysis that
// throws on every spec, and the hover feature throwing on every request. Everything else is
// the real server.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { ANALYSES } from '../../server/src/analysis/registry';
import { connectionStrategy } from '../../server/src/lsp/connection-strategy';
import { docsLink, findDocsFolder } from '../../server/src/lsp/docs-link';
import { startServer } from '../../server/src/lsp/server';

function brokenChecks(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'states')");
}

startServer(createConnection(ProposedFeatures.all, connectionStrategy), {
  pages: docsLink(findDocsFolder(undefined, process.cwd())),
  analyses: [...ANALYSES, brokenChecks],
  wrapFeature: (name, handler) =>
    name === 'hover'
      ? () => {
          throw new Error('injected hover failure');
        }
      : handler,
});
