// The main job on the bundled examples: check every spec, then evaluate each on its
// trajectories (the files beside it named SPEC.*.jsonl / SPEC.*.csv) and print the results.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { count, evalHeading } from './demo-text.mjs';

const cli = ['bin/reward.cjs'];
const run = (args) => spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' });

if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) process.exit(1);
const dirs = ['examples', 'examples/gymnasium'];
const specs = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.reward')).map((f) => join(d, f)));
console.log(`\n== reward check (${specs.length} specs)`);
run(['check', ...specs]);
for (const spec of specs) {
  const stem = spec.slice(0, -'.reward'.length);
  const dir = stem.slice(0, stem.lastIndexOf('/'));
  const base = stem.slice(stem.lastIndexOf('/') + 1);
  const trajectories = readdirSync(dir).filter((f) => f.startsWith(base + '.') && /\.(jsonl|csv|json)$/.test(f)).map((f) => join(dir, f));
  if (trajectories.length === 0) continue;
  const r = spawnSync(process.execPath, [...cli, 'eval', spec, ...trajectories, '--format', 'jsonl'], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`\n== reward eval ${spec} on ${count(trajectories.length, 'trajectory file')}`);
    process.stderr.write(r.stderr);
    continue;
  }
  const episodes = r.stdout.split('\n').filter((line) => line.includes('"kind":"episode"')).map((line) => JSON.parse(line));
  console.log(`\n${evalHeading(spec, trajectories.length, episodes.length)}`);
  for (const e of episodes) {
    console.log(`  episode ${e.episode}: ${e.steps} steps, return ${e.return?.toFixed(4)}, discounted ${e.discounted_return?.toFixed(4)}, ${e.end}`);
  }
}
