// Incremental parsing by declaration (server/src/syntax/incremental.ts): after any sequence of
// edits, the tree and the syntax errors equal those of parsing the whole text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { chunkStarts, parseIncremental, type IncrementalParse } from '../../server/src/syntax/incremental';
import { parse } from '../../server/src/syntax/parse';
import { Rng } from '../export/spec-gen';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const EXAMPLES = readdirSync('examples').filter((f) => f.endsWith('.reward')).map((f) => readFileSync(join('examples', f), 'utf8'));
const SNIPPETS = ['(', ')', '{', '}', '[', ']', '/*', '*/', '//', '/**', "'", '\n', '\r\n', ';', ' ', 'x', '1', 'signal ', 'def d = ', 'machine m {\n', 'reward r {\n', '  task ', 'ltl l = F ', 'prop p', '\n}\n', '-> ', ' when ', '/// doc\n'];

function assertSame(inc: IncrementalParse, text: string, what: string): void {
  const full = parse(text);
  if (isDeepStrictEqual(inc.result, full)) return;
  // Say where, briefly: the first declaration or diagnostic that differs.
  const d = inc.result.file.declarations.findIndex((x, i) => !isDeepStrictEqual(x, full.file.declarations[i]));
  const e = inc.result.diagnostics.findIndex((x, i) => !isDeepStrictEqual(x, full.diagnostics[i]));
  assert.fail(`${what}: declaration ${d} (${JSON.stringify(inc.result.file.declarations[d])?.slice(0, 200)} vs ${JSON.stringify(full.file.declarations[d])?.slice(0, 200)}), diagnostic ${e} (${JSON.stringify(inc.result.diagnostics[e])} vs ${JSON.stringify(full.diagnostics[e])}), counts ${inc.result.file.declarations.length}/${full.file.declarations.length} ${inc.result.diagnostics.length}/${full.diagnostics.length}\n${JSON.stringify(text)}`);
}

test('chunks start at declaration lines, with the comments above them, never inside a comment', () => {
  const text = 'discount 0.9\n\n/// doc of x\nsignal x: number = obs[0]\ndef a = 1 /* a comment\nsignal inside */\n/* one\n   more */\nprop p\n';
  const starts = chunkStarts(text);
  assert.deepEqual(starts.map((s) => text.slice(s, s + 12)), ['discount 0.9', '\n/// doc of ', 'def a = 1 /*', '/* one\n   mo']);
});

test(`parsing by declaration equals parsing the whole text, after random edits (seed ${SEED})`, () => {
  const rng = new Rng(SEED);
  for (const example of EXAMPLES) {
    let text = example;
    let inc = parseIncremental(text);
    assertSame(inc, text, 'the example');
    for (let i = 0; i < 60; i++) {
      const at = rng.int(0, text.length);
      const remove = rng.chance(0.4) ? rng.int(1, 12) : 0;
      const insert = remove && rng.chance(0.5) ? '' : rng.pick(SNIPPETS);
      text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + remove));
      inc = parseIncremental(text, inc);
      assertSame(inc, text, `edit ${i} (seed ${SEED})`);
    }
  }
});

test('an edit inside one declaration re-parses only its chunk', () => {
  const text = EXAMPLES[0];
  const inc = parseIncremental(text);
  const at = text.indexOf('\n', text.length >> 1);
  const next = parseIncremental(`${text.slice(0, at)} ${text.slice(at)}`, inc);
  assert.equal(next.reparsed.size, 1);
  assert.ok(inc.chunks.length > 5);
});
