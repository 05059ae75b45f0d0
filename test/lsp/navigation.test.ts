// Definition, references, document highlight, and rename with its refusals.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Location, DocumentHighlight, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { analyze } from '../../server/src/analysis/analyze';
import { startClient, type TestClient } from './client';
import { applyEdits, textOf } from './markers';

const SPEC = `signal <|>room: enum { hall, <|>kitchen } = info.room
signal door: enum { kitchen, porch }
prop coffee = room == kitchen
prop back = room' == <|>kitchen && door == kitchen
prop hot

machine m {
  initial <|>start
  terminal done
  start -> mid when coffee
  mid -> done when ho<|>t reward 1
}

machine n {
  initial start
  start -> done2 when back
}

reward main {
  m
  n
}
`;

describe('navigation', () => {
  let c: TestClient;
  let uri: string;
  let text: string;
  let at: readonly { line: number; character: number }[];
  before(async () => {
    c = await startClient();
    const doc = c.open(SPEC);
    ({ uri, text } = doc);
    at = doc.positions;
  });
  after(async () => {
    await c.stop();
  });
  const pos = (i: number) => ({ textDocument: { uri }, position: at[i] });

  test('definition of a use is its declaration; of a state its first mention; of a member its enum entry', async () => {
    const hot = await c.request<Location>('textDocument/definition', pos(4));
    assert.deepEqual(hot.range.start, { line: 4, character: 5 });
    assert.equal(textOf(text, hot.range), 'hot');
    const member = await c.request<Location>('textDocument/definition', pos(2));
    assert.deepEqual(member.range.start, at[1], 'kitchen of room, not of door');
    assert.equal(hot.uri, uri);
  });

  test('references: every use, with or without the declaration', async () => {
    const withDecl = await c.request<Location[]>('textDocument/references', { ...pos(0), context: { includeDeclaration: true } });
    assert.deepEqual(withDecl.map((l) => l.range.start.line), [0, 2, 3]);
    const uses = await c.request<Location[]>('textDocument/references', { ...pos(0), context: { includeDeclaration: false } });
    assert.deepEqual(uses.map((l) => l.range.start.line), [2, 3]);
  });

  test("references of an enum member stay within its enum; of a state within its machine", async () => {
    const kitchen = await c.request<Location[]>('textDocument/references', { ...pos(1), context: { includeDeclaration: true } });
    assert.deepEqual(kitchen.map((l) => [l.range.start.line, l.range.start.character]), [[0, 26], [2, 22], [3, 21]]);
    const start = await c.request<Location[]>('textDocument/references', { ...pos(3), context: { includeDeclaration: true } });
    assert.deepEqual(start.map((l) => l.range.start.line), [7, 9], 'not the start of machine n');
  });

  test('document highlight: the declaration is a write, the uses reads', async () => {
    const hs = await c.request<DocumentHighlight[]>('textDocument/documentHighlight', pos(4));
    assert.deepEqual(hs.map((h) => [h.range.start.line, h.kind]), [[4, 3], [10, 2]]);
  });

  test('nothing on a keyword or a number', async () => {
    assert.equal(await c.request('textDocument/definition', { textDocument: { uri }, position: { line: 6, character: 2 } }), null);
    assert.deepEqual(await c.request('textDocument/references', { textDocument: { uri }, position: { line: 10, character: 30 }, context: { includeDeclaration: true } }), []);
  });
});

