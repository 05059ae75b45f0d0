// Bundles every entry point with esbuild. One bundle per process: the CLI (which also
// hosts the language server behind `reward lsp`), the server alone, the VS Code client,
// and the webview (a browser bundle, built on its own).
import { build } from 'esbuild';
import { cpSync, existsSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = { bundle: true, sourcemap: true, logLevel: 'warning', legalComments: 'none' };
// h5wasm and hyparquet (the HDF5 and Parquet dataset readers) are ESM-only and loaded with
// import(): they stay out of the CommonJS bundles and are resolved from node_modules at run
// time, so the .vsix must ship them.
const esmOnly = ['h5wasm', 'hyparquet'];
// keepNames: an analysis that fails is named by its function's name (analysis/analyze.ts).
const node = { ...common, platform: 'node', target: 'node20', format: 'cjs', external: esmOnly, keepNames: true };

const entries = [
  { ...node, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.cjs' },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.cjs' },
  { ...node, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.cjs', external: ['vscode', ...esmOnly] },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['webview/src/main.ts'], outfile: 'dist/webview.js' },
].filter((e) => existsSync(e.entryPoints[0]));

await Promise.all(entries.map((e) => build(e)));

// The ESM-only packages go beside the bundles, where Node resolves them from dist/ first: the
// .vsix ships dist/ (not node_modules) and still reads datasets. Only what Node loads is copied.
const shipped = { h5wasm: ['package.json', 'LICENSE.txt', 'dist/node'], hyparquet: ['package.json', 'LICENSE', 'src'] };
for (const [pkg, parts] of Object.entries(shipped)) {
  rmSync(`dist/node_modules/${pkg}`, { recursive: true, force: true });
  for (const part of parts) cpSync(`node_modules/${pkg}/${part}`, `dist/node_modules/${pkg}/${part}`, { recursive: true });
}
if (!watch) console.log(`built ${entries.map((e) => e.outfile).join(', ')}`);
