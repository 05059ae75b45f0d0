// Trajectories of the Gymnasium reference specs in ../gymnasium/. CartPole and MountainCar use
// their environments' exact dynamics (a few lines each); LunarLander, HalfCheetah and Hopper
// need physics engines that are not available here, so their records are plausible, not
// simulated: values in the documented ranges, moving the way those robots move, with the
// `info` fields Gymnasium fills in.
import { rng, uniform, normal, round, clamp, writeJsonl, endEpisode, check } from './lib.mjs';

const obsOf = (values) => values.map((v) => round(v));

// CartPole-v1: Gymnasium's Euler dynamics, a uniformly random policy, seed 1.
function cartpole(rand) {
  const [g, mc, mp, l, f, tau] = [9.8, 1.0, 0.1, 0.5, 10.0, 0.02];
  let s = [0, 0, 0, 0].map(() => uniform(rand, -0.05, 0.05));
  const fallen = ([x, , th]) => Math.abs(x) > 2.4 || Math.abs(th) > (12 * 2 * Math.PI) / 360;
  const records = [];
  while (!fallen(s) && records.length < 500) {
    const action = rand() < 0.5 ? 0 : 1;
    records.push({ obs: obsOf(s), action });
    const [x, xd, th, thd] = s;
    const force = action === 1 ? f : -f;
    const [c, sn] = [Math.cos(th), Math.sin(th)];
    const temp = (force + mp * l * thd * thd * sn) / (mc + mp);
    const thacc = (g * sn - c * temp) / (l * (4 / 3 - (mp * c * c) / (mc + mp)));
    const xacc = temp - (mp * l * thacc * c) / (mc + mp);
    s = [x + tau * xd, xd + tau * xacc, th + tau * thd, thd + tau * thacc];
  }
  records.push({ obs: obsOf(s) });
  return endEpisode(records, fallen(s) ? 'terminated' : 'truncated');
}

// MountainCar-v0: Gymnasium's dynamics, the classic energy-pumping heuristic (push along the velocity).
function mountaincar(rand) {
  let [pos, vel] = [uniform(rand, -0.6, -0.4), 0];
  const records = [];
  while (!(pos >= 0.5 && vel >= 0) && records.length < 200) {
    const action = vel < 0 ? 0 : 2;
    records.push({ obs: obsOf([pos, vel]), action });
    vel = clamp(vel + (action - 1) * 0.001 + Math.cos(3 * pos) * -0.0025, -0.07, 0.07);
    pos = clamp(pos + vel, -1.2, 0.6);
    if (pos === -1.2 && vel < 0) vel = 0;
  }
  records.push({ obs: obsOf([pos, vel]) });
  return endEpisode(records, pos >= 0.5 ? 'terminated' : 'truncated');
}

// LunarLander-v3: a point-mass descent in the environment's units (50 steps a second,
// observation scaled as Gymnasium scales it). `land` fires the engines to come down slowly and
// ends at rest on the pad; otherwise the lander free-falls and crashes.
function lunarlander(rand, land) {
  const dt = 1 / 50;
  let [px, py, vx, vy, ang, av] = [uniform(rand, -0.3, 0.3), 10.4, uniform(rand, -1.5, 1.5), uniform(rand, -3, -1), 0, 0];
  const observe = (legs) => obsOf([px / 10, py / 6.667, (vx * 10) / 50, (vy * 6.667) / 50, ang, (20 * av) / 50, legs, legs]);
  const records = [];
  let resting = 0;
  for (;;) {
    const touching = py <= 0;
    if (touching && (!land || Math.abs(vy) > 2)) {
      records.push({ obs: observe(1), labels: ['crashed'] });
      return endEpisode(records, 'terminated');
    }
    if (touching && resting >= 8) {
      records.push({ obs: observe(1), labels: ['at_rest'] });
      return endEpisode(records, 'terminated');
    }
    let action = 0;
    if (land && !touching) {
      const wanted = -(0.6 + 0.35 * py);
      if (vy < wanted) action = 2;
      else if (vx > 0.4 || px > 0.4) action = 3;
      else if (vx < -0.4 || px < -0.4) action = 1;
    }
    records.push({ obs: observe(touching ? 1 : 0), action });
    if (touching) {
      resting += 1;
      [vx, vy, av] = [vx * 0.3, 0, av * 0.3];
      py = 0;
      ang *= 0.5;
      continue;
    }
    const ay = -10 + (action === 2 ? 14.5 : 0);
    const ax = action === 1 ? 1.2 : action === 3 ? -1.2 : 0;
    // The angle wobbles around upright: side-engine kicks and noise against a restoring pull.
    av += (action === 1 ? -0.03 : action === 3 ? 0.03 : 0) + (-4 * ang - 1.5 * av) * dt + 0.01 * normal(rand);
    ang += av * dt;
    vx += ax * dt;
    vy += ay * dt;
    px += vx * dt;
    py = Math.max(0, py + vy * dt);
  }
}

