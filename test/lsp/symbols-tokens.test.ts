// Document and workspace symbols; semantic tokens, full and delta.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentSymbol, SemanticTokens, SemanticTokensDelta, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './client';

const SPEC = `discount 0.9
signal x: number in [0, 10] = obs[0]
signal room: enum { hall, kitchen } = info.room
action move: enum { up, down }
def dist = abs(x - 6)
prop coffee = room == kitchen
prop plant
exclusive coffee, plant
term progress = dist - dist'
potential phi = -dist
machine deliver {
  initial start
  terminal done
  start -> done when coffee reward 1
}
ltl safe = G !plant
reward main {
  deliver
  task 0.1 * progress
  -0.01
  shaping phi
}
`;

describe('symbols', () => {
  let c: TestClient;
  let uri: string;
  before(async () => {
    c = await startClient();
    uri = c.open(SPEC, 'outline.reward').uri;
  });
  after(async () => {
    await c.stop();
  });

  test('an outline of every declaration, machines with their states, rewards with their items', async () => {
    const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['discount', 'x', 'room', 'move', 'dist', 'coffee', 'plant', 'exclusive', 'progress', 'phi', 'deliver', 'safe', 'main']);
    const deliver = symbols.find((s) => s.name === 'deliver')!;
    assert.equal(deliver.kind, 5); // Class
    assert.deepEqual(deliver.children!.map((s) => [s.name, s.detail]), [['start', 'state (initial)'], ['done', 'state (terminal)']]);
    assert.deepEqual(deliver.range, { start: { line: 10, character: 0 }, end: { line: 14, character: 1 } });
    assert.deepEqual(deliver.selectionRange, { start: { line: 10, character: 8 }, end: { line: 10, character: 15 } });
    const main = symbols.find((s) => s.name === 'main')!;
    assert.deepEqual(main.children!.map((s) => [s.name, s.detail]), [['deliver', 'item'], ['0.1 * progress', 'task item'], ['-0.01', 'constant'], ['shaping phi', 'shaping']]);
    assert.deepEqual(symbols.find((s) => s.name === 'room')!.children!.map((s) => s.name), ['hall', 'kitchen']);
    assert.equal(symbols.find((s) => s.name === 'x')!.detail, 'signal: number');
    assert.equal(symbols.find((s) => s.name === 'plant')!.detail, 'prop (external label)');
  });

  test('workspace symbols over the open documents, by a fuzzy query', async () => {
    const second = c.open('signal distance: number\nreward other { distance }\n', 'second.reward');
    const found = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'dst' });
    assert.deepEqual(found.map((s) => [s.name, (s.location as { uri: string }).uri]).sort(), [['dist', uri], ['distance', second.uri]]);
    const states = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'start' });
    assert.deepEqual(states.map((s) => [s.name, s.containerName]), [['start', 'deliver']]);
    c.close(second.uri);
    const after = await c.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'distance' });
    assert.deepEqual(after, []);
  });
});

describe('semantic tokens', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => {
    await c.stop();
  });

  /** Decodes the relative encoding into [text, type, modifiers] with the server's legend. */
  const decode = (text: string, data: readonly number[]) => {
    const legend = (c.initializeResult!.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }).legend;
    const lines = text.split('\n');
    const out: [string, string, string[]][] = [];
    let line = 0;
    let char = 0;
    for (let i = 0; i < data.length; i += 5) {
      line += data[i];
      char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
      const mods = legend.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b));
      out.push([lines[line].slice(char, char + data[i + 2]), legend.tokenTypes[data[i + 3]], mods]);
    }
    return out;
  };

  test('declaration kinds, states, enum members, functions, primes, keywords, numbers, operators, temporal operators', async () => {
    const doc = c.open(SPEC);
    const r = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: doc.uri } });
    const tokens = decode(doc.text, r.data);
    const find = (text: string, n = 0) => tokens.filter((t) => t[0] === text)[n];
    assert.deepEqual(find('discount'), ['discount', 'keyword', []]);
    assert.deepEqual(find('0.9'), ['0.9', 'number', []]);
    assert.deepEqual(find('x'), ['x', 'variable', ['declaration', 'readonly']]);
    assert.deepEqual(find('move'), ['move', 'parameter', ['declaration']]);
    assert.deepEqual(find('abs'), ['abs', 'function', ['defaultLibrary']]);
    assert.deepEqual(find('kitchen', 1), ['kitchen', 'enumMember', []]);
    assert.deepEqual(find('dist', 2), ['dist', 'property', ['modification']], "dist' is primed");
    assert.deepEqual(find("'"), ["'", 'operator', ['modification']]);
    assert.deepEqual(find('coffee'), ['coffee', 'event', ['declaration']]);
    assert.deepEqual(find('progress'), ['progress', 'method', ['declaration']]);
    assert.deepEqual(find('phi'), ['phi', 'macro', ['declaration']]);
    assert.deepEqual(find('deliver'), ['deliver', 'class', ['declaration']]);
    assert.deepEqual(find('start', 1), ['start', 'type', []]);
    assert.deepEqual(find('when'), ['when', 'keyword', []]);
    assert.deepEqual(find('G'), ['G', 'operator', ['temporal']]);
    assert.deepEqual(find('safe'), ['safe', 'interface', ['declaration']]);
    assert.deepEqual(find('main'), ['main', 'namespace', ['declaration']]);
    assert.deepEqual(find('shaping'), ['shaping', 'keyword', []]);
    assert.deepEqual(find('=='), ['==', 'operator', []]);
  });

  test('contextual words are keywords only where they are: `machine task` and `def shaping` are names', async () => {
    const doc = c.open('def shaping = 1\nmachine task {\n  initial a\n}\nreward main { (shaping + 0); task }\n');
    const r = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: doc.uri } });
    const tokens = decode(doc.text, r.data);
    assert.deepEqual(tokens.filter((t) => t[0] === 'task').map((t) => t[1]), ['class', 'class']);
    assert.deepEqual(tokens.find((t) => t[0] === 'shaping')?.[1], 'property');
  });

  test('delta: an edit gives a small edit of the token data that reproduces the full result', async () => {
    const doc = c.open(SPEC);
    const full = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: doc.uri } });
    c.change(doc.uri, [{ range: { start: { line: 16, character: 0 }, end: { line: 16, character: 0 } }, text: 'def extra = x * 2\n' }]);
    const delta = await c.request<SemanticTokensDelta>('textDocument/semanticTokens/full/delta', { textDocument: { uri: doc.uri }, previousResultId: full.resultId });
    assert.ok(delta.edits, 'a delta, not a full result');
    assert.notEqual(delta.resultId, full.resultId);
    const data = [...full.data];
    for (const e of [...delta.edits].reverse()) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
    const fresh = await c.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: doc.uri } });
    assert.deepEqual(data, fresh.data);
    const touched = delta.edits.reduce((n, e) => n + e.deleteCount + (e.data?.length ?? 0), 0);
    assert.ok(touched < fresh.data.length / 2, `${touched} numbers touched of ${fresh.data.length}`);
    // An unknown previous result id gets a full result.
    const again = await c.request<SemanticTokens>('textDocument/semanticTokens/full/delta', { textDocument: { uri: doc.uri }, previousResultId: 'nope' });
    assert.deepEqual(again.data, fresh.data);
  });
});