describe('rename', () => {
  let c: TestClient;
  before(async () => {
    c = await startClient();
  });
  after(async () => {
    await c.stop();
  });
  const open = (s: string) => c.open(s);
  const renameAt = async (source: string, newName: string) => {
    const doc = open(source);
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: doc.uri }, position: doc.positions[0], newName });
    return { doc, edit, after: applyEdits(doc.text, edit.changes![doc.uri]) };
  };

  test('prepareRename gives the range and the name; refuses keywords, numbers and built-in functions', async () => {
    const doc = open('sig<|>nal x: number\ndef d = a<|>bs(<|>x) + 1<|>0\nreward main { d }\n');
    const at = doc.positions;
    const prep = (i: number) => c.request('textDocument/prepareRename', { textDocument: { uri: doc.uri }, position: at[i] });
    await assert.rejects(prep(0), /'signal' is a keyword/);
    await assert.rejects(prep(1), /'abs' is a built-in function/);
    assert.deepEqual(await prep(2), { range: { start: at[2], end: { line: 1, character: at[2].character + 1 } }, placeholder: 'x' });
    await assert.rejects(prep(3), /Only the name of a declaration/);
  });

  test('renames a declaration everywhere it is written, and the result still analyses without error', async () => {
    const { after } = await renameAt('signal <|>x: number in [0, 1]\nterm d = x + x\'\nprop p = x > 0.5\nprop q\nexclusive p, q\nreward main { x; d; (p ? 1 : 0) }\n', 'pos');
    // x had no source path, so it read the field x: the rename writes that path out.
    assert.equal(after, 'signal pos: number in [0, 1] = x\nterm d = pos + pos\'\nprop p = pos > 0.5\nprop q\nexclusive p, q\nreward main { pos; d; (p ? 1 : 0) }\n');
    assert.equal(analyze(after).hasErrors, false);
  });

  test('a rename never changes what the spec reads: a source path is kept, an external prop is refused', async () => {
    const withPath = await renameAt('signal <|>x: number = obs[0]\nreward main { x }\n', 'pos');
    assert.equal(withPath.after, 'signal pos: number = obs[0]\nreward main { pos }\n');
    const bare = await renameAt('signal <|>speed\naction a: enum { l, r }\nreward main { speed }\n', 'v');
    assert.equal(bare.after, 'signal v = speed\naction a: enum { l, r }\nreward main { v }\n');
    const doc = open('prop pl<|>ant\nprop goal = true\nmachine m {\n  initial a\n  a -> b when plant\n}\nreward main { m }\n');
    await assert.rejects(c.request('textDocument/prepareRename', { textDocument: { uri: doc.uri }, position: doc.positions[0] }), /'plant' is an external prop: it reads the label 'plant'/);
  });

  test('refuses the words of version 2 and the built-in functions as new names', async () => {
    const doc = open('signal <|>v: vector[2] in [0, 1] = obs[0:2]\nreward main { v[0] }\n');
    const rename = (newName: string) => c.request('textDocument/rename', { textDocument: { uri: doc.uri }, position: doc.positions[0], newName });
    for (const word of ['clip', 'replace', 'default', 'vector', 'prev', 'pi']) await assert.rejects(rename(word), /keyword/, word);
    await assert.rejects(rename('sum'), /'sum' is a built-in function/);
  });

  test('a machine state is renamed within its machine only', async () => {
    const source = 'prop go\nmachine m {\n  initial s<|>tart\n  start -> end when go\n}\nmachine n {\n  initial start\n  start -> end when go\n}\nreward main { m; n }\n';
    const { after } = await renameAt(source, 'begin');
    assert.equal(after, source.replace('<|>', '').replace('initial start\n  start', 'initial begin\n  begin'));
  });

  test('an enum member is renamed within its enum only', async () => {
    const { after } = await renameAt('signal a: enum { <|>on, off }\nsignal b: enum { on, off }\nprop p = a == on && b == on\nreward main { (p ? 1 : 0) }\n', 'active');
    assert.equal(after, 'signal a: enum { active, off }\nsignal b: enum { on, off }\nprop p = a == active && b == on\nreward main { (p ? 1 : 0) }\n');
  });

  test('refuses collisions, keywords and non-names, with a message', async () => {
    const doc = open('signal <|>x: enum { lo, hi }\nsignal y: number\nprop p = x == l<|>o\nmachine m {\n  initial <|>a\n  a -> b when p\n}\nreward main { m; y }\n');
    const rename = (i: number, newName: string) => c.request('textDocument/rename', { textDocument: { uri: doc.uri }, position: doc.positions[i], newName });
    await assert.rejects(rename(0, 'y'), /'y' is already declared/);
    await assert.rejects(rename(0, 'hi'), /member of enum 'x'/);
    await assert.rejects(rename(1, 'hi'), /already has a member 'hi'/);
    await assert.rejects(rename(1, 'p'), /bare 'p' would mean the declaration/);
    await assert.rejects(rename(2, 'b'), /already has a state 'b'/);
    await assert.rejects(rename(0, 'reward'), /keyword/);
    await assert.rejects(rename(0, 'when'), /keyword/);
    await assert.rejects(rename(0, '2x'), /not a name/);
    // The refusals are answers, not crashes: the same document still renames fine.
    const ok = await c.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: doc.uri }, position: doc.positions[2], newName: 'start' });
    assert.equal(ok.changes![doc.uri].length, 2, 'initial a, a -> b');
  });
});
