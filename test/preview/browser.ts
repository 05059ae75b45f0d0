// Debian's Chromium through playwright-core (the launch of test/e2e/code-server.ts), the
// webview bundle built from source into a temporary folder, and what a page logs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../../client/src/preview/html';
import { REPORT_THEME_CSS } from '../../server/src/preview/report';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const launch = (): Promise<Browser> => chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

/** Builds webview/src/main.ts as scripts/build.mjs does; returns the folder with webview.js and webview.css. */
export async function buildWebview(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-webview-'));
  await build({ bundle: true, sourcemap: false, logLevel: 'silent', legalComments: 'none', platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['webview/src/main.ts'], outfile: join(dir, 'webview.js') });
  return dir;
}

export interface PageLog {
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  /** Console messages about the Content-Security-Policy. */
  readonly csp: string[];
}

export function watch(page: Page): PageLog {
  const log: PageLog = { errors: [], csp: [] };
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy/i.test(text)) log.csp.push(text);
    else if (m.type() === 'error') log.errors.push(text);
  });
  page.on('pageerror', (e) => log.errors.push(e.message));
  return log;
}

/** How many pixels of the canvases under `selector` are not transparent: zero for an empty chart. */
export async function ink(page: Page, selector: string): Promise<{ pixels: number; hash: number }> {
  return page.$$eval(selector, (canvases) => {
    let pixels = 0;
    let hash = 0;
    for (const c of canvases as HTMLCanvasElement[]) {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < data.length; i += 4) {
        if (data[i] !== 0) pixels++;
        hash = (hash * 31 + data[i - 3] + data[i - 2] * 7 + data[i - 1] * 13 + data[i]) | 0;
      }
    }
    return { pixels, hash };
  });
}

export function artifactsDir(): string {
  const dir = join('test', 'artifacts', 'preview');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Waits until `predicate` holds in the page (polling, the page may be re-rendering). */
export async function until(page: Page, predicate: () => boolean, message: string, timeout = 10_000): Promise<void> {
  try {
    await page.waitForFunction(predicate, undefined, { timeout, polling: 50 });
  } catch {
    throw new Error(`timed out after ${timeout} ms waiting for: ${message}`);
  }
}

/** What a test serves: a path's content type and body. The origin is known only once listening. */
export type Routes = (origin: string) => Readonly<Record<string, { readonly type: string; readonly body: () => string }>>;

export interface Served {
  readonly origin: string;
  close(): void;
}

/** Serves `routes` on a local port, as VS Code's resource origin serves a webview; 404 elsewhere. */
export async function serve(routes: Routes): Promise<Served> {
  let table: ReturnType<Routes> = {};
  const server = createServer((req, res) => {
    const route = table[req.url ?? ''];
    if (route) res.writeHead(200, { 'content-type': route.type }).end(route.body());
    else if (req.url === '/favicon.ico') res.writeHead(204).end(); // Chromium asks; VS Code's webviews do not
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(origin);
  return { origin, close: () => server.close() };
}

export const PANEL_NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';

/**
 * The preview panel's page as the client builds it (client/src/preview/html.ts), the webview
 * bundle built from source, and the theme variables VS Code would set (dark theme).
 */
export async function servePanel(): Promise<Served & { readonly bundle: string }> {
  const bundle = await buildWebview();
  const served = await serve((origin) => ({
    '/': {
      type: 'text/html',
      body: () =>
        webviewHtml({ cspSource: origin, nonce: PANEL_NONCE, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css`, title: 'Reward Preview' })
          .replace('</head>', `<link rel="stylesheet" href="${origin}/theme.css">\n</head>`)
          .replace('<body>', '<body class="vscode-dark">'),
    },
    '/webview.js': { type: 'text/javascript', body: () => readFileSync(join(bundle, 'webview.js'), 'utf8') },
    '/webview.css': { type: 'text/css', body: () => readFileSync(join(bundle, 'webview.css'), 'utf8') },
    '/theme.css': { type: 'text/css', body: () => REPORT_THEME_CSS },
  }));
  return {
    origin: served.origin,
    bundle,
    close: () => {
      served.close();
      rmSync(bundle, { recursive: true, force: true });
    },
  };
}
