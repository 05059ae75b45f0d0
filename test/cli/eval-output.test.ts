import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { stepColumns, stepJsonWriter, stepObject } from '../../server/src/eval/report';

// The CLI writes step objects without building them (eval/report.ts, stepJsonWriter): the
// text must be exactly what JSON.stringify of the step object of section 8 prints.

test('the step JSON writer prints exactly JSON.stringify(stepObject) on every example', async () => {
  const dir = 'examples';
  let compared = 0;
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.reward'))) {
    const stem = name.slice(0, -'.reward'.length);
    const files = readdirSync(dir).filter((f) => f.startsWith(stem + '.') && /\.(jsonl|csv|json)$/.test(f)).map((f) => join(dir, f));
    if (files.length === 0) continue;
    const a = analyze(readFileSync(join(dir, name), 'utf8'));
    if (a.diagnostics.some((d) => d.severity === 'error')) continue;
    for (const reward of a.model.rewards) {
      const program = compileProgram(a.model, reward.name.text);
      const write = stepJsonWriter(program);
      await evaluateFiles(program, files, {
        step(e, r) {
          assert.equal(write(e, r), JSON.stringify(stepObject(e, r)), `${name} ${reward.name.text}`);
          compared++;
        },
        episode() {},
        problem() {},
      });
    }
  }
  assert.ok(compared > 50, `${compared} steps compared`);
});

test('CSV and table columns are unique and named by kind: a machine item and its state are two columns', () => {
  const a = analyze('prop k\nmachine keydoor {\n  initial u0\n  terminal u1\n  u0 -> u1 when k reward 1\n}\nltl f = F k\nreward main {\n  keydoor\n  f\n}\n');
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error'), []);
  const columns = stepColumns(compileProgram(a.model));
  assert.deepEqual(columns, ['keydoor', 'f', 'machine:keydoor', 'ltl:f', 'prop:k']);
  assert.equal(new Set(columns).size, columns.length);
});