// HalfCheetah-v5: a trotting gait that speeds up, logged for 60 steps (a cut log, truncated).
function halfcheetah(rand) {
  const dt = 0.05;
  let x = uniform(rand, -0.1, 0.1);
  const records = [];
  let info = { x_position: round(x) };
  for (let t = 0; t <= 60; t++) {
    const phase = 2 * Math.PI * 2.2 * t * dt;
    const speed = Math.min(3, 0.08 * t) + 0.3 * normal(rand);
    const joints = [0, 1, 2, 3, 4, 5].map((j) => 0.45 * Math.sin(phase + j) + 0.03 * normal(rand));
    const jointVel = [0, 1, 2, 3, 4, 5].map((j) => 0.45 * 2 * Math.PI * 2.2 * Math.cos(phase + j) + 0.3 * normal(rand));
    const obs = obsOf([0.05 * Math.sin(phase) + 0.01 * normal(rand), 0.1 * Math.sin(phase + 0.5), ...joints,
      speed, 0.5 * Math.cos(phase), 0.8 * Math.cos(phase + 0.5), ...jointVel]);
    if (t === 60) {
      records.push({ obs, info, truncated: true });
      break;
    }
    const action = [0, 1, 2, 3, 4, 5].map((j) => round(clamp(0.8 * Math.sin(phase + j + 0.3) + 0.2 * normal(rand), -1, 1)));
    records.push({ obs, action, info });
    const before = round(x);
    x += speed * dt;
    const after = round(x);
    const xVelocity = (after - before) / dt;
    const ctrl = 0.1 * action.reduce((a, v) => a + v * v, 0);
    info = { x_position: after, x_velocity: round(xVelocity), reward_forward: round(xVelocity), reward_ctrl: round(-ctrl) };
  }
  return records;
}

// Hopper-v5: a few hops forward, then the torso pitches and sinks below 0.7: terminated.
// Each record's `info` is that of the step that reached it, as Gymnasium returns it.
function hopper(rand) {
  const dt = 0.008;
  const z0 = 1.25;
  const states = [];
  for (let t = 0; ; t++) {
    const phase = 2 * Math.PI * 12 * t * dt;
    const fall = Math.max(0, t - 45);
    const z = z0 + 0.08 * Math.sin(phase) - (0.045 * fall * fall) / 4 + 0.003 * normal(rand);
    const angle = 0.04 * Math.sin(phase + 1) - 0.004 * fall + 0.004 * normal(rand);
    const joints = [-0.3, -0.5, 0.2].map((c, j) => c * Math.sin(phase + j) + 0.02 * normal(rand));
    const vels = [1.2, 0.6 * Math.cos(phase), 0.2, 1.5, -2, 1].map((v) => clamp(v + 0.4 * normal(rand), -10, 10));
    const healthy = z >= 0.7 && Math.abs(angle) <= 0.2;
    states.push({ obs: obsOf([z, angle, ...joints, ...vels]), healthy, advance: (0.9 + 0.3 * Math.sin(phase)) * dt });
    if (!healthy) break;
  }
  const records = [];
  let x = round(uniform(rand, -0.005, 0.005));
  let info = { x_position: x, z_distance_from_origin: 0 };
  for (const [t, state] of states.entries()) {
    if (t === states.length - 1) {
      records.push({ obs: state.obs, info });
      break;
    }
    const action = [0, 1, 2].map((j) => round(clamp(0.7 * Math.sin(t + 2 * j) + 0.15 * normal(rand), -1, 1)));
    records.push({ obs: state.obs, action, info });
    const after = round(x + state.advance);
    const xVelocity = (after - x) / dt;
    const ctrl = 0.001 * action.reduce((a, v) => a + v * v, 0);
    const next = states[t + 1];
    info = { x_position: after, z_distance_from_origin: round(next.obs[0] - z0), x_velocity: round(xVelocity),
      reward_forward: round(xVelocity), reward_ctrl: round(-ctrl), reward_survive: next.healthy ? 1 : 0 };
    x = after;
  }
  check(!states.at(-1).healthy && states.slice(0, -1).every((s) => s.healthy), 'the hopper stays healthy, then falls');
  return endEpisode(records, 'terminated');
}

const cp = cartpole(rng(1));
check(cp.at(-1).terminated, 'CartPole falls');
writeJsonl('gymnasium/cartpole-v1.random.jsonl', cp);

const mc = mountaincar(rng(2));
check(mc.at(-1).terminated, 'MountainCar reaches the goal');
writeJsonl('gymnasium/mountaincar-v0.heuristic.jsonl', mc);

const landed = lunarlander(rng(3), true);
const crashed = lunarlander(rng(4), false);
check(landed.at(-1).labels[0] === 'at_rest' && crashed.at(-1).labels[0] === 'crashed', 'LunarLander lands and crashes');
writeJsonl('gymnasium/lunarlander-v3.landed.jsonl', landed);
writeJsonl('gymnasium/lunarlander-v3.crashed.jsonl', crashed);

writeJsonl('gymnasium/halfcheetah-v5.trot.jsonl', halfcheetah(rng(5)));
writeJsonl('gymnasium/hopper-v5.fall.jsonl', hopper(rng(6)));
