import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { distance, lcg, runCompare, writeFiles } from './run-compare';

// An independent EPIC, written in Python with numpy (test/compare/epic_reference.py), computes
// the canonicalisation exactly over the empirical distributions of a small world; the product
// samples them and must agree within sampling tolerance, machine rewards on product states
// included (a machine steps from the drawn state's machine state on the label of (A, S')).

const spec = `
discount 0.9
signal x: int in [0, 5]
action u: number
prop at0 = x == 0
prop at5 = x == 5
potential phi = -abs(x - 5)
machine m {
  initial a
  terminal done
  a -> b when at0
  b -> done when at5 reward 1
}
reward goal { (x' >= 5 ? 1 : 0) }
reward shaped { (x' >= 5 ? 1 : 0); -0.01; shaping phi }
reward near { (-abs(x' - 3)) }
reward push { (x * u) }
reward task { m }
reward mixed { m; 0.2 * (x * u); -0.1 * (abs(x' - 3)) }
`;

/** Random walks on 0..5 from x = 1: terminated on reaching 5, else truncated after 16 steps. */
function world(): object[] {
  const rnd = lcg(5);
  const out: object[] = [];
  for (let e = 0; e < 16; e++) {
    let x = 1;
    for (let t = 0; ; t++) {
      if (x === 5) {
        out.push({ episode: e, x, terminated: true });
        break;
      }
      if (t === 16) {
        out.push({ episode: e, x, truncated: true });
        break;
      }
      const u = rnd() < 0.55 ? 1 : rnd() < 0.5 ? -1 : 0;
      out.push({ episode: e, x, action: u });
      x = Math.max(0, Math.min(5, x + u));
    }
  }
  return out;
}

test('the EPIC distances agree with an independent implementation that takes exact expectations', async () => {
  const records = world();
  const { paths } = writeFiles({ 'world.jsonl': records });
  const py = spawnSync('/usr/bin/python3', [join(import.meta.dirname, 'epic_reference.py'), paths[0], '0.9'], { encoding: 'utf8' });
  assert.equal(py.status, 0, py.stderr);
  const reference = JSON.parse(py.stdout) as Record<string, number>;
  const { result } = await runCompare(spec, { 'world.jsonl': records }, { samples: 8192, seed: 1 });
  assert.deepEqual(result.problems, []);
  for (const [pair, expected] of Object.entries(reference)) {
    const [a, b] = pair.split('|');
    const d = distance(result, a, b)!;
    if (process.env.SHOW) console.log(pair, d, expected);
    assert.ok(Math.abs(d - expected) < 0.005, `${pair}: product ${d}, reference ${expected}`);
  }
  // Exact in both: shaping and a constant.
  assert.ok(reference['goal|shaped'] < 1e-6 && distance(result, 'goal', 'shaped')! < 1e-6);
  // The world is small enough for the pairs to be far apart where they should be.
  assert.ok(reference['goal|push'] > 0.3);
});
