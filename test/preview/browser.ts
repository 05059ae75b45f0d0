// Debian's Chromium through playwright-core (the launch of test/e2e/code-server.ts), the
// webview bundle built from source into a temporary folder, and what a page logs.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

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
