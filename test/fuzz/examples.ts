// The example specs and, for each, the trajectories named after it (`<stem>.<case>.jsonl`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Example {
  readonly spec: string;
  readonly text: string;
  readonly trajectories: readonly string[];
}

const DIRS = ['examples', join('examples', 'gymnasium')];

export const EXAMPLES: readonly Example[] = DIRS.flatMap((dir) => {
  const names = readdirSync(dir).sort();
  return names
    .filter((f) => f.endsWith('.reward'))
    .map((f) => {
      const stem = f.slice(0, -'.reward'.length);
      const trajectories = names.filter((t) => t.startsWith(stem + '.') && /\.(jsonl|csv|json)$/.test(t)).map((t) => join(dir, t));
      return { spec: join(dir, f), text: readFileSync(join(dir, f), 'utf8'), trajectories };
    });
});
