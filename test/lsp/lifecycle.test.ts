// The server's life: initialize over each transport, errors before initialize, bad input,
// unknown documents, and staying up through all of it.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { startClient, type TestClient } from './client';

const SPEC = `discount 0.99
signal x: number in [0, 10] = obs[0]
def near = x < 1
reward main { (near ? 1 : 0) }
`;

describe('initialize', () => {
  test('over stdio: every feature is announced, with incremental sync and token delta', async () => {
    const c = await startClient();
    try {
      const caps = c.initializeResult!.capabilities;
      assert.equal(c.initializeResult!.serverInfo?.name, 'rewardsmith');
      assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
      for (const k of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'documentSymbolProvider', 'workspaceSymbolProvider', 'documentFormattingProvider', 'foldingRangeProvider', 'selectionRangeProvider', 'inlayHintProvider'] as const) {
        assert.ok(caps[k], `${k} announced`);
      }
      assert.deepEqual(caps.renameProvider, { prepareProvider: true });
      assert.deepEqual((caps.semanticTokensProvider as { full: unknown }).full, { delta: true });
      assert.ok(caps.completionProvider?.triggerCharacters?.includes('='));
      assert.ok(caps.signatureHelpProvider?.triggerCharacters?.includes('('));
      assert.ok(caps.codeActionProvider);
      assert.ok(caps.codeLensProvider);
      // Without pull support in the client, diagnostics are pushed, and no pull provider is announced.
      assert.equal(caps.diagnosticProvider, undefined);
    } finally {
      assert.equal(await c.stop(), 0);
    }
  });

  test('over node IPC the same server answers and publishes', async () => {
    const c = await startClient({ via: 'ipc' });
    try {
      const doc = c.open('signal x: number\nreward main { y }\n');
      const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
      assert.ok(p.diagnostics.some((d) => d.code === 'undefined-name'));
    } finally {
      assert.equal(await c.stop(), 0);
    }
  });

  test('`reward lsp` (bin/reward.cjs lsp) answers initialize and publishes diagnostics', async () => {
    const c = await startClient({ via: 'cli' });
    try {
      assert.equal(c.initializeResult!.serverInfo?.name, 'rewardsmith');
      const doc = c.open('discount 2\nreward main { 1 }\n');
      const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['invalid-discount']);
    } finally {
      assert.equal(await c.stop(), 0);
    }
  });

  test('a request before initialize gets an error response, and the server still initializes after it', async () => {
    const c = await startClient({ initialize: false });
    try {
      await assert.rejects(c.request('textDocument/hover', { textDocument: { uri: 'file:///x.reward' }, position: { line: 0, character: 0 } }), (e: { code?: number }) => {
        assert.equal(e.code, -32002); // ServerNotInitialized
        return true;
      });
      const r = await c.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      assert.ok(r.capabilities.hoverProvider);
    } finally {
      await c.stop();
    }
  });
});

describe('robustness', () => {
  let c: TestClient;
  after(async () => {
    await c?.stop();
  });

  test('unknown documents: empty results, never a crash', async () => {
    c = await startClient();
    const td = { uri: 'file:///nowhere.reward' };
    const pos = { line: 0, character: 0 };
    assert.equal(await c.request('textDocument/hover', { textDocument: td, position: pos }), null);
    assert.deepEqual(await c.request('textDocument/completion', { textDocument: td, position: pos }), []);
    assert.equal(await c.request('textDocument/definition', { textDocument: td, position: pos }), null);
    assert.deepEqual(await c.request('textDocument/references', { textDocument: td, position: pos, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await c.request('textDocument/documentSymbol', { textDocument: td }), []);
    assert.deepEqual(await c.request('textDocument/formatting', { textDocument: td, options: { tabSize: 2, insertSpaces: true } }), []);
    assert.deepEqual(await c.request('textDocument/semanticTokens/full', { textDocument: td }), { data: [] });
    assert.deepEqual(await c.request('textDocument/codeLens', { textDocument: td }), []);
    await assert.rejects(c.request('reward/automaton', { uri: td.uri, name: 'm' }), /not open/);
    // Changes and closes of documents never opened are ignored.
    c.change(td.uri, [{ text: 'x' }]);
    c.close(td.uri);
  });

  test('positions out of range, negative or not numbers are clamped', async () => {
    const doc = c.open(SPEC);
    for (const position of [{ line: 999, character: 0 }, { line: 1, character: 999 }, { line: -5, character: -3 }, { line: 'a', character: null }, {}]) {
      const hover = await c.request('textDocument/hover', { textDocument: { uri: doc.uri }, position });
      assert.ok(hover === null || typeof hover.contents === 'object');
      const items = await c.request('textDocument/completion', { textDocument: { uri: doc.uri }, position });
      assert.ok(Array.isArray(items));
      await c.request('textDocument/references', { textDocument: { uri: doc.uri }, position, context: { includeDeclaration: true } });
      await c.request('textDocument/selectionRange', { textDocument: { uri: doc.uri }, positions: [position] });
      await c.request('textDocument/signatureHelp', { textDocument: { uri: doc.uri }, position });
    }
    // Line 1, character 999 is the end of line 1: the hover there is on the path, nothing to say,
    // and line 999 is the end of the file.
    const inlay = await c.request('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 50, character: 0 }, end: { line: -1, character: 0 } } });
    assert.ok(Array.isArray(inlay));
  });

  test('malformed params are answered (with an error or an empty result) and nothing is logged as a crash of the process', async () => {
    const doc = c.open(SPEC);
    const results = await Promise.allSettled([
      c.request('textDocument/hover', {}),
      c.request('textDocument/hover', null),
      c.request('textDocument/rename', { textDocument: { uri: doc.uri }, position: { line: 2, character: 5 } }),
      c.request('textDocument/codeAction', { textDocument: { uri: doc.uri } }),
      c.request('reward/automaton', { uri: doc.uri }),
      c.request('reward/automaton', { uri: doc.uri, name: 'near', format: 'svg' }),
      c.request('workspace/symbol', {}),
    ]);
    assert.equal(results.length, 7);
    // Still up and answering.
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    assert.deepEqual(symbols.map((s: { name: string }) => s.name), ['discount', 'x', 'near', 'main']);
  });

  test('a thousand-deep expression and a binary-garbage document do not take the server down', async () => {
    const deep = c.open(`def d = ${'('.repeat(1200)}1${')'.repeat(1200)}\nreward main { d }\n`);
    const p = await c.diagnostics(deep.uri);
    assert.ok(p.diagnostics.some((d) => d.code === 'syntax-error'));
    const junk = c.open(String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 0x2fff)));
    await c.diagnostics(junk.uri);
    for (const m of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/codeLens']) {
      await c.request(m, { textDocument: { uri: junk.uri } });
    }
    await c.request('textDocument/completion', { textDocument: { uri: junk.uri }, position: { line: 0, character: 500 } });
    assert.equal(c.child.exitCode, null);
  });
});
