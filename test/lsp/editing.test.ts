// Formatting, folding, selection ranges, inlay hints, code lenses, code actions and the
// automaton request, through the protocol.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, CodeLens, FoldingRange, InlayHint, SelectionRange, TextEdit } from 'vscode-languageserver-protocol';
import { format } from '../../server/src/syntax/print';
import { startClient, type TestClient } from './client';
import { applyEdits, textOf } from './markers';

const MESSY = `discount   0.9
// the position, in cells
signal x:number in [0,10]=obs[0]   // trailing comment
prop far = x>5
machine m {
initial a
   a->b when far reward 1  /* why 1 */
}
reward main {  m ; 0.5*x }
`;

let c: TestClient;
before(async () => {
  c = await startClient();
});
after(async () => {
  await c.stop();
});

describe('formatting', () => {
  const formatting = (uri: string) => c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });

  test("gives the formatter's text, keeps every comment, and is idempotent", async () => {
    const doc = c.open(MESSY);
    const edits = await formatting(doc.uri);
    const formatted = applyEdits(doc.text, edits);
    assert.equal(formatted, format(MESSY).text, 'the same formatter as reward fmt');
    for (const comment of ['// the position, in cells', '// trailing comment', '/* why 1 */']) assert.ok(formatted.includes(comment), comment);
    assert.match(formatted, /signal x: number in \[0, 10\] = obs\[0\]/);
    c.change(doc.uri, [{ text: formatted }]);
    assert.deepEqual(await formatting(doc.uri), [], 'formatting formatted text changes nothing');
  });

  test('edits are minimal: lines already formatted are not touched', async () => {
    const good = format(MESSY).text;
    const lines = good.split('\n');
    lines[3] = 'prop far = x>5';
    const doc = c.open(lines.join('\n'));
    const edits = await formatting(doc.uri);
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].range, { start: { line: 3, character: 0 }, end: { line: 4, character: 0 } });
    assert.equal(edits[0].newText, 'prop far = x > 5\n');
  });

  test('a text with syntax errors is left alone', async () => {
    const doc = c.open('signal x: number in [0,\nreward main {  x }\n');
    assert.deepEqual(await formatting(doc.uri), []);
  });
});

describe('folding and selection', () => {
  test('folds blocks (keeping the closing brace visible), multi-line declarations and comment runs', async () => {
    const doc = c.open(`// one
// two
// three
signal room: enum {
  hall,
  kitchen
}
/* a
   block */
machine m {
  initial a
  a -> b when room == hall
}
reward main { m }
`);
    const folds = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: doc.uri } });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine, f.kind ?? null]), [[0, 2, 'comment'], [3, 5, null], [7, 8, 'comment'], [9, 11, null]]);
  });

  test('selection ranges grow from the name through the expression tree to the declaration and the file', async () => {
    const doc = c.open('signal x: number\nsignal y: number\ndef d = abs(x - <|>y) * 2\nreward main { d }\n');
    const [r] = await c.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri: doc.uri }, positions: doc.positions });
    const chain: string[] = [];
    for (let s: SelectionRange | undefined = r; s; s = s.parent) chain.push(textOf(doc.text, s.range));
    assert.deepEqual(chain, ['y', 'x - y', 'abs(x - y)', 'abs(x - y) * 2', 'def d = abs(x - y) * 2', doc.text]);
  });
});

