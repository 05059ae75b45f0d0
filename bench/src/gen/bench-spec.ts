// The benchmark spec of issue 8, item 1: a reward machine, an `ltl` item, potential shaping and
// four weighted auxiliaries, over four state signals, two actions and one external label.
// baseline/hand-loop.ts computes the same reward by hand; keep the two in step.

export const BENCH_SPEC = `// Benchmark spec (bench/src/gen/bench-spec.ts): fetch the key, then reach the goal, in a
// 10 x 10 arena with hazards reported by the environment's labelling function.
discount 0.99
horizon 1000

signal x: number in [0, 10] = obs[0]
signal y: number in [0, 10] = obs[1]
signal vx: number in [-1, 1] = obs[2]
signal vy: number in [-1, 1] = obs[3]
action torque: number in [-1, 1] = action[0]
action thrust: number in [-1, 1] = action[1]

def dist = abs(x - 8) + abs(y - 8)
prop at_key = abs(x - 2) + abs(y - 6) < 1
prop at_goal = dist < 1
prop fast = vx * vx + vy * vy > 1.5
prop hazard

term ctrl = torque * torque + thrust * thrust
term speed = sqrt(vx' * vx' + vy' * vy')
potential phi = -dist

machine task {
  initial start
  terminal done, crashed
  start -> has_key when at_key
  has_key -> done when at_goal reward 10
  start, has_key -> crashed when hazard reward -5
}

ltl careful = !fast U at_key   accept 1 reject -1

reward main {
  task
  careful
  shaping phi
  -0.1 * ctrl
  0.05 * speed
  0.2 * (clamp(vx, -0.5, 0.5))
  -0.01
}
`;

/** Positions of the record fields the spec reads (the layout of the decoded columns). */
export const FIELDS = ['x', 'y', 'vx', 'vy', 'torque', 'thrust', 'hazard'] as const;
