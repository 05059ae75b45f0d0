// A large document is analysed on a thread of its own (server/src/lsp/worker-document.ts):
// its requests are answered there alike, it never delays another document's requests, and a
// run is cancelled when a newer version arrives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { largeSpec } from '../../bench/src/gen/large-spec';
import { startClient, type TestClient } from './client';

const EXAMPLE = readFileSync('examples/office-coffee.reward', 'utf8');

async function answers(c: TestClient, uri: string, text: string) {
  const td = { uri };
  const lines = text.split('\n');
  const at = (needle: string) => {
    const line = lines.findIndex((l) => l.includes(needle));
    return { line, character: lines[line].indexOf(needle) + needle.length - 1 };
  };
  const position = at('prop coffee');
  return {
    diagnostics: (await c.diagnostics(uri)).diagnostics,
    hover: await c.request('textDocument/hover', { textDocument: td, position }),
    completion: await c.request('textDocument/completion', { textDocument: td, position }),
    tokens: (await c.request('textDocument/semanticTokens/full', { textDocument: td })).data,
    symbols: await c.request('textDocument/documentSymbol', { textDocument: td }),
    folding: await c.request('textDocument/foldingRange', { textDocument: td }),
    hints: await c.request('textDocument/inlayHint', { textDocument: td, range: { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } } }),
    references: await c.request('textDocument/references', { textDocument: td, position, context: { includeDeclaration: true } }),
    workspace: await c.request('workspace/symbol', { query: 'co' }),
    rename: await c.request('textDocument/rename', { textDocument: td, position: { line: 0, character: 0 }, newName: 'x' }).then(() => 'renamed', (e: { message: string }) => e.message),
  };
}

test('a document analysed on its own thread answers every request as in place', { timeout: 60_000 }, async () => {
  const inPlace = await startClient();
  const threaded = await startClient({ initializationOptions: { workerThreshold: 0 } });
  try {
    const a = inPlace.open(EXAMPLE, 'office.reward');
    const b = threaded.open(EXAMPLE, 'office.reward');
    const here = await answers(inPlace, a.uri, a.text);
    const there = await answers(threaded, b.uri, b.text);
    assert.ok(here.diagnostics.length > 0 && (here.hover as object) && here.tokens.length > 0);
    // Key by key: a failing deepEqual of whole answers takes minutes to print.
    for (const key of Object.keys(here) as (keyof typeof here)[]) assert.equal(JSON.stringify(there[key]), JSON.stringify(here[key]), key);
    // Edits reach the worker: a planted error is reported for its version.
    const version = threaded.change(b.uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'signal\n' }]);
    const published = await threaded.diagnostics(b.uri, (p) => p.version === version);
    assert.ok(published.diagnostics.some((d) => d.code === 'syntax-error'));
    assert.deepEqual(threaded.errorsLogged(), []);
  } finally {
    await inPlace.stop();
    await threaded.stop();
  }
});

test('hover on a small document is answered while a 30,000-line document analyses; a newer version cancels the run', { timeout: 120_000 }, async () => {
  const c = await startClient();
  try {
    const large = c.open(largeSpec(30_000), 'large.reward');
    const small = c.open(EXAMPLE, 'small.reward');
    await c.diagnostics(small.uri);
    const lines = small.text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('prop coffee'));
    const hover = await c.request('textDocument/hover', { textDocument: { uri: small.uri }, position: { line, character: 6 } });
    assert.ok(hover, 'the small document answered');
    assert.equal(c.published.get(large.uri), undefined, 'before the large one was analysed');
    // An edit while the large document analyses stops that run; the new version is analysed.
    await c.until(() => c.logs.find((l) => l.message.includes(`analysing version 1 of ${large.uri}`)), 'the large document analysing', 60_000);
    const version = c.change(large.uri, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// edited\n' }]);
    const published = await c.diagnostics(large.uri, (p) => p.version === version, 100_000);
    assert.deepEqual(c.published.get(large.uri)!.map((p) => p.version), [version], 'the cancelled version published nothing');
    assert.ok(c.logs.some((l) => l.message.includes('cancelled the analysis of version 1')), c.logs.map((l) => l.message).join('\n'));
  } finally {
    await c.stop();
  }
});

