// Trajectory of reacher-control.reward: a two-link planar arm (links 0.1 and 0.11, as in
// Reacher-v5) driven by a noisy Jacobian-transpose controller, 50 steps of dt = 0.02, two
// episodes, both truncated at the time limit. Columns are Reacher-v5's observation indices.
import { rng, uniform, normal, round, clamp, writeCsv, check } from './lib.mjs';

const L1 = 0.1;
const L2 = 0.11;
const DT = 0.02;
const HORIZON = 50;
const GAIN = 60;      // torque per metre of error, before clipping to [-1, 1]
const DAMPING = 0.6;  // torque per rad/s
const ACCEL = 45;     // rad/s^2 per unit of torque
const WMAX = 20;

const fingertip = (q1, q2) => [L1 * Math.cos(q1) + L2 * Math.cos(q1 + q2), L1 * Math.sin(q1) + L2 * Math.sin(q1 + q2)];

function episode(rand, id) {
  let target;
  do target = [uniform(rand, -0.2, 0.2), uniform(rand, -0.2, 0.2)]; while (Math.hypot(...target) >= 0.2);
  let q = [uniform(rand, -0.1, 0.1), uniform(rand, -0.1, 0.1)];
  let w = [uniform(rand, -0.005, 0.005), uniform(rand, -0.005, 0.005)];
  const rows = [];
  for (let t = 0; t <= HORIZON; t++) {
    const [fx, fy] = fingertip(q[0], q[1]);
    const e = [target[0] - fx, target[1] - fy];
    const row = {
      episode: id,
      'obs[0]': round(Math.cos(q[0])), 'obs[1]': round(Math.cos(q[1])),
      'obs[2]': round(Math.sin(q[0])), 'obs[3]': round(Math.sin(q[1])),
      'obs[4]': round(target[0]), 'obs[5]': round(target[1]),
      'obs[6]': round(w[0]), 'obs[7]': round(w[1]),
      'obs[8]': round(fx - target[0]), 'obs[9]': round(fy - target[1]),
    };
    if (t === HORIZON) {
      rows.push({ ...row, truncated: 'true' });
      break;
    }
    // Jacobian transpose of the two-link arm, times the error, minus damping, plus exploration noise.
    const s1 = Math.sin(q[0]); const c1 = Math.cos(q[0]);
    const s12 = Math.sin(q[0] + q[1]); const c12 = Math.cos(q[0] + q[1]);
    const g1 = (-L1 * s1 - L2 * s12) * e[0] + (L1 * c1 + L2 * c12) * e[1];
    const g2 = -L2 * s12 * e[0] + L2 * c12 * e[1];
    const tau = [
      clamp(GAIN * g1 - DAMPING * w[0] + 0.15 * normal(rand), -1, 1),
      clamp(GAIN * g2 - DAMPING * w[1] + 0.15 * normal(rand), -1, 1),
    ];
    rows.push({ ...row, 'action[0]': round(tau[0]), 'action[1]': round(tau[1]), truncated: 'false' });
    w = w.map((wi, i) => clamp(wi + ACCEL * tau[i] * DT, -WMAX, WMAX));
    q = q.map((qi, i) => qi + w[i] * DT);
  }
  return rows;
}

const rand = rng(3);
const rows = [...episode(rand, 0), ...episode(rand, 1)];
for (const id of [0, 1]) {
  const ep = rows.filter((r) => r.episode === id);
  const d = (r) => Math.hypot(r['obs[8]'], r['obs[9]']);
  check(d(ep.at(-1)) < d(ep[0]), `episode ${id} gets closer to the target`);
}
for (const r of rows) check(Math.abs(r['obs[8]']) <= 0.41 && Math.abs(r['obs[9]']) <= 0.41, 'difference within declared range');
const columns = ['episode', ...Array.from({ length: 10 }, (_, i) => `obs[${i}]`), 'action[0]', 'action[1]', 'truncated'];
writeCsv('reacher-control.arm.csv', columns, rows);
