// Trajectories for the benchmark spec: a noisy walk in the 10 x 10 arena, episodes of a fixed
// length, every third one terminated (the others truncated), rare hazard labels. Deterministic.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { rng } from './prng';

export interface TrajectoryShape {
  readonly steps: number;
  /** Steps per episode (the last episode may be shorter). */
  readonly episodeSteps: number;
  readonly seed: number;
}

/** Every record of the trajectory as a JSONL line, in order, `steps` steps in all. */
export function* jsonlLines(shape: TrajectoryShape): Generator<string> {
  const next = rng(shape.seed);
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  let left = shape.steps;
  let episode = 0;
  while (left > 0) {
    const n = Math.min(shape.episodeSteps, left);
    left -= n;
    let x = 1 + 8 * next();
    let y = 1 + 8 * next();
    let vx = 0;
    let vy = 0;
    for (let t = 0; t <= n; t++) {
      const last = t === n;
      const hazard = next() < 0.0005;
      let line = `{"obs":[${r3(x)},${r3(y)},${r3(vx)},${r3(vy)}]`;
      if (!last) line += `,"action":[${r3(2 * next() - 1)},${r3(2 * next() - 1)}]`;
      line += hazard ? ',"labels":["hazard"]' : ',"labels":[]';
      if (last) line += episode % 3 === 0 ? ',"terminated":true' : ',"truncated":true';
      yield line + '}';
      vx = Math.max(-1, Math.min(1, vx + 0.4 * (next() - 0.5)));
      vy = Math.max(-1, Math.min(1, vy + 0.4 * (next() - 0.5)));
      x += 0.3 * vx;
      y += 0.3 * vy;
      if (x < 0 || x > 10) { x = Math.max(0, Math.min(10, x)); vx = -vx; }
      if (y < 0 || y > 10) { y = Math.max(0, Math.min(10, y)); vy = -vy; }
    }
    episode++;
  }
}

/** Writes the trajectory to `file` as JSONL; returns its size in bytes. */
export async function writeJsonl(file: string, shape: TrajectoryShape): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let chunk: string[] = [];
  for (const line of jsonlLines(shape)) {
    chunk.push(line);
    if (chunk.length === 4096) {
      const s = chunk.join('\n') + '\n';
      bytes += Buffer.byteLength(s);
      if (!out.write(s)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) {
    const s = chunk.join('\n') + '\n';
    bytes += Buffer.byteLength(s);
    out.write(s);
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}
