// Large specs for the parser, analysis and editing benchmarks: one header, then as many
// independent "modules" as the line count asks (signals, defs, props, terms, a potential, a
// machine, a formula and a reward per module, with comments), all valid, each reading only its
// own declarations, as a big real spec would be organised.

const HEADER = ['// Generated benchmark spec (bench/src/gen/large-spec.ts).', 'discount 0.99', 'horizon 1000', ''];

/** The lines of module i (the same number of lines for every i). */
export function moduleLines(i: number): string[] {
  const k = (i % 7) + 1;
  return [
    `// Module ${i}: reach target ${i} without touching hazard ${i}.`,
    `signal x${i}: number in [0, 10] = obs.m${i}[0]`,
    `signal y${i}: number in [0, 10] = obs.m${i}[1]`,
    `action u${i}: number in [-1, 1] = action[${i % 8}]`,
    `/** Manhattan distance to target ${i}. */`,
    `def dist${i} = abs(x${i} - ${k}) + abs(y${i} - ${10 - k})`,
    `prop near${i} = dist${i} < 1`,
    `prop hazard${i}`,
    `term ctrl${i} = u${i} * u${i}`,
    `potential phi${i} = -dist${i}`,
    `machine task${i} {`,
    `  initial start`,
    `  terminal done, failed`,
    `  start -> close when near${i}`,
    `  close -> done when near${i} && !hazard${i} reward 1`,
    `  start, close -> failed when hazard${i} reward -1`,
    `}`,
    `ltl safe${i} = G !hazard${i} || F near${i}   accept 0.5 reject -0.5`,
    `reward r${i} {`,
    `  task${i}`,
    `  safe${i}`,
    `  shaping phi${i}`,
    `  -0.1 * ctrl${i}`,
    `}`,
    '',
  ];
}

export const MODULE_LINES = moduleLines(0).length;

/** A spec of about `lines` lines (at least one module). */
export function largeSpec(lines: number): string {
  const modules = Math.max(1, Math.round((lines - HEADER.length) / MODULE_LINES));
  const out = [...HEADER];
  for (let i = 0; i < modules; i++) out.push(...moduleLines(i));
  return out.join('\n');
}
