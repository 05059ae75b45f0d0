// The pure pieces of the server, without a process: glob matching, token deltas, minimal
// edits, organising declarations, trajectory field paths, cursor contexts.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { globToRegExp, globBase } from '../../protocol/globs';
import { diff } from '../../server/src/lsp/semantic-tokens';
import { minimalEdits } from '../../server/src/lsp/formatting';
import { organiseDeclarations } from '../../server/src/lsp/organise';
import { fieldPaths } from '../../server/src/lsp/trajectory-fields';
import { cursorContext } from '../../server/src/lsp/cursor-context';
import { readSettings } from '../../server/src/lsp/settings';
import { applyEdits } from './markers';

describe('glob', () => {
  test('**, *, ? and {a,b}', () => {
    const re = globToRegExp('data/**/*.{jsonl,csv}');
    assert.ok(re.test('data/a.jsonl'));
    assert.ok(re.test('data/x/y/b.csv'));
    assert.ok(!re.test('data/a.json'));
    assert.ok(!re.test('other/a.jsonl'));
    assert.ok(globToRegExp('run?.jsonl').test('run1.jsonl'));
    assert.ok(!globToRegExp('*.jsonl').test('a/b.jsonl'), '* stays within a folder');
    assert.ok(globToRegExp('a+b(1).jsonl').test('a+b(1).jsonl'), 'regex characters are literal');
  });

  test('the folder a glob is searched from', () => {
    assert.equal(globBase('/data/runs/**/*.jsonl'), '/data/runs');
    assert.equal(globBase('*.jsonl'), '.');
    assert.equal(globBase('logs/x.csv'), 'logs');
  });
});

describe('semantic token delta', () => {
  test('applying the edit to the old data gives the new data, for any two token arrays', () => {
    const tokens = fc.array(fc.array(fc.nat(5), { minLength: 5, maxLength: 5 }), { maxLength: 12 }).map((ts) => ts.flat());
    fc.assert(
      fc.property(tokens, tokens, (before, after) => {
        const data = [...before];
        for (const e of diff(before, after).reverse()) data.splice(e.start, e.deleteCount, ...(e.data ?? []));
        assert.deepEqual(data, after);
        for (const e of diff(before, after)) assert.equal(e.start % 5, 0, 'edits start at a token');
      }),
    );
  });
});

describe('minimal edits', () => {
  test('applying them gives the target text, for any two texts of lines', () => {
    const text = fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'a b\n', '\n', 'x'), { maxLength: 12 }).map((ls) => ls.join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        assert.equal(applyEdits(before, minimalEdits(before, after)), after);
      }),
    );
  });

  test('only the lines that differ are edited', () => {
    const edits = minimalEdits('a\nb\nc\nd\n', 'a\nB\nc\nd\n');
    assert.deepEqual(edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, newText: 'B\n' }]);
  });
});

describe('organise declarations', () => {
  test('declarations on one line move together; line ends are kept', () => {
    const out = organiseDeclarations('reward main { x }\r\nsignal x: number; signal y: number\r\ndiscount 0.5\r\n');
    assert.equal(out, 'discount 0.5\r\n\r\nsignal x: number; signal y: number\r\n\r\nreward main { x }\r\n');
  });

  test('nothing for a text in order, with syntax errors, or with one declaration', () => {
    assert.equal(organiseDeclarations('discount 0.5\nreward main { 1 }\n'), undefined);
    assert.equal(organiseDeclarations('reward main { 1 }\ndiscount (\n'), undefined);
    assert.equal(organiseDeclarations('reward main { 1 }\n'), undefined);
  });

  test('a block comment that ends below a declaration moves with it', () => {
    const out = organiseDeclarations('reward main { 1 }\ndiscount 0.5 /* the usual\n  value */\n');
    assert.equal(out, 'discount 0.5 /* the usual\n  value */\n\nreward main { 1 }\n');
  });
});

test('field paths of a record: leaves as source paths, bookkeeping fields left out', () => {
  const paths = fieldPaths({ obs: [1, [2, 3]], info: { room: 'hall', 'not a name': 1 }, episode: 0, terminated: false, labels: 'a', action: 'up' });
  assert.deepEqual(paths.map((p) => p.path), ['obs[0]', 'obs[1][0]', 'obs[1][1]', 'info.room', 'action']);
  assert.equal(paths.find((p) => p.path === 'info.room')!.example, '"hall"');
});

test('cursor context: declaration, block and statement before the word being typed', () => {
  const text = 'signal x: number\nmachine m {\n  initial a\n  a -> b when x > 1 && (x <\n    2) && fo';
  const ctx = cursorContext(text, text.length);
  assert.equal(ctx.word, 'fo');
  assert.equal(ctx.declaration, 'machine');
  assert.equal(ctx.declarationName, 'm');
  assert.ok(ctx.inBlock);
  assert.equal(ctx.statement[0].image, 'a', 'a line break inside ( ) continues the statement');
  const after = cursorContext('machine m {\n  initial a\n}\n', 'machine m {\n  initial a\n}\n'.length);
  assert.equal(after.declaration, undefined);
  assert.equal(after.statement.length, 0);
});

test('settings: malformed fields are dropped with a message naming the field', () => {
  const r = readSettings({ trajectories: ['a/*.jsonl', 3], severity: { 'unused-declaration': 'loud', 'ltl-trivial': 'off' } });
  assert.deepEqual(r.settings.trajectories, ['a/*.jsonl']);
  assert.deepEqual([...r.settings.severity], [['ltl-trivial', 'off']]);
  assert.equal(r.problems.length, 2);
  assert.match(r.problems[1], /rewardsmith\.severity\.unused-declaration: expected error, warning/);
  assert.match(readSettings(42).problems[0], /expected an object/);
});
