// Keyword typos (issue #18, point 8): a misspelt declaration keyword gets "did you mean", by
// edit distance, and costs one error: the declaration is read as the one meant, so nothing
// downstream blames its name, and a misspelt block keyword does not cost one error per line.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/syntax/parse';
import { analyze } from '../../server/src/analysis/analyze';
import { keywordTypo } from '../../server/src/syntax/layout';
import { pointedAt } from './tree';

describe('keyword typos', () => {
  test("`sigal y = obs[1]`: did you mean 'signal'?, with a quick fix, and no follow-on error blaming y", () => {
    const text = 'signal x = obs[0]\nsigal y = obs[1]\ndef d = x + y\nreward r { d }';
    const r = parse(text);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(pointedAt(text, r.diagnostics[0].span), 'sigal');
    assert.match(r.diagnostics[0].message, /did you mean 'signal'\?/);
    assert.deepEqual(r.diagnostics[0].fixes?.[0].edits, [{ span: r.diagnostics[0].span, newText: 'signal' }]);
    const a = analyze(text);
    assert.deepEqual(a.diagnostics.map((d) => d.code), ['syntax-error']);
  });

  test('`machin keydoor {` gives one error, not one per body line; the machine is kept', () => {
    const text = 'machin keydoor {\n  initial a\n  terminal b\n  a -> b when p\n}\nprop p\nreward r { keydoor }';
    const r = parse(text);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0].message, /did you mean 'machine'\?/);
    assert.deepEqual(r.file.declarations.map((d) => d.kind), ['machine', 'prop', 'reward']);
    assert.deepEqual(analyze(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), ['syntax-error']);
  });

  test('an unknown word that opens a block skips the block with one error', () => {
    const r = parse('foo bar {\n  initial a\n  a -> b\n}\nprop p');
    assert.equal(r.diagnostics.length, 1);
    assert.deepEqual(r.file.declarations.map((d) => d.kind), ['prop']);
  });

  test('edit distance: 1 up to four letters, 2 above, case ignored, only a unique closest', () => {
    assert.equal(keywordTypo('sigal'), 'signal');
    assert.equal(keywordTypo('Signal'), 'signal');
    assert.equal(keywordTypo('machin'), 'machine');
    assert.equal(keywordTypo('rewrad'), 'reward');
    assert.equal(keywordTypo('dfe'), 'def');
    assert.equal(keywordTypo('tem'), 'term');
    assert.equal(keywordTypo('potental'), 'potential');
    assert.equal(keywordTypo('signal'), undefined);
    assert.equal(keywordTypo('foo'), undefined);
    assert.equal(keywordTypo('x'), undefined);
  });

  test('only at the start of a top-level line, before a name: states and items are untouched', () => {
    const r = parse('machine m {\n  initial prob\n  prob -> dev\n}\nreward r {\n  dev\n  prob\n}\ndef dev = 1\ndef prob = 2');
    assert.deepEqual(r.diagnostics, []);
    const s = parse('def x = 1\nsigal\n');
    assert.equal(s.diagnostics.length, 1);
    assert.doesNotMatch(s.diagnostics[0].message, /did you mean/);
  });
});
