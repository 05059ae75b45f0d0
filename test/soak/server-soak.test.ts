// Server soak (issue 9, part 2): through the protocol over stdio (the bundled dist/server.cjs),
// 10,000 random edits of an example (insertions and deletions of random text, unterminated
// comments and brackets), sent as fast as an editor could, with requests in between. The
// server stays up, its memory stays bounded, and the diagnostics of the last version equal
// those of a fresh server opening the final text. Then: raw malformed messages, unknown
// methods, and cancelled requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { startClient, type TestClient } from '../lsp/client';
import { Rng } from '../export/spec-gen';
import { report } from '../fuzz/budget';
import { largeSpec } from '../../bench/src/gen/large-spec';

const EDITS = 10_000;
const EXAMPLE = 'examples/office-coffee.reward';
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', '/*', '*/', '//', "'", '\n', '\r\n', ';', ',', '->', ' when ', ' reward ', 'machine m {', 'ltl l = F (', 'G[1,',
  'shaping ', 'discount 0.9', 'task ', 'in [0,', 'otherwise', 'initial ', 'prop q = ', 'def d = (', 'x', 'coffee', '0.5', '1e999', '\u0000', '\u00e9',
  '\u{1f600}', '\t', '('.repeat(30), '/**', 'signal s: enum { a,',
];

/** The resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** One random edit of `doc`: an LSP range change, and the document after it. */
function randomEdit(rng: Rng, doc: TextDocument): { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } {
  const n = doc.getText().length;
  const at = rng.int(0, n);
  // Deletions win when the text has grown, so that it stays near the example's size.
  const remove = rng.chance(n > 4000 ? 0.7 : 0.4);
  const end = remove ? Math.min(n, at + rng.int(1, 30)) : at;
  let text = '';
  if (!remove || rng.chance(0.3)) {
    text = rng.chance(0.6) ? rng.pick(SNIPPETS) : Array.from({ length: rng.int(1, 6) }, () => String.fromCharCode(rng.int(32, 126))).join('');
  }
  return { range: { start: doc.positionAt(at), end: doc.positionAt(end) }, text };
}

const sansVersion = (d: { diagnostics: unknown[] }) => d.diagnostics;

