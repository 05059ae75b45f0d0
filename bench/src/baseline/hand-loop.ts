// The practical limit for the benchmark spec (bench-spec.ts): its reward written by hand as one
// loop over typed arrays, with the machine, the formula's monitor and the shaping inlined.
// Sums are formed in the evaluator's order (items in source order) so the numbers match exactly.
import type { Columns } from './columns';

const GAMMA = 0.99;
// Machine states and formula verdicts, as small integers.
const START = 0, HAS_KEY = 1, DONE = 2, CRASHED = 3;
const PENDING = 0, ACCEPTED = 1, REJECTED = -1;

/** Writes r_t of every step into `out` (length c.steps); returns the sum of the rewards. */
export function handLoop(c: Columns, out: Float64Array): number {
  const { x, y, vx, vy, torque, thrust, hazard } = c.values;
  let k = 0;
  let total = 0;
  for (let e = 0; e + 1 < c.start.length; e++) {
    const first = c.start[e];
    const last = c.start[e + 1] - 1;
    const terminatedEpisode = c.terminated[e] === 1;
    let u = START;
    let verdict = PENDING;
    for (let t = first; t < last; t++) {
      const n = t + 1;
      const terminated = terminatedEpisode && n === last;
      // Labels of step t, read on the reached state s_{t+1}.
      const atKey = Math.abs(x[n] - 2) + Math.abs(y[n] - 6) < 1;
      const atGoal = Math.abs(x[n] - 8) + Math.abs(y[n] - 8) < 1;
      const fast = vx[n] * vx[n] + vy[n] * vy[n] > 1.5;
      const hz = hazard[n] !== 0;

      let machine = 0;
      if (u === START) {
        if (atKey) u = HAS_KEY;
        else if (hz) { u = CRASHED; machine = -5; }
      } else if (u === HAS_KEY) {
        if (atGoal) { u = DONE; machine = 10; }
        else if (hz) { u = CRASHED; machine = -5; }
      }

      let ltl = 0;
      if (verdict === PENDING) {
        if (atKey) verdict = ACCEPTED;
        else if (fast) verdict = REJECTED;
        else if (terminated) verdict = REJECTED; // the whole finite trace never reached the key
        if (verdict !== PENDING) ltl = verdict === ACCEPTED ? 1 : -1;
      }

      const phiNext = terminated ? 0 : -(Math.abs(x[n] - 8) + Math.abs(y[n] - 8));
      const shaping = GAMMA * phiNext - -(Math.abs(x[t] - 8) + Math.abs(y[t] - 8));
      const ctrl = -0.1 * (torque[t] * torque[t] + thrust[t] * thrust[t]);
      const speed = 0.05 * Math.sqrt(vx[n] * vx[n] + vy[n] * vy[n]);
      const lean = 0.2 * Math.min(Math.max(vx[t], -0.5), 0.5);
      const r = 0 + 1 * machine + 1 * ltl + shaping + ctrl + speed + lean + 1 * -0.01;
      out[k++] = r;
      total += r;
    }
  }
  return total;
}
