// A transition reward written as arithmetic over literals is a constant (analysis/reward-bound.ts
// `constantValue`, read by the cycle check, the Markov-machine check and the classes), computed
// from its lowered code. Held equal, bit for bit, to the fold over the syntax tree it replaced
// (tree-oracle/reward-bound.ts) on every transition reward of random specs and the examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constantValue } from '../../server/src/analysis/reward-bound';
import { check } from '../../server/src/names/check';
import { parse } from '../../server/src/syntax/parse';
import { generateCase } from '../export/spec-gen';
import * as T from './tree-oracle/reward-bound';

const SPECS = 500;
const BASE = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

test(`transition rewards fold to the same constants on the program as on the tree (${SPECS} random specs from seed ${BASE}, the examples)`, () => {
  const texts = Array.from({ length: SPECS }, (_, k) => generateCase(BASE + k).spec);
  for (const dir of ['examples', '../shared/reward_machines']) {
    for (const f of readdirSync(dir, { recursive: true }) as string[]) if (f.endsWith('.reward')) texts.push(readFileSync(join(dir, f), 'utf8'));
  }
  // Beside the generated ones, the forms that must not fold: names, calls, powers, division by 0.
  texts.push('signal x: number\ndef k = 3\nmachine m {\n  initial a\n  a -> a when x > 0 reward k\n  a -> a when x > 1 reward 2 ^ 2\n  a -> a when x > 2 reward 1 / 0\n  a -> a when x > 3 reward -(2 * (3 - 0.5)) / 4\n  a -> a when x > 4 reward abs(-1)\n  a -> a when x > 5 reward pi\n}\nreward r { m }\n');
  let constants = 0;
  let rewards = 0;
  for (const text of texts) {
    const tree = parse(text);
    const { model, diagnostics } = check(tree.file);
    if ([...tree.diagnostics, ...diagnostics].some((d) => d.severity === 'error')) continue;
    for (const m of model.machines) {
      for (const t of m.transitions) {
        const ours = constantValue(model, t.reward);
        const theirs = T.constantValue(t.reward);
        assert.ok(Object.is(ours, theirs), `${ours} against ${theirs}: ${t.reward ? text.slice(t.reward.span.start, t.reward.span.end) : '(none)'}\n${text}`);
        rewards++;
        if (ours !== undefined) constants++;
      }
    }
  }
  assert.ok(constants > 100 && rewards > constants, `${constants} constants of ${rewards} rewards`);
});