describe('inlay hints and code lenses', () => {
  test('the bounds of every reward item, and the discount a shaping item uses', async () => {
    const doc = c.open('discount 0.9\nhorizon 10\nsignal x: number in [0, 2]\npotential phi = -x\nreward main {\n  0.5 * x\n  -0.01\n  shaping phi\n}\n');
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } } });
    const shown = hints.map((h) => [h.position.line, h.position.character, h.label]);
    assert.deepEqual(shown.slice(0, 2), [[5, 9, '∈ [0, 1]'], [6, 7, '∈ [-0.01, -0.01]']]);
    assert.deepEqual(shown[shown.length - 1], [7, 13, 'γ = 0.9']);
    const some = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 6, character: 0 }, end: { line: 6, character: 7 } } });
    assert.deepEqual(some.map((h) => h.position.line), [6], 'only the hints in the range asked for');
  });

  // Issue #18, point 7.
  test('no hint on a line with a syntax error: never between a name and its prime', async () => {
    const doc = c.open("discount 0.9\nsignal dist: number in [0, 16] = obs[0]\nreward main {\n  0.5 * dist\n  dist<|>' +\n}\n");
    await c.diagnostics(doc.uri);
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } } });
    assert.deepEqual(hints.map((h) => [h.position.line, h.label]), [[3, '∈ [0, 8]']], 'the broken line has none');
  });

  test('with an error elsewhere, an item keeps the bounds of the last version without errors', async () => {
    const doc = c.open('discount 0.9\nsignal dist: number in [0, 16] = obs[0]\ndef d = abs(dist - 3)<|>\nreward main {\n  d\n  0.5 * dist\n}\n');
    await c.diagnostics(doc.uri);
    const ask = () => c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } } });
    const before = (await ask()).map((h) => [h.position.line, h.label]);
    assert.deepEqual(before, [[4, '∈ [0, 13]'], [5, '∈ [0, 8]']]);
    const version = c.change(doc.uri, [{ range: { start: doc.positions[0], end: doc.positions[0] }, text: ' +' }]);
    const broken = await c.diagnostics(doc.uri, (p) => p.version === version);
    assert.ok(broken.diagnostics.some((d) => d.code === 'syntax-error'));
    const after = await ask();
    assert.deepEqual(after.map((h) => [h.position.line, h.label]), before, 'not [-∞, ∞]');
    assert.match(String(after[0].tooltip), /last version without errors/);
  });

  test('without a declared discount the hint says so', async () => {
    const doc = c.open('signal x: number in [0, 2]\npotential phi = -x\nreward main { shaping phi }\n');
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: doc.uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } });
    assert.ok(hints.some((h) => h.label === 'γ = 1 (no discount declared)'));
  });

  test('Preview and Export to Python on rewards, Show automaton on machines and ltl items, with the URI and the name', async () => {
    const doc = c.open('prop p\nmachine m {\n  initial a\n  a -> b when p\n}\nltl f = F p\nreward main { m; f }\nreward other { f }\n');
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: doc.uri } });
    assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command!.title, l.command!.command, ...(l.command!.arguments ?? [])]), [
      [1, 'Show automaton', 'rewardsmith.showAutomaton', doc.uri, 'm'],
      [5, 'Show automaton', 'rewardsmith.showAutomaton', doc.uri, 'f'],
      [6, 'Preview', 'rewardsmith.preview', doc.uri, 'main'],
      [6, 'Export to Python', 'rewardsmith.exportPython', doc.uri, 'main'],
      [7, 'Preview', 'rewardsmith.preview', doc.uri, 'other'],
      [7, 'Export to Python', 'rewardsmith.exportPython', doc.uri, 'other'],
    ]);
  });
});

