// The webview's security (issue 9, part 4), beside the preview's own test (test/preview/
// webview.test.ts checks that the real bundle runs under the policy and that an injected
// inline script is refused). Here: the page's policy itself, for any title and resource URIs;
// the nonce; the bundle free of eval; and in Chromium, every other way in refused (inline
// handlers, eval from the page's own script, a script with a wrong nonce or from elsewhere,
// javascript: URLs). Every message from the webview is validated before use
// (checkWebviewMessage, fuzzed with arbitrary values). localResourceRoots is read from the
// panel's source, since creating a panel needs VS Code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { webviewHtml } from '../../client/src/preview/html';
import { makeNonce } from '../../client/src/preview/nonce';
import { check } from '../../protocol/schema';
import { WebviewMessageSchema } from '../../protocol/webview';

const checkWebviewMessage = (m: unknown) => check(WebviewMessageSchema, m, 'message');
import { buildWebview, launch, serve, watch, type Served } from '../preview/browser';

const NONCE = 'cmVsaWFiaWxpdHktbm9uY2UtMTIzNA==';

/** The directives of the page's Content-Security-Policy. */
function policy(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'a CSP meta tag');
  const content = m[1].replace(/&#39;/g, "'");
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
}

/** Attributes named on... in the page's tags (attribute values, which are escaped, set aside). */
function inlineHandlers(html: string): number {
  const tags = html.match(/<[a-z][^>]*>/gi) ?? [];
  return tags.filter((t) => /\son[a-z]+\s*=/i.test(t.replace(/"[^"]*"/g, '""'))).length;
}

test('the page: default-src none, scripts only by nonce, no unsafe-inline or unsafe-eval, nothing remote, no inline handlers', () => {
  const html = webviewHtml({ cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: NONCE, scriptUri: 'https://x/webview.js', styleUri: 'https://x/webview.css', title: 'Reward Preview' });
  const p = policy(html);
  assert.deepEqual(p.get('default-src'), ["'none'"]);
  assert.deepEqual(p.get('script-src'), [`'nonce-${NONCE}'`]);
  for (const [k, v] of p) {
    assert.ok(!v.some((s) => /unsafe-inline|unsafe-eval|^\*$|^https?:$|^http:\/\//.test(s)), `${k}: ${v.join(' ')}`);
  }
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.match(html, new RegExp(`<script nonce="${NONCE}" src="https://x/webview.js"></script>`));
  assert.equal(inlineHandlers(html), 0);
  assert.doesNotMatch(html, /<style|style="/i);
});

test('hostile titles and URIs cannot add markup, a script or another policy to the page (fuzzed)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), fc.string(), fc.string(), fc.constantFrom('"><script>alert(1)</script>', "' onload='x", '</title><script>', '&quot;'), (title, script, style, evil) => {
      const html = webviewHtml({ cspSource: 'https://r', nonce: NONCE, scriptUri: script + evil, styleUri: evil + style, title: title + evil });
      assert.equal((html.match(/<script/gi) ?? []).length, 1);
      assert.equal((html.match(/<meta http-equiv/gi) ?? []).length, 1);
      assert.equal(inlineHandlers(html), 0);
      assert.deepEqual(policy(html).get('script-src'), [`'nonce-${NONCE}'`]);
    }),
    { numRuns: 300 },
  );
  for (const nonce of ['', 'short', `${NONCE}' 'unsafe-inline`, 'a b c d e f g h i j k']) {
    assert.throws(() => webviewHtml({ cspSource: 'https://r', nonce, scriptUri: 's', styleUri: 's', title: 't' }), /nonce/);
  }
});

test('the nonce: fresh for every page, 144 random bits', () => {
  const nonces = Array.from({ length: 2000 }, makeNonce);
  assert.equal(new Set(nonces).size, nonces.length);
  for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 18);
});

test('the panel: scripts on, local resources only from the bundle folder (dist/)', () => {
  const source = readFileSync('client/src/preview/panel.ts', 'utf8');
  assert.match(source, /const dist = vscode\.Uri\.joinPath\(this\.context\.extensionUri, 'dist'\);/);
  const options = /createWebviewPanel\([^;]*?\}, \{([^}]*)\}\);/.exec(source);
  assert.ok(options, 'the webview options');
  assert.match(options[1], /localResourceRoots: \[dist\]/);
  assert.doesNotMatch(options[1], /enableCommandUris|portMapping/);
  // The messages from the webview go through the validator before anything acts on them.
  assert.match(source, /onDidReceiveMessage\(\(m: unknown\) => this\.receive\(m\)\)/);
  assert.match(source, /const checked = check\(WebviewMessageSchema, raw, 'message'\);\s*if \(!checked\.ok\)/);
});

