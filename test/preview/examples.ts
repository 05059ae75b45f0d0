// The examples with their trajectories (examples/README.md: `<stem>.<name>.jsonl|json|csv`).
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runEval } from '../../server/src/cli/eval';

export interface Example {
  readonly name: string;
  readonly spec: string;
  readonly trajectories: readonly string[];
}

export function examples(root = 'examples'): Example[] {
  const out: Example[] = [];
  for (const dir of [root, join(root, 'gymnasium')]) {
    const files = readdirSync(dir).sort();
    for (const f of files.filter((x) => x.endsWith('.reward'))) {
      const stem = f.slice(0, -'.reward'.length);
      const trajectories = files.filter((x) => x.startsWith(stem + '.') && /\.(jsonl|json|csv)$/.test(x)).map((x) => join(dir, x));
      if (trajectories.length) out.push({ name: stem, spec: join(dir, f), trajectories });
    }
  }
  return out;
}

export interface EvalJson {
  readonly reward: string;
  readonly steps: readonly { episode: number; t: number; reward: number; components: Record<string, number>; machines: Record<string, string>; ltl: Record<string, string>; props: Record<string, boolean> }[];
  readonly episodes: readonly { episode: number; steps: number; return: number; discounted_return: number; end: string }[];
}

/** What `reward eval SPEC TRAJ... --format json [--reward NAME]` prints, parsed. */
export async function evalJson(spec: string, files: readonly string[], reward?: string): Promise<EvalJson> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await runEval([spec, ...files, '--format', 'json', ...(reward ? ['--reward', reward] : [])], stream, () => {});
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as EvalJson;
}

export const exampleName = (spec: string): string => basename(dirname(spec)) === 'gymnasium' ? `gymnasium-${basename(spec, '.reward')}` : basename(spec, '.reward');
