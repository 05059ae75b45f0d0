// Fuzzing of the evaluator and of the formatter's faithfulness. The formatter keeps what a spec
// computes: the examples and valid random specs, re-spaced at random, evaluate to the same
// steps, episodes and problems before and after formatting. Byte-level mutations of the
// trajectories never make the evaluator throw or stall, and every record of a JSONL file is
// either read or counted as skipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { format } from '../../server/src/syntax/print';
import { generateCase } from '../export/spec-gen';
import { report, runs, seed, timedAsync } from './budget';
import { EXAMPLES } from './examples';
import { accounted, evaluateText, jsonlRecords, modKeySpacing } from './evaluate';
import { mutateText, mutationsArb } from './mutate';

const withExamples = EXAMPLES.filter((e) => e.trajectories.length > 0);

/** Random extra spaces, tabs, trailing blanks and blank lines: the same spec, written badly. */
const respacingArb = fc.tuple(fc.nat(), fc.nat());
function respace(text: string, [a, b]: [number, number]): string {
  let k = a;
  const pick = <T>(xs: readonly T[]): T => xs[(k = (k * 1103515245 + 12345 + b) % 2147483647) % xs.length];
  return text
    .split('\n')
    .map((line) => line.replace(/ /g, () => pick([' ', '  ', '\t', ' \t ', ' '])) + pick(['', '', ' ', '\t']))
    .map((line, i, all) => (i < all.length - 1 && pick([false, false, false, true]) ? line + '\n' : line))
    .join('\n');
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'rewardsmith-fuzz-'));
}

test('every example evaluates the same before and after formatting', async () => {
  for (const e of withExamples) {
    const f = format(e.text);
    const before = await evaluateText(e.text, e.trajectories);
    const after = await evaluateText(f.text, e.trajectories);
    assert.ok(before.steps.length > 0, `${e.spec} has steps`);
    assert.deepEqual(modKeySpacing(after), modKeySpacing(before), e.spec);
  }
});

test(`re-spaced examples: ${runs(40)} inputs, formatted and evaluated the same`, async () => {
  let inputs = 0;
  await fc.assert(
    fc.asyncProperty(fc.nat(withExamples.length - 1), respacingArb, async (i, r) => {
      inputs++;
      const e = withExamples[i];
      const messy = respace(e.text, r);
      const f = format(messy);
      assert.ok(f.changed, 'the formatter tidies the re-spaced text');
      assert.equal(format(f.text).text, f.text, 'idempotent');
      assert.deepEqual(modKeySpacing(await evaluateText(f.text, e.trajectories)), modKeySpacing(await evaluateText(e.text, e.trajectories)));
    }),
    { numRuns: runs(40), seed: seed(), endOnFailure: true },
  );
  report({ target: 'formatter: re-spaced examples, evaluated before and after', inputs });
});

test(`valid random specs: ${runs(60)} inputs, formatted and evaluated the same on their trajectories`, async () => {
  const dir = scratch();
  let inputs = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), respacingArb, async (s, r) => {
        const c = generateCase(s);
        const messy = respace(c.spec, r);
        const f = format(messy);
        const files = c.files.map((file, i) => {
          const p = join(dir, `${s}-${i}${extname(file.name)}`);
          writeFileSync(p, file.text);
          return p;
        });
        let before;
        try {
          before = await evaluateText(c.spec, files);
        } catch (e) {
          // A spec the checker rejects (shaping that does not converge) is not evaluated at all.
          assert.match(String(e), /the spec has errors/);
          return;
        }
        inputs++;
        assert.deepEqual(modKeySpacing(await timedAsync('evaluation', () => evaluateText(f.text, files))), modKeySpacing(before));
      }),
      { numRuns: runs(60), seed: seed(), endOnFailure: true },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report({ target: 'formatter: valid random specs, evaluated before and after', inputs });
});

test(`mutated trajectories: ${runs(300)} inputs, no throw, under a second each, no record lost`, async () => {
  const dir = scratch();
  const sources = withExamples.flatMap((e) => e.trajectories.map((t) => ({ spec: e.text, file: t })));
  const texts = sources.map((s) => readFileSync(s.file, 'utf8'));
  let inputs = 0;
  let records = 0;
  let total = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), mutationsArb, async (i, ms) => {
        inputs++;
        const text = mutateText(texts[i], ms);
        const file = join(dir, `t${inputs}${extname(sources[i].file)}`);
        writeFileSync(file, text);
        const out = await timedAsync('evaluation', () => evaluateText(sources[i].spec, [file]));
        for (const p of out.problems) {
          assert.equal(p.file, file);
          assert.ok(Number.isInteger(p.line) && p.line >= 1, 'a 1-based line');
          assert.ok(p.message.length > 0 && !/undefined|\[object /.test(p.message), p.message);
        }
        if (file.endsWith('.jsonl')) {
          const n = jsonlRecords(text);
          records += n;
          total += accounted(out);
          assert.equal(accounted(out), n, 'records read + skipped = records in the file');
        }
      }),
      { numRuns: runs(300), seed: seed(), endOnFailure: true },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report({ target: 'evaluator: mutated example trajectories', inputs, records, accounted: total });
});

test(`mutated trajectories of valid random specs (JSONL, CSV, episode JSON): ${runs(150)} inputs, no throw, no record lost`, async () => {
  const dir = scratch();
  let inputs = 0;
  let records = 0;
  let total = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 30 }), mutationsArb, async (s, ms) => {
        const c = generateCase(s);
        const files = c.files.map((f, i) => {
          const p = join(dir, `${s}-${i}${extname(f.name)}`);
          writeFileSync(p, mutateText(f.text, ms));
          return p;
        });
        let out;
        try {
          out = await timedAsync('evaluation', () => evaluateText(c.spec, files));
        } catch (e) {
          assert.match(String(e), /the spec has errors/);
          return;
        }
        inputs++;
        const jsonl = files.filter((f) => f.endsWith('.jsonl'));
        if (jsonl.length === files.length) {
          const n = jsonl.reduce((k, f) => k + jsonlRecords(readFileSync(f, 'utf8')), 0);
          records += n;
          total += accounted(out);
          assert.equal(accounted(out), n, 'records read + skipped = records in the files');
        }
      }),
      { numRuns: runs(150), seed: seed(), endOnFailure: true },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report({ target: 'evaluator: mutated trajectories of valid random specs', inputs, records, accounted: total });
});
