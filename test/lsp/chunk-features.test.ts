// The outline and the semantic tokens of a version parsed by chunk keep each unchanged chunk's
// part (server/src/lsp/symbols.ts, semantic-tokens.ts): after any sequence of edits they equal
// those of a fresh analysis of the text, computed whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/base/line-index';
import { analyzeIncremental, type IncrementalAnalysis } from '../../server/src/lsp/incremental-analysis';
import { encode, semanticTokens, semanticTokensData } from '../../server/src/lsp/semantic-tokens';
import { documentSymbols } from '../../server/src/lsp/symbols';
import type { DocumentAnalysis } from '../../server/src/lsp/workspace-analysis';
import { largeSpec } from '../../bench/src/gen/large-spec';
import { Rng } from '../export/spec-gen';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const TEXTS = [...readdirSync('examples').filter((f) => f.endsWith('.reward')).map((f) => readFileSync(join('examples', f), 'utf8')), largeSpec(300)];
const SNIPPETS = ['(', ')', '{', '}', '/*', '*/', '//', '\n', ' ', 'x', '1', ' + 1', 'signal ', 'def d = ', 'reward r {\n', '  task ', '\n}\n', ' when ', 'machine m {\n', 'prop ', 'F '];

const chunked = (inc: IncrementalAnalysis, text: string): DocumentAnalysis => ({
  uri: 'file:///t.reward', version: 1, analysis: inc.analysis, lines: new LineIndex(text), ...(inc.parse.byChunks ? { chunks: inc.parse.chunks } : {}),
});
const whole = (text: string): DocumentAnalysis => ({ uri: 'file:///t.reward', version: 1, analysis: analyze(text), lines: new LineIndex(text) });

test(`symbols and semantic tokens by chunk equal the whole file's after random edits (seed ${SEED})`, { timeout: 300_000 }, () => {
  const rng = new Rng(SEED);
  let versions = 0;
  let byChunks = 0;
  for (const original of TEXTS) {
    let text = original;
    let inc = analyzeIncremental(text);
    const step = (next: string, what: string) => {
      text = next;
      inc = analyzeIncremental(text, inc);
      const a = chunked(inc, text);
      versions++;
      if (a.chunks) byChunks++;
      const fresh = whole(text);
      assert.deepEqual(semanticTokensData(a), encode(fresh, semanticTokens(fresh)), `semantic tokens after ${what} (seed ${SEED})`);
      assert.deepEqual(documentSymbols(a), documentSymbols(fresh), `symbols after ${what} (seed ${SEED})`);
    };
    for (let i = 0; i < 25; i++) {
      // A random edit, then (mostly) its undo, as a user types and fixes.
      const before = text;
      const at = rng.int(0, text.length);
      const remove = rng.chance(0.4) ? rng.int(1, 8) : 0;
      step(text.slice(0, at) + (remove && rng.chance(0.5) ? '' : rng.pick(SNIPPETS)) + text.slice(Math.min(text.length, at + remove)), `edit ${i}`);
      if (rng.chance(0.7)) step(before, `undo of edit ${i}`);
    }
  }
  assert.ok(byChunks > versions / 4, `${byChunks} of ${versions} versions parsed by chunk`);
});

test('a keystroke in one declaration of a large spec keeps every other chunk\'s symbols and tokens', () => {
  const text = largeSpec(2000);
  const first = analyzeIncremental(text);
  const before = chunked(first, text);
  const symbols = documentSymbols(before);
  semanticTokensData(before);
  const at = text.indexOf('def dist40 =') + 'def dist40 = abs(x40 - '.length;
  // A character inserted: every later declaration moves by one, no line moves.
  const next = text.slice(0, at) + '1' + text.slice(at);
  const after = chunked(analyzeIncremental(next, first), next);
  const again = documentSymbols(after);
  const kept = again.filter((s, i) => s === symbols[i]).length;
  assert.equal(kept, symbols.length - 1, 'only the edited declaration has a new symbol');
  const fresh = whole(next);
  assert.deepEqual(semanticTokensData(after), encode(fresh, semanticTokens(fresh)));
});
