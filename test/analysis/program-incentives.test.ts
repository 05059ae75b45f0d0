// unbounded-reward reads what an item's value is computed from on its lowered code
// (analysis/incentives.ts: the loads below the value positions, through defs, terms, machines'
// transition rewards and `prev`). Held equal, diagnostic for diagnostic and name for name in
// order, to the checks as they read the syntax tree (tree-oracle/incentives.ts), on random specs
// with and without declared ranges and on the examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { incentiveChecks } from '../../server/src/analysis/incentives';
import { check } from '../../server/src/names/check';
import { parse } from '../../server/src/syntax/parse';
import { generateCase } from '../export/spec-gen';
import * as T from './tree-oracle/incentives';

const SPECS = 300;
const BASE = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);

test(`the incentive checks on the program equal the tree's (${SPECS} random specs from seed ${BASE}, half without ranges, the examples)`, () => {
  const texts: string[] = [];
  for (let k = 0; k < SPECS; k++) {
    texts.push(generateCase(BASE + k).spec);
    // Ranges dropped: every numeric signal and action is then unbounded, and named.
    texts.push(generateCase(BASE + k).spec.replace(/ in \[[^\]]*\]/g, ''));
  }
  for (const dir of ['examples', '../shared/reward_machines']) {
    for (const f of readdirSync(dir, { recursive: true }) as string[]) if (f.endsWith('.reward')) texts.push(readFileSync(join(dir, f), 'utf8'));
  }
  let unbounded = 0;
  for (const text of texts) {
    const tree = parse(text);
    const { model, diagnostics } = check(tree.file);
    if ([...tree.diagnostics, ...diagnostics].some((d) => d.severity === 'error')) continue;
    const ours = incentiveChecks(model);
    assert.deepEqual(ours, T.incentiveChecks(model), text);
    unbounded += ours.filter((d) => d.code === 'unbounded-reward').length;
  }
  assert.ok(unbounded > SPECS, `${unbounded} unbounded-reward diagnostics compared`);
});
