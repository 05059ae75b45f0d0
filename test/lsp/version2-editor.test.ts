// Version 2 in the editor (issue #13): hover shows vector shapes and element ranges, completion
// and signature help know every new function, with cursor positions marked `<|>`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, Hover, SignatureHelp } from 'vscode-languageserver-protocol';
import { FUNCTION_TABLE } from '../../server/src/program/functions';
import { startClient, type TestClient } from './client';

const SPEC = `action a: vector[8] in [-1, 1]
signal q<|>vel: vector[14] in [-10, 10] = obs[15:29]
def goal = [0.5, 0.0, 0.2]
signal hand: vector[3] = info.hand_pos
term ct<|>rl = sum(a^2)
term reach = -norm(hand' - go<|>al)
reward main {
  -0.5 * ct<|>rl
  reach
  -0.1 * sum(qvel[0:2]^2)
}
`;

const value = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

describe('version 2: hover', () => {
  let c: TestClient;
  let uri: string;
  let at: readonly { line: number; character: number }[];
  before(async () => {
    c = await startClient();
    const doc = c.open(SPEC);
    uri = doc.uri;
    at = doc.positions;
  });
  after(async () => {
    await c.stop();
  });
  const hover = (i: number) => c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at[i] });

  test('a vector signal shows vector[N], its element range and its slice', async () => {
    const v = value(await hover(0));
    assert.match(v, /vector\[14\]/);
    assert.match(v, /\[-10, 10\]/);
    assert.match(v, /obs\[15:29\]/);
  });

  test('a term reducing a vector is a number; its item is bounded by the element ranges', async () => {
    const v = value(await hover(1));
    assert.match(v, /\*\*term\*\* `ctrl`: number/);
    // `-0.5 * ctrl`: sum(a^2) over vector[8] in [-1, 1] lies in [0, 8], so the item in [-4, 0].
    const item = value(await hover(3));
    assert.match(item, /\[-4, 0\] per step/);
  });

  test('a vector def shows vector[3]', async () => {
    assert.match(value(await hover(2)), /vector\[3\]/);
  });
});

describe('version 2: completion and signature help', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => {
    await c.stop();
  });
  const open = (source: string) => c.open(source);

  test('completion in an expression offers every function of the table, version 2 included', async () => {
    const doc = open('signal x: number\ndef d = <|>\n');
    const items = await c.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    const labels = new Set((Array.isArray(items) ? items : items.items).map((i) => i.label));
    for (const name of FUNCTION_TABLE.keys()) assert.ok(labels.has(name), `completion offers ${name}`);
    assert.ok(labels.has('pi'), 'completion offers pi');
  });

  test('signature help for the new functions: the signature and the active parameter', async () => {
    const help = async (source: string) => {
      const doc = open(source);
      return c.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri: doc.uri }, position: doc.positions[0] });
    };
    const atan2 = await help('signal x: number\ndef d = atan2(x, <|>\n');
    assert.equal(atan2?.signatures[0].label, 'atan2(y, x)');
    assert.equal(atan2?.activeParameter, 1);
    const dot = await help('signal v: vector[3]\ndef d = dot(<|>v, v)\n');
    assert.equal(dot?.signatures[0].label, 'dot(u, v)');
    assert.equal(dot?.activeParameter, 0);
    const mod = await help('signal x: number\ndef d = mod(x, <|>3)\n');
    assert.equal(mod?.signatures[0].label, 'mod(x, m)');
    for (const [name, entry] of FUNCTION_TABLE) {
      if (entry.version !== 2) continue;
      const h = await help(`signal v: vector[2]\nsignal x: number\ndef d = ${name}(<|>\n`);
      assert.equal(h?.signatures[0].label, entry.signature, `signature help for ${name}`);
    }
  });
});
