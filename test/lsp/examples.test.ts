// Every feature on every example spec, and on random cuts of them (text as it is while being
// typed): answers come back and the server logs no error.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ROOT } from './build';
import { startClient, type TestClient } from './client';
import { positionAt } from './markers';

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.reward')).sort();

let c: TestClient;
before(async () => {
  c = await startClient();
});
after(async () => {
  await c.stop();
});

async function everyFeature(uri: string, text: string, offsets: readonly number[]): Promise<void> {
  const td = { textDocument: { uri } };
  await c.request('textDocument/documentSymbol', td);
  await c.request('textDocument/foldingRange', td);
  await c.request('textDocument/semanticTokens/full', td);
  await c.request('textDocument/codeLens', td);
  await c.request('textDocument/formatting', { ...td, options: { tabSize: 2, insertSpaces: true } });
  await c.request('textDocument/inlayHint', { ...td, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) } });
  await c.request('textDocument/codeAction', { ...td, range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) }, context: { diagnostics: [] } });
  for (const o of offsets) {
    const position = positionAt(text, o);
    await c.request('textDocument/hover', { ...td, position });
    await c.request('textDocument/completion', { ...td, position });
    await c.request('textDocument/signatureHelp', { ...td, position });
    await c.request('textDocument/definition', { ...td, position });
    await c.request('textDocument/references', { ...td, position, context: { includeDeclaration: true } });
    await c.request('textDocument/documentHighlight', { ...td, position });
    await c.request('textDocument/selectionRange', { ...td, positions: [position] });
    await c.request('textDocument/prepareRename', { ...td, position }).catch(() => undefined);
  }
}

test('the examples: every feature answers at every 25th character, no error logged', async () => {
  assert.ok(EXAMPLES.length >= 5);
  for (const name of EXAMPLES) {
    const text = readFileSync(join(ROOT, 'examples', name), 'utf8');
    const doc = c.open(text, name);
    const offsets = Array.from({ length: Math.ceil(text.length / 25) }, (_, i) => i * 25);
    await everyFeature(doc.uri, text, offsets);
    const p = await c.diagnostics(doc.uri);
    assert.ok(!p.diagnostics.some((d) => d.severity === 1), `${name} has no error`);
  }
  assert.deepEqual(c.errorsLogged(), []);
});

test('random cuts and splices of the examples (text mid-edit): every feature answers, no error logged', async () => {
  const texts = EXAMPLES.map((n) => readFileSync(join(ROOT, 'examples', n), 'utf8'));
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(texts.length - 1), fc.nat(), fc.nat(), fc.nat(), async (which, a, b, at) => {
      const t = texts[which];
      const [from, to] = [a % (t.length + 1), b % (t.length + 1)].sort((x, y) => x - y);
      const text = t.slice(0, from) + t.slice(to, to + 40) + t.slice(from, to);
      const doc = c.open(text, `cut${run++}.reward`);
      await everyFeature(doc.uri, text, [at % (text.length + 1)]);
      c.close(doc.uri);
    }),
    { numRuns: 60, seed: 4 },
  );
  assert.deepEqual(c.errorsLogged(), []);
});
