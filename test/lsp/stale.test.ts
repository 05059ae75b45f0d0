// While the current version waits for its analysis, completion, signature help, hover and
// semantic tokens answer from the last one if only an expression changed
// (server/src/lsp/stale.ts): what they answer is what the fresh analysis would answer, except
// what they leave out (hover on what the edit reaches, the tokens of the edited region).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { LineIndex } from '../../server/src/base/line-index';
import { widen, type EditRegion } from '../../server/src/lsp/edit-region';
import { FEATURES, type FeatureContext } from '../../server/src/lsp/features';
import { commentsOf, completionFacts, namesOf, outlineOfFacts, sourceOfFacts } from '../../server/src/lsp/completion-facts';
import { completion } from '../../server/src/lsp/completion';
import { expressionOnly, outlineOf, staleAnswer, staleCompletion } from '../../server/src/lsp/stale';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import type { DocumentAnalysis } from '../../server/src/lsp/workspace-analysis';
import { Rng } from '../export/spec-gen';

const ctx: FeatureContext = { settings: DEFAULT_SETTINGS, snippets: true, fields: async () => ({ fields: [] }), pages: (code) => `https://example.test/${code}` };
const analysed = (text: string, version: number): DocumentAnalysis => ({ uri: 'file:///t.reward', version, analysis: analyze(text), lines: new LineIndex(text) });

test('edit regions: positions outside map between the two texts', () => {
  const rng = new Rng(11);
  for (let round = 0; round < 200; round++) {
    const old = Array.from({ length: rng.int(0, 30) }, () => String.fromCharCode(rng.int(97, 122))).join('');
    let now = old;
    let r: EditRegion | undefined;
    for (let i = 0, n = rng.int(1, 4); i < n; i++) {
      const start = rng.int(0, now.length);
      const end = rng.int(start, Math.min(now.length, start + 5));
      const text = 'XYZ'.slice(0, rng.int(0, 3));
      r = widen(r, { start, end, text });
      now = now.slice(0, start) + text + now.slice(end);
    }
    assert.equal(now.length - old.length, r!.endNew - r!.endOld);
    assert.equal(now.slice(0, r!.start), old.slice(0, r!.start));
    assert.equal(now.slice(r!.endNew), old.slice(r!.endOld));
  }
});

test('answers from the last analysis after expression edits equal the fresh answers where they answer', async () => {
  const rng = new Rng(Number(process.env.FUZZ_SEED ?? 7));
  let answered = 0;
  for (const example of readdirSync('examples').filter((f) => f.endsWith('.reward'))) {
    answered += await staleMatchesFresh(readFileSync(join('examples', example), 'utf8'), rng);
  }
  assert.ok(answered > 200, `${answered} answers from the last analysis`);
});

async function staleMatchesFresh(text: string, rng: Rng): Promise<number> {
  const last = analysed(text, 1);
  // What the analysis thread of a large document sends, through a thread boundary (plain data).
  const sent = completionFacts(last, undefined);
  const facts = structuredClone(sent.facts);
  const names = namesOf(facts.names!);
  const comments = commentsOf(facts);
  // The same names again are not sent again.
  assert.equal(completionFacts(analysed(text, 2), sent.names).facts.names, undefined);
  assert.ok(completionFacts(analysed(`${text}\nprop zz_new\n`, 2), sent.names).facts.names?.list.endsWith('\nzz_new'), 'a name declared: the names are sent');
  for (let k = 0; k < 20; k++) {
    const position = last.lines.position(rng.int(0, text.length));
    const here = await completion(sourceOfFacts(facts, comments, names, last.lines), last.lines.offset(position), ctx);
    assert.deepEqual(here, await FEATURES.completion.run(last, { position } as never, ctx), `completion from the facts at ${position.line}:${position.character}`);
  }
  // Expression edits: a number changed, an operand appended.
  const numbers = [...text.matchAll(/(?<=[ (*-])\d+(\.\d+)?(?=[ )\n])/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length }));
  let answered = 0;
  for (let i = 0; i < 12 && numbers.length; i++) {
    const at = rng.pick(numbers);
    const edit = { ...at, text: rng.chance(0.5) ? String(rng.int(0, 9)) : `${text.slice(at.start, at.end)} + 1` };
    const now = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    const region = widen(undefined, edit);
    assert.equal(expressionOnly(outlineOfFacts(facts), region, now), expressionOnly(outlineOf(last), region, now), 'the facts decide as the tree');
    if (!expressionOnly(outlineOf(last), region, now)) continue;
    const fresh = analysed(now, 2);
    const lines = new LineIndex(now);
    for (let k = 0; k < 20; k++) {
      const offset = rng.int(0, now.length);
      const position = lines.position(offset);
      for (const name of ['completion', 'signatureHelp', 'hover'] as const) {
        const stale = await staleAnswer(name, last, region, now, 2, { position }, ctx);
        if (stale === undefined) continue;
        if (name === 'completion') assert.deepEqual(await staleCompletion(names, comments, region, now, lines, { position }, ctx), stale, 'completion from the facts');
        answered++;
        const expected = await FEATURES[name].run(fresh, { position } as never, ctx);
        assert.deepEqual(stale, expected, `${name} at ${position.line}:${position.character} after ${JSON.stringify(edit)}`);
      }
    }
    const stale = staleAnswer('semanticTokens', last, region, now, 2, {}, ctx) as number[];
    const expected = FEATURES.semanticTokens.run(fresh, {} as never, ctx) as number[];
    const decode = (data: number[]) => {
      const out: string[] = [];
      let line = 0;
      let char = 0;
      for (let j = 0; j < data.length; j += 5) {
        line += data[j];
        char = data[j] === 0 ? char + data[j + 1] : data[j + 1];
        out.push(`${line}:${char}:${data.slice(j + 2, j + 5).join(',')}`);
      }
      return out;
    };
    const all = new Set(decode(expected));
    const edited = lines.position(edit.start).line;
    for (const t of decode(stale)) assert.ok(all.has(t), `token ${t} is not in the fresh tokens`);
    assert.ok(decode(expected).filter((t) => Number(t.split(':')[0]) !== edited).every((t) => decode(stale).includes(t)), 'only the edited line may lose tokens');
  }
  return answered;
}

test('a declaration keyword, a declared name, a line break or a bracket is not an expression edit', () => {
  const text = 'signal x: number = obs[0]\ndef d = x + 1\nreward r {\n  d\n}\n';
  const last = analysed(text, 1);
  const edit = (start: number, end: number, t: string) => {
    const now = text.slice(0, start) + t + text.slice(end);
    return expressionOnly(outlineOf(last), widen(undefined, { start, end, text: t }), now);
  };
  const plus = text.indexOf('+ 1');
  assert.equal(edit(plus + 2, plus + 3, '2'), true);
  assert.equal(edit(plus + 2, plus + 3, '(2'), false);
  assert.equal(edit(plus + 2, plus + 3, '2\n'), false);
  assert.equal(edit(text.indexOf('def d') + 4, text.indexOf('def d') + 5, 'e'), false);
  assert.equal(edit(text.indexOf('def d'), text.indexOf('def d') + 1, 'x'), false);
});
