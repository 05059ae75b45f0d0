// Trajectories of test/fixtures/preview/walk.reward generated on demand: one long walk out to
// the far end and back, with a wobbling push, deterministic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function walkRecords(steps: number, phase = 0): string {
  const lines: string[] = [];
  for (let t = 0; t <= steps; t++) {
    const x = 10 - 10 * Math.cos((2 * Math.PI * t) / steps);
    const record: Record<string, unknown> = { obs: [Math.round(x * 1000) / 1000] };
    if (t < steps) record.action = Math.round(Math.sin(t * 0.37 + phase) * 1000) / 1000;
    if (t === steps) record.terminated = true;
    lines.push(JSON.stringify(record));
  }
  return lines.join('\n') + '\n';
}

/** A fresh folder holding `walk-long.jsonl` (one episode of `steps` steps) and `walk-short.jsonl` (two short ones). */
export function walkFiles(steps = 5000): { dir: string; long: string; short: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-preview-'));
  const long = join(dir, 'walk-long.jsonl');
  const short = join(dir, 'walk-short.jsonl');
  writeFileSync(long, walkRecords(steps));
  writeFileSync(short, walkRecords(40, 1) + walkRecords(24, 2));
  return { dir, long, short };
}