describe('code actions', () => {
  const actions = (uri: string, range: unknown, diagnostics: unknown[] = [], only?: string[]) =>
    c.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } });

  test('a quick fix from a diagnostic, applied, makes the diagnostic go', async () => {
    const doc = c.open('signal speed: number\nreward main { 0.1 * sped }\n');
    const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.some((x) => x.code === 'undefined-name'));
    const diag = p.diagnostics.find((x) => x.code === 'undefined-name')!;
    const found = await actions(doc.uri, diag.range, [diag]);
    const fix = found.find((a) => a.kind === 'quickfix')!;
    assert.equal(fix.title, "Change to 'speed'");
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diag]);
    const fixed = applyEdits(doc.text, fix.edit!.changes![doc.uri]);
    assert.equal(fixed, 'signal speed: number\nreward main { 0.1 * speed }\n');
    const v = c.change(doc.uri, [{ text: fixed }]);
    const after = await c.diagnostics(doc.uri, (d) => d.version === v);
    assert.ok(!after.diagnostics.some((x) => x.code === 'undefined-name'));
  });

  test("asked about one diagnostic, the server offers that diagnostic's fixes only, not an overlapping one's", async () => {
    // One transition carries two diagnostics: it overlaps the one above (nondeterministic-
    // transitions, which has a fix) and closes a paying cycle (positive-reward-cycle).
    const doc = c.open('prop bad\nprop goal\nmachine m {\n  initial a\n  terminal c\n  a -> b when goal\n  a -> a2 when bad reward 1\n  a2 -> a when true\n  b -> c when true\n}\nreward main { m }\n');
    const p = await c.diagnostics(doc.uri, (d) => d.diagnostics.length > 0);
    let asked = 0;
    for (const d of p.diagnostics) {
      for (const f of (await actions(doc.uri, d.range, [d])).filter((x) => x.kind === 'quickfix')) {
        asked++;
        assert.equal(f.diagnostics?.[0].code, d.code, `${f.title} offered for ${d.code}`);
      }
    }
    assert.ok(asked > 0, JSON.stringify(p.diagnostics.map((d) => d.code)));
    const cycle = p.diagnostics.find((d) => d.code === 'positive-reward-cycle');
    assert.ok(cycle && p.diagnostics.some((d) => d.code === 'nondeterministic-transitions'));
  });

  test('Organise declarations orders a spec and keeps comments with their declarations', async () => {
    const doc = c.open(`// Header of the file.

reward main { m }

/// The task.
machine m {
  initial a
  a -> b when p
}
prop p   // the only label
discount 0.9
`);
    const found = await actions(doc.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']);
    assert.deepEqual(found.map((a) => [a.title, a.kind]), [['Organise declarations', 'source.organizeDeclarations']]);
    const organised = applyEdits(doc.text, found[0].edit!.changes![doc.uri]);
    assert.equal(organised, `// Header of the file.

discount 0.9

prop p   // the only label

/// The task.
machine m {
  initial a
  a -> b when p
}

reward main { m }
`);
    c.change(doc.uri, [{ text: organised }]);
    assert.deepEqual(await actions(doc.uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source']), [], 'nothing to do when in order');
  });

  test('the `only` filter: quick fixes only, or nothing', async () => {
    const doc = c.open('reward main { sped }\nsignal speed: number\n');
    const all = { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } };
    const quick = await actions(doc.uri, all, [], ['quickfix']);
    assert.ok(quick.length > 0 && quick.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(await actions(doc.uri, all, [], ['refactor']), []);
  });
});

describe('reward/automaton', () => {
  test('DOT and Mermaid text of a machine, and of the automaton an ltl item compiles to', async () => {
    const doc = c.open('prop p\nprop q\nmachine m {\n  initial a\n  terminal c\n  a -> b when p\n  b -> c when q reward 1\n}\nltl f = F (p && X q)\nreward main { m; f }\n');
    const dot = await c.request('reward/automaton', { uri: doc.uri, name: 'm' });
    assert.equal(dot.kind, 'machine');
    assert.equal(dot.format, 'dot');
    assert.equal(dot.states, 3);
    assert.match(dot.text, /^digraph "m" \{/);
    assert.match(dot.text, /"b" -> "c" \[label="q \/ 1"\]/);
    const mermaid = await c.request('reward/automaton', { uri: doc.uri, name: 'f', format: 'mermaid' });
    assert.equal(mermaid.kind, 'ltl');
    assert.match(mermaid.text, /flowchart LR/);
    assert.ok(mermaid.states >= 3, `${mermaid.states} states`);
  });

  test('an unknown name or format is an error response with a message', async () => {
    const doc = c.open('prop p\nreward main { 1 }\n');
    await assert.rejects(c.request('reward/automaton', { uri: doc.uri, name: 'nope' }), /'nope' is neither a machine nor an ltl item/);
    await assert.rejects(c.request('reward/automaton', { uri: doc.uri, name: 'p', format: 'png' }), /reward\/automaton: params\.format: expected one of dot, mermaid, got "png"/);
  });

  test('the server stayed up through everything above and logged no error', async () => {
    const doc = c.open('discount 0.5\nreward main { 1 }\n');
    assert.ok(await c.request('textDocument/hover', { textDocument: { uri: doc.uri }, position: { line: 1, character: 8 } }));
    assert.deepEqual(c.errorsLogged(), []);
  });
});
