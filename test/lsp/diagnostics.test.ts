// Diagnostics through the protocol: codes, links to the docs, related information, tags; push
// and pull; and how they follow edits.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './client';

const SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal unused_signal: number
prop near = x < 1
machine m {
  initial a
  terminal b
  a -> b when near reward 1
}
reward main { m }
`;

const codes = (ds: readonly Diagnostic[]) => ds.map((d) => d.code).sort();

describe('push diagnostics', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => {
    await c.stop();
  });

  test('string codes, a file link to docs/diagnostics/CODE.md that exists, and the Unnecessary tag', async () => {
    const doc = c.open(SPEC);
    const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
    assert.equal(p.version, 1);
    const unused = p.diagnostics.find((d) => d.code === 'unused-declaration');
    assert.ok(unused, `unused-declaration among ${codes(p.diagnostics)}`);
    assert.deepEqual(unused.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 20 } });
    assert.equal(unused.severity, 4);
    assert.deepEqual(unused.tags, [1]);
    for (const d of p.diagnostics) {
      assert.equal(typeof d.code, 'string');
      assert.match(d.codeDescription!.href, new RegExp(`^file://.*/docs/diagnostics/${d.code}\\.md$`));
    }
    const href = unused.codeDescription!.href;
    assert.ok(existsSync(fileURLToPath(href)), `${href} exists`);
  });

  test('related information points at the first declaration of a duplicate', async () => {
    const doc = c.open('signal x: number\nsignal x: number\nreward main { x }\n');
    const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
    const dup = p.diagnostics.find((d) => d.code === 'duplicate-name')!;
    assert.equal(dup.severity, 1);
    assert.equal(dup.relatedInformation?.length, 1);
    assert.equal(dup.relatedInformation![0].location.uri, doc.uri);
    assert.deepEqual(dup.relatedInformation![0].location.range.start, { line: 0, character: 7 });
  });

  test('an incremental edit that introduces an error, then one that removes it: the diagnostics follow', async () => {
    const doc = c.open(SPEC);
    await c.diagnostics(doc.uri, (d) => d.version === 1);
    // `near` -> `nearr` on line 7 (the guard): undefined name with a quick fix.
    const v2 = c.change(doc.uri, [{ range: { start: { line: 7, character: 17 }, end: { line: 7, character: 17 } }, text: 'r' }]);
    const p2 = await c.diagnostics(doc.uri, (d) => d.version === v2);
    const undef = p2.diagnostics.find((d) => d.code === 'undefined-name');
    assert.ok(undef);
    assert.match(undef.message, /nearr.*did you mean 'near'/);
    const v3 = c.change(doc.uri, [{ range: { start: { line: 7, character: 17 }, end: { line: 7, character: 18 } }, text: '' }]);
    const p3 = await c.diagnostics(doc.uri, (d) => d.version === v3);
    assert.ok(!p3.diagnostics.some((d) => d.code === 'undefined-name'));
  });

  test('rapid edits are debounced: the stale versions are never analysed and published', async () => {
    const doc = c.open('reward main { 1 }\n');
    await c.diagnostics(doc.uri, (d) => d.version === 1);
    const before = c.published.get(doc.uri)!.length;
    let v = 1;
    for (let i = 0; i < 10; i++) v = c.change(doc.uri, [{ text: `discount ${i + 2}\nreward main { 1 }\n` }]);
    const last = await c.diagnostics(doc.uri, (d) => d.version === v);
    assert.match(last.diagnostics[0].message, /11/);
    const after = c.published.get(doc.uri)!.slice(before);
    assert.ok(after.length < 5, `${after.length} publications for 10 edits`);
  });

  test('one document never waits for another: edits to one do not delay the other', async () => {
    // Its own server with a longer debounce, so that a loaded machine's timer jitter cannot
    // let the typed-in document go quiet long enough to be analysed.
    const c = await startClient({ initializationOptions: { debounceMs: 400 } });
    const busy = c.open('reward main { 1 }\n');
    const quiet = c.open('discount 5\nreward main { 1 }\n');
    // Keep editing `busy` faster than the debounce; `quiet` must still be published meanwhile.
    let typing = true;
    const typist = (async () => {
      for (let i = 0; typing && i < 200; i++) {
        c.change(busy.uri, [{ text: `discount ${i}\nreward main { 1 }\n` }]);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const p = await c.diagnostics(quiet.uri, (d) => d.diagnostics.length > 0);
    const busyDuring = (c.published.get(busy.uri) ?? []).length;
    typing = false;
    await typist;
    assert.equal(p.diagnostics[0].code, 'invalid-discount');
    assert.equal(busyDuring, 0, 'the document being typed in is not analysed while it changes');
    await c.stop();
  });

  test('closing a document clears its diagnostics', async () => {
    const doc = c.open('discount 3\nreward main { 1 }\n');
    await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
    c.close(doc.uri);
    await c.diagnostics(doc.uri, (d) => d.diagnostics.length === 0 && d.version === undefined);
  });

  test('the severity setting changes a code, or turns it off, and the diagnostics are published again', async () => {
    const doc = c.open(SPEC);
    await c.diagnostics(doc.uri, (d) => d.diagnostics.some((x) => x.code === 'unused-declaration'));
    const count = c.published.get(doc.uri)!.length;
    c.settings = { severity: { 'unused-declaration': 'off', 'not-a-code': 'error' } };
    c.notify('workspace/didChangeConfiguration', { settings: null });
    const p = await c.diagnostics(doc.uri, (d) => c.published.get(doc.uri)!.indexOf(d) >= count);
    assert.ok(!p.diagnostics.some((d) => d.code === 'unused-declaration'));
    await c.until(() => c.logs.find((l) => /not-a-code/.test(l.message)), 'a warning about the unknown code');
    c.settings = { severity: { 'unused-declaration': 'error' } };
    c.notify('workspace/didChangeConfiguration', { settings: null });
    const p2 = await c.diagnostics(doc.uri, (d) => d.diagnostics.some((x) => x.code === 'unused-declaration' && x.severity === 1));
    assert.ok(p2);
    c.settings = {};
    c.notify('workspace/didChangeConfiguration', { settings: null });
  });
});

describe('pull diagnostics', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient({ pull: true });
  });
  after(async () => {
    await c.stop();
  });

  test('a client that pulls gets a diagnostic provider, full reports, then unchanged until an edit', async () => {
    assert.deepEqual(c.initializeResult!.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
    const doc = c.open(SPEC.replace('discount 0.9', 'discount 0'));
    const r1 = await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    assert.equal(r1.kind, 'full');
    assert.ok(codes(r1.items).includes('invalid-discount'));
    const r2 = await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri }, previousResultId: r1.resultId });
    assert.deepEqual(r2, { kind: 'unchanged', resultId: r1.resultId });
    c.change(doc.uri, [{ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 10 } }, text: '0.5' }]);
    const r3 = await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri }, previousResultId: r1.resultId });
    assert.equal(r3.kind, 'full');
    assert.ok(!codes(r3.items).includes('invalid-discount'));
  });

  test('nothing is pushed to a pulling client', async () => {
    const doc = c.open('discount 7\nreward main { 1 }\n');
    await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(c.published.get(doc.uri), undefined);
  });
});
