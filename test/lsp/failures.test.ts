// Failures that show: an analysis that throws becomes one internal-error naming it (never
// silence, never a message about nesting), the other analyses still report, and a feature
// that throws is answered empty and logged while every other feature and the server go on.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/analysis/analyze';
import { ANALYSES } from '../../server/src/analysis/registry';
import { startClient, type TestClient } from './client';

const SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal speed: number = obs[1]
prop near = x < 1
machine m {
  initial a
  terminal b
  a -> b when near reward 1
}
reward main { m; 0.1 * speed }
`;

function brokenChecks(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'states')");
}

test('a throwing analysis yields one internal-error naming it; the other analyses still report', () => {
  const healthy = analyze(SPEC);
  const broken = analyze(SPEC, [...ANALYSES, brokenChecks]);
  const internal = broken.diagnostics.filter((d) => d.code === 'internal-error');
  assert.equal(internal.length, 1);
  assert.equal(internal[0].severity, 'warning');
  assert.match(internal[0].message, /^Internal error: the broken checks analysis failed on this spec \(TypeError: Cannot read properties of undefined \(reading 'states'\)\)/);
  assert.match(internal[0].message, /please report it/);
  assert.doesNotMatch(internal[0].message, /nest/i);
  assert.deepEqual(broken.diagnostics.filter((d) => d.code !== 'internal-error'), healthy.diagnostics);
  assert.ok(healthy.diagnostics.some((d) => d.code === 'unbounded-reward'), 'the spec has diagnostics of the real analyses to keep');
  assert.equal(broken.hasErrors, false, 'a bug of ours is not an error in the spec: the preview and the export still run');
});

describe('the server with a throwing analysis and a throwing feature', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient({ script: 'test/lsp/faulty-server.ts' });
  });
  after(async () => {
    await c?.stop();
  });

  test('diagnostics show the failure next to the real ones; hover fails alone, logged; the rest works', async () => {
    const doc = c.open(SPEC);
    const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0, 30_000);
    const codes = p.diagnostics.map((d: Diagnostic) => d.code);
    assert.ok(codes.includes('unbounded-reward'), `the real analyses still report: ${codes.join(', ')}`);
    const internal = p.diagnostics.filter((d: Diagnostic) => d.code === 'internal-error');
    assert.equal(internal.length, 1, codes.join(', '));
    assert.match(internal[0].message, /the broken checks analysis failed/);
    assert.match(internal[0].codeDescription!.href, /docs\/diagnostics\/internal-error\.md$/);

    const at = { line: 3, character: 6 };
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: at }), null);
    await c.until(() => c.errorsLogged().find((m) => m.startsWith('hover: Error: injected hover failure')), 'the hover failure in the log');

    const symbols = await c.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: doc.uri } });
    for (const name of ['x', 'speed', 'near', 'm', 'main']) assert.ok(symbols.some((s) => s.name === name), `symbol ${name} among ${symbols.map((s) => s.name).join(', ')}`);
    const definition = await c.request<{ range: { start: { line: number } } }[] | { range: { start: { line: number } } }>('textDocument/definition', { textDocument: { uri: doc.uri }, position: { line: 7, character: 15 } });
    const target = Array.isArray(definition) ? definition[0] : definition;
    assert.equal(target?.range.start.line, 3, 'go to definition of near');
    const completion = await c.request<{ items?: { label: string }[] } | { label: string }[]>('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line: 9, character: 14 } });
    const items = Array.isArray(completion) ? completion : (completion.items ?? []);
    assert.ok(items.some((i) => i.label === 'speed'), 'completion still answers');

    // The server is still up and follows edits: the failure is reported again, not once and lost.
    c.change(doc.uri, [{ text: SPEC.replace('0.1 * speed', '0.2 * speed') }]);
    const again = await c.diagnostics(doc.uri, (d) => d.version === 2, 30_000);
    assert.equal(again.diagnostics.filter((d: Diagnostic) => d.code === 'internal-error').length, 1);
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: at }), null);
  });
});
