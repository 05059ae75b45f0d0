import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../server/src/analysis/analyze';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { stepColumns, stepJsonWriter, stepObject } from '../../server/src/eval/report';
import type { StepView } from '../../server/src/eval/runner';
import { stepJsonBytes, writeNumber, type ByteOut } from '../../server/src/eval/step-bytes';

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
      const bytes = stepJsonBytes(program);
      const out = byteOut();
      await evaluateFiles(program, files, {
        step(e, r) {
          const want = JSON.stringify(stepObject(e, r));
          assert.equal(write(e, r), want, `${name} ${reward.name.text}`);
          out.at = 0;
          bytes(e, r, out, -1, 10);
          assert.equal(Buffer.from(out.buf.subarray(0, out.at)).toString('utf8'), want + '\n', `${name} ${reward.name.text}: bytes`);
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

/** A ByteOut over one growing array. */
function byteOut(): ByteOut {
  const out: ByteOut = {
    buf: new Uint8Array(16),
    at: 0,
    reserve(n) {
      if (out.at + n <= out.buf.length) return;
      const bigger = new Uint8Array(2 * (out.at + n));
      bigger.set(out.buf.subarray(0, out.at));
      out.buf = bigger;
    },
  };
  return out;
}

test('step lines as bytes (eval/step-bytes.ts) are JSON.stringify of the step object for any number, key and state', () => {
  const a = analyze('signal x: number\nprop p\nmachine m_1 {\n  initial u0\n  terminal u1\n  u0 -> u1 when p reward 1\n}\nltl f = F p\nreward main {\n  m_1\n  f\n  0.5\n  0.2 * (clamp(x, -1, 1))\n  x / 3\n}\n');
  assert.deepEqual(a.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const program = compileProgram(a.model);
  const n = program.keys.length;
  const values = [0, -0, 1, -1, 7, 10, 99, 100, 999999999, 1e9, -1e9, 2 ** 31, -(2 ** 31), 2 ** 53, 1e21, 1e-7, 1e-6, 123.456, -0.1, 0.1 + 0.2, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, NaN, Infinity, -Infinity, Math.PI, 1 / 3];
  const write = stepJsonBytes(program);
  const out = byteOut();
  let k = 0;
  // Components change every third step, so that repeated values (copied bytes) are written too.
  let components = new Float64Array(n);
  for (let step = 0; step < 200; step++) {
    if (step % 3 === 0) components = Float64Array.from({ length: n }, () => values[k++ % values.length]);
    const r = {
      program,
      t: step + 1,
      reward: values[(7 * step) % values.length],
      components,
      machineState: Int32Array.of(step % 2),
      ltlStatus: Int8Array.of((step % 3) - 1),
      props: Uint8Array.of(step % 2),
      ltlVerdict: (i: number) => (['rejected', 'pending', 'accepted'] as const)[[-1, 0, 1].indexOf((step % 3) - 1)],
    } as unknown as StepView;
    const want = JSON.stringify(stepObject(step * 1000, r));
    out.at = 0;
    write(step * 1000, r, out, step === 0 ? -1 : 44, -1);
    assert.equal(Buffer.from(out.buf.subarray(0, out.at)).toString('utf8'), (step === 0 ? '' : ',') + want, `step ${step}`);
  }
  for (const x of values) {
    const b = new Uint8Array(32);
    assert.equal(Buffer.from(b.subarray(0, writeNumber(b, 0, x))).toString('latin1'), JSON.stringify(x) ?? 'null', String(x));
  }
});