test(`soak: ${EDITS} random edits over stdio (seed ${SEED}); up, bounded, and the last diagnostics equal a fresh server's`, { timeout: 300_000 }, async () => {
  const rng = new Rng(SEED);
  // Each version is analysed from the last one (the default); the fresh server analyses from scratch.
  const c = await startClient({ initializationOptions: { incremental: true } });
  let fresh: TestClient | undefined;
  try {
    const opened = c.open(readFileSync(EXAMPLE, 'utf8'), 'soak.reward');
    let doc = TextDocument.create(opened.uri, 'reward', 1, opened.text);
    await c.diagnostics(opened.uri);
    const pid = c.child.pid!;
    const start = rssMb(pid);
    const samples: number[] = [];
    const requests: Promise<unknown>[] = [];
    let version = 1;
    for (let i = 1; i <= EDITS; i++) {
      const change = randomEdit(rng, doc);
      version = c.change(opened.uri, [change]);
      doc = TextDocument.update(doc, [change], version);
      if (i % 250 === 0) {
        // Requests on a document in flux: each gets an answer (a result or an error response).
        const td = { uri: opened.uri };
        const position = doc.positionAt(rng.int(0, doc.getText().length));
        for (const [method, params] of [
          ['textDocument/hover', { textDocument: td, position }],
          ['textDocument/completion', { textDocument: td, position }],
          ['textDocument/semanticTokens/full', { textDocument: td }],
          ['textDocument/foldingRange', { textDocument: td }],
          ['textDocument/codeAction', { textDocument: td, range: { start: position, end: position }, context: { diagnostics: [] } }],
          ['textDocument/formatting', { textDocument: td, options: { tabSize: 2, insertSpaces: true } }],
        ] as const) {
          requests.push(c.request(method, params).then(() => 'ok', (e: { code?: unknown }) => (typeof e.code === 'number' ? 'error response' : Promise.reject(e))));
        }
      }
      if (i % 1000 === 0) {
        // A round trip now and then: the server keeps up, and its memory is sampled.
        await c.request('textDocument/documentSymbol', { textDocument: { uri: opened.uri } });
        samples.push(rssMb(pid));
      }
    }
    const final = doc.getText();
    const last = await c.diagnostics(opened.uri, (p) => p.version === version, 60_000);
    const answers = await Promise.all(requests);
    assert.equal(answers.length, (EDITS / 250) * 6);
    assert.equal(c.child.exitCode, null, 'the server is up');
    assert.deepEqual(c.errorsLogged(), []);

    // Memory: bounded overall, and not growing with the number of edits once warm.
    const peak = Math.max(...samples);
    assert.ok(peak < 400, `peak resident memory ${peak.toFixed(0)} MB (at start ${start.toFixed(0)} MB; samples ${samples.map((s) => s.toFixed(0)).join(', ')})`);
    assert.ok(samples[samples.length - 1] - samples[1] < 120, `memory grew from ${samples[1].toFixed(0)} MB to ${samples[samples.length - 1].toFixed(0)} MB`);

    fresh = await startClient({ initializationOptions: { incremental: false } });
    const again = fresh.open(final, 'soak.reward');
    const clean = await fresh.diagnostics(again.uri);
    assert.deepEqual(sansVersion(last), sansVersion(clean), `the final text (seed ${SEED}):\n${final}`);
    report({ target: `language server soak: random edits over stdio (peak ${peak.toFixed(0)} MB)`, inputs: EDITS + requests.length });
  } finally {
    await c.stop();
    await fresh?.stop();
  }
});

// Incremental analysis (server/src/lsp/incremental-analysis.ts) through the protocol: two
// servers get the same edits, as fast as an editor sends them, one analysing each version from
// the last, one from scratch; at every checkpoint their diagnostics are equal. The edits mostly
// keep the spec sound (numbers changed, terms appended, random edits undone), so that the
// analyses run on slices and keep the diagnostics of the declarations not edited.
test(`soak: incremental analysis publishes what a fresh analysis would, after any edits (seed ${SEED})`, { timeout: 300_000 }, async () => {
  const rng = new Rng(SEED + 1);
  const incremental = await startClient({ initializationOptions: { incremental: true } });
  const scratch = await startClient({ initializationOptions: { incremental: false } });
  try {
    const source = largeSpec(300) + readFileSync(EXAMPLE, 'utf8').replace(/^(discount|horizon|continuing)\b.*$/gm, '');
    const a = incremental.open(source, 'inc.reward');
    const b = scratch.open(source, 'inc.reward');
    let doc = TextDocument.create(a.uri, 'reward', 1, a.text);
    let version = 1;
    const send = (change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }) => {
      version = incremental.change(a.uri, [change]);
      scratch.change(b.uri, [change]);
      doc = TextDocument.update(doc, [change], version);
    };
    for (let i = 1; i <= 600; i++) {
      const text = doc.getText();
      const numbers = [...text.matchAll(/(?<=[ (*-])\d+(\.\d+)?(?=[ )\n])/g)];
      if (rng.chance(0.75) && numbers.length) {
        const m = rng.pick(numbers);
        send({ range: { start: doc.positionAt(m.index!), end: doc.positionAt(m.index! + m[0].length) }, text: rng.pick([String(rng.int(1, 9)), `${m[0]} + 1`, `${m[0]}.5`]) });
      } else {
        const change = randomEdit(rng, doc);
        const before = text.slice(doc.offsetAt(change.range.start), doc.offsetAt(change.range.end));
        send(change);
        if (rng.chance(0.8)) {
          const start = doc.offsetAt(change.range.start);
          send({ range: { start: change.range.start, end: doc.positionAt(start + change.text.length) }, text: before });
        }
      }
      if (i % 50 === 0) {
        const [x, y] = await Promise.all([incremental.diagnostics(a.uri, (p) => p.version === version, 60_000), scratch.diagnostics(b.uri, (p) => p.version === version, 60_000)]);
        assert.deepEqual(sansVersion(x), sansVersion(y), `after edit ${i} (seed ${SEED}):\n${doc.getText()}`);
      }
    }
    assert.deepEqual(incremental.errorsLogged(), []);
  } finally {
    await incremental.stop();
    await scratch.stop();
  }
});