// While the user types, the worker does not run the requests of every keystroke in turn: one
// that reaches it after a newer edit reached the server is answered ContentModified (pull
// diagnostics: ServerCancelled), and the requests of the current version get their answers.
test('requests overtaken by newer edits are answered ContentModified, not run; the current version is answered', { timeout: 120_000 }, async () => {
  const c = await startClient({ pull: true, initializationOptions: { workerThreshold: 0 } });
  try {
    const text = largeSpec(3000);
    const doc = c.open(text, 'typing.reward');
    await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    const line = text.split('\n').findIndex((l) => l.startsWith('def dist40 ='));
    const end = text.split('\n')[line].length;
    const outcomes: Promise<string>[] = [];
    const typed = ' + x40 * 2';
    for (let i = 0; i < typed.length; i++) {
      c.change(doc.uri, [{ range: { start: { line, character: end + i }, end: { line, character: end + i } }, text: typed[i] }]);
      for (const method of ['textDocument/diagnostic', 'textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/foldingRange']) {
        outcomes.push(c.request(method, { textDocument: { uri: doc.uri } }).then(() => 'answered', (e: { code?: number }) => {
          assert.equal(e.code, method === 'textDocument/diagnostic' ? -32802 : -32801, `${method}: ${JSON.stringify(e)}`);
          return 'overtaken';
        }));
      }
    }
    const all = await Promise.all(outcomes);
    assert.ok(all.includes('overtaken'), `no request was overtaken: ${all.join(' ')}`);
    // The last keystroke's requests ran on the final text.
    assert.deepEqual(all.slice(-4), ['answered', 'answered', 'answered', 'answered']);
    const last = await c.request('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
    assert.deepEqual(last.items.filter((d: { severity?: number }) => d.severity === 1), []);
    assert.deepEqual(c.errorsLogged(), []);
  } finally {
    await c.stop();
  }
});

// Issue #15, point 3: completion and signature help on a large document are answered on the
// server's own thread, from the names the worker sent after the last version (or the text
// alone), so they never wait behind a run of the worker.
test('completion and signature help are answered while the worker analyses the version just typed', { timeout: 120_000 }, async () => {
  const c = await startClient({ initializationOptions: { workerThreshold: 0 } });
  try {
    const text = largeSpec(20_000);
    const doc = c.open(text, 'busy.reward');
    await c.diagnostics(doc.uri, (p) => p.version === 1, 100_000);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('def dist40 ='));
    const end = lines[line].length;
    const position = { line, character: end + ' + di'.length };
    // The facts of version 1 follow its diagnostics: completion is answered here from then on.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const version = c.change(doc.uri, [{ range: { start: { line, character: end }, end: { line, character: end } }, text: ' + di' }]);
    await c.until(() => c.logs.find((l) => l.message.includes(`analysing version ${version} of ${doc.uri}`)), 'the worker analysing the edit', 60_000);
    const answered = await c.request('textDocument/completion', { textDocument: { uri: doc.uri }, position });
    const help = await c.request('textDocument/signatureHelp', { textDocument: { uri: doc.uri }, position: { line, character: lines[line].indexOf('abs(') + 5 } });
    assert.equal(c.published.get(doc.uri)?.some((p) => p.version === version), false, 'answered before the version was analysed');
    const labels = (answered as { items: { label: string }[] }).items.map((i) => i.label);
    assert.ok(labels.includes('dist39') && !labels.includes('x40') && !labels.includes('dist40'), labels.slice(0, 20).join(' '));
    assert.equal((help as { signatures: { label: string }[] }).signatures[0].label.startsWith('abs('), true);
    // Once analysed, the same answer from the facts of the new version.
    await c.diagnostics(doc.uri, (p) => p.version === version, 100_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: doc.uri }, position }), answered);
    assert.deepEqual(c.errorsLogged(), []);
  } finally {
    await c.stop();
  }
});