test('every message from the webview is validated: arbitrary values are refused with a reason or reduced to a known shape', () => {
  const TYPES = ['ready', 'episode', 'step', 'showProblems', 'pickTrajectories'];
  fc.assert(
    fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom(...TYPES, 'exec', '__proto__'), episode: fc.anything(), t: fc.anything(), columns: fc.anything(), from: fc.anything(), to: fc.anything() }, { requiredKeys: ['type'] })), (m) => {
      const r = checkWebviewMessage(m);
      if (!r.ok) {
        assert.ok(r.error.length > 0);
        return;
      }
      assert.ok(TYPES.includes(r.value.type));
      for (const [k, v] of Object.entries(r.value)) {
        if (k !== 'type') assert.ok(Number.isSafeInteger(v) && (v as number) >= 0, `${k} is a whole number, got ${String(v)}`);
      }
    }),
    { numRuns: 2000 },
  );
});

describe_in_chromium();

function describe_in_chromium(): void {
  let browser: Browser;
  let served: Served;
  let origin: string;
  let bundle: string;

  before(async () => {
    bundle = await buildWebview();
    served = await serve((at) => ({
      '/': { type: 'text/html', body: () => webviewHtml({ cspSource: at, nonce: NONCE, scriptUri: `${at}/probe.js`, styleUri: `${at}/style.css`, title: 'probe' }) },
      // The page's own script (it carries the nonce): it tries eval and new Function.
      '/probe.js': {
        type: 'text/javascript',
        body: () => `window.ran = true;
window.tryEval = () => { try { return eval('1 + 1'); } catch (e) { return e.name; } };
window.tryFunction = () => { try { return new Function('return 2')(); } catch (e) { return e.name; } };
// Tried here, in the page's own turn: a call from the test's evaluate would come from DevTools.
window.results = { eval: window.tryEval(), fn: window.tryFunction(), timer: typeof setTimeout('window.pwned = "string timer"', 0) };`,
      },
      '/style.css': { type: 'text/css', body: () => 'body { color: black; }' },
      '/evil.js': { type: 'text/javascript', body: () => 'window.pwned = "remote"' },
    }));
    origin = served.origin;
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    served?.close();
    rmSync(bundle, { recursive: true, force: true });
  });

  test('the bundle holds no eval and no new Function', () => {
    const js = readFileSync(join(bundle, 'webview.js'), 'utf8');
    assert.ok(js.length > 10_000);
    assert.doesNotMatch(js, /\beval\s*\(|new Function\s*\(/);
  });

  test('in Chromium the policy refuses inline handlers, eval, wrong nonces, scripts from elsewhere and javascript: URLs', async () => {
    const page = await browser.newPage();
    const log = watch(page);
    await page.goto(origin + '/');
    await page.waitForFunction(() => (window as unknown as { ran?: boolean }).ran === true);
    const results = await page.evaluate(() => (window as unknown as { results: Record<string, unknown> }).results);
    assert.equal(results.eval, 'EvalError');
    assert.equal(results.fn, 'EvalError');
    const pwned = await page.evaluate(async (o) => {
      const w = window as unknown as { pwned?: string };
      const app = document.createElement('div');
      document.body.append(app);
      app.innerHTML = `<img src="${o}/missing.png" onerror="window.pwned='onerror'"><a id="j" href="javascript:window.pwned='href'">x</a><div id="c" onclick="window.pwned='onclick'">c</div>`;
      (document.getElementById('c') as HTMLElement).click();
      (document.getElementById('j') as HTMLElement).click();
      const wrong = document.createElement('script');
      wrong.setAttribute('nonce', 'd3Jvbmctbm9uY2UtMTIzNDU2Nzg=');
      wrong.textContent = "window.pwned = 'wrong nonce'";
      document.body.append(wrong);
      const remote = document.createElement('script');
      remote.src = 'https://example.invalid/evil.js';
      document.body.append(remote);
      const sameOriginNoNonce = document.createElement('script');
      sameOriginNoNonce.src = `${o}/evil.js`;
      document.body.append(sameOriginNoNonce);
      await new Promise((r) => setTimeout(r, 500));
      return w.pwned;
    }, origin);
    assert.equal(pwned, undefined);
    assert.ok(log.csp.length >= 5, `the refusals are reported: ${log.csp.join('\n')}`);
    await page.close();
  });
}

// Found by the fuzzer above (seed -696213918): 2^53 is an integer but not a safe one, and an
// episode index past it cannot be told from its neighbours.
test('a step index beyond the safe integers is refused', () => {
  assert.equal(checkWebviewMessage({ type: "step", episode: 9007199254740992, t: 0 }).ok, false);
});
