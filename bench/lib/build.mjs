// Bundles for one benchmark run, all under bench/tmp/ so that a run never touches dist/ while
// other work uses it: the suites (ESM, one per measurement) and the product bundles they drive
// (the CLI, the language server, the webview), with the options of scripts/build.mjs.
import { build } from 'esbuild';
import { join } from 'node:path';

const esmOnly = ['h5wasm', 'hyparquet'];
const product = { bundle: true, sourcemap: false, logLevel: 'warning', legalComments: 'none' };
const node = { ...product, platform: 'node', target: 'node20', format: 'cjs', external: esmOnly };

/** Builds the product into `dist` and each suite entry into `out/NAME.mjs`. */
export async function buildAll(suites, dist, out) {
  await Promise.all([
    build({ ...node, entryPoints: ['server/src/cli/main.ts'], outfile: join(dist, 'cli.cjs') }),
    build({ ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: join(dist, 'server.cjs') }),
    build({ ...node, entryPoints: ['server/src/lsp/analysis-worker.ts'], outfile: join(dist, 'analysis-worker.cjs') }),
    build({ ...product, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['webview/src/main.ts'], outfile: join(dist, 'webview.js') }),
    ...suites.map((name) =>
      build({
        ...product,
        platform: 'node',
        target: 'node20',
        format: 'esm',
        entryPoints: [join('bench', 'src', 'suites', `${name}.ts`)],
        outfile: join(out, `${name}.mjs`),
        external: [...esmOnly, 'playwright-core', 'esbuild'],
        // Bundled CommonJS dependencies call require(): give the ESM bundle one.
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      }),
    ),
  ]);
}