test('raw malformed messages, unknown methods and bad edits get error responses or are ignored, and the server stays up', async () => {
  const c = await startClient();
  try {
    const doc = c.open('discount 0.9\nsignal x: number = obs[0]\nreward main { x }\n');
    await c.diagnostics(doc.uri);
    // An unknown method is MethodNotFound; an unknown notification is ignored.
    await assert.rejects(c.request('reward/noSuchMethod', {}), (e: { code?: number }) => e.code === -32601);
    c.notify('reward/noSuchNotification', { x: 1 });
    // Edits with ranges past the end, negative or reversed, a missing text, a version going backwards.
    c.change(doc.uri, [{ range: { start: { line: 99, character: 0 }, end: { line: 120, character: 5 } }, text: '// tail\n' }]);
    c.change(doc.uri, [{ range: { start: { line: 2, character: 9 }, end: { line: 0, character: -4 } }, text: 'y' }]);
    c.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: 1 }, contentChanges: [{ text: 'reward main { 1 }\n' }] });
    c.notify('textDocument/didChange', { textDocument: { uri: doc.uri, version: 50 }, contentChanges: [{ range: null }] });
    c.notify('textDocument/didChange', { textDocument: { uri: doc.uri }, contentChanges: 'not an array' });
    c.notify('textDocument/didOpen', { textDocument: { uri: 42, text: null } });
    c.notify('textDocument/didOpen', {});
    // A message whose body is not JSON, then one that is JSON but not JSON-RPC: the stream
    // framing survives both.
    const raw = (body: string) => c.child.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    raw('{"jsonrpc":"2.0","id":9999,"method":"textDocument/hover","params":');
    raw('[1, 2, 3]');
    raw('{"jsonrpc":"2.0","id":"x","method":42}');
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    assert.ok(Array.isArray(symbols));
    assert.equal(c.child.exitCode, null, 'the server is up');
  } finally {
    assert.equal(await c.stop(), 0);
  }
});

// A request cancelled while still queued is answered with RequestCancelled
// (server/src/lsp/connection-strategy.ts); one already running is answered with its result.
test('cancellation is honoured: cancelled requests are answered with RequestCancelled or their result, never left hanging', async () => {
  const c = await startClient();
  try {
    const spec = readFileSync(EXAMPLE, 'utf8');
    const doc = c.open(spec);
    await c.diagnostics(doc.uri);
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const source = new CancellationTokenSource();
        const method = ['textDocument/semanticTokens/full', 'textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens'][i % 4];
        const pending = c.connection.sendRequest(method, { textDocument: { uri: doc.uri } }, source.token);
        source.cancel();
        try {
          await pending;
          return 'answered';
        } catch (e) {
          assert.equal((e as { code?: number }).code, -32800, `a cancelled ${method} is RequestCancelled`);
          return 'cancelled';
        }
      }),
    );
    assert.equal(outcomes.length, 60);
    assert.ok(outcomes.includes('cancelled'), `some requests were cancelled before they ran: ${outcomes.join(' ')}`);
    // The server goes on answering after the cancellations.
    const symbols = await c.request('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    assert.ok(symbols.length > 0);
  } finally {
    assert.equal(await c.stop(), 0);
  }
});
