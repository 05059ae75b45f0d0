import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { analyze } from '../analysis/analyze';
import { datasetFormat } from '../data/datasets';
import type { DataProblem } from '../data/problem';
import { trajectoryFormat, unsupportedFormat } from '../data/read';
import type { RawRecord } from '../data/record';
import { evaluateFiles, type EpisodeSummary } from '../eval/evaluate';
import { compileProgram, type Program } from '../eval/program';
import { episodeObject, stepObject } from '../eval/report';
import type { Runner } from '../eval/runner';
import type { Model } from '../names/model';
import { choice, parseArgs } from './args';
import { BufferedWriter } from './output';

type Format = 'table' | 'csv' | 'json' | 'jsonl';

/** Loads a spec for evaluation: any error in it is a failure (exit 1) with a one-line message. */
export function loadProgram(specFile: string, rewardName: string | undefined): Program {
  return compileProgram(loadModel(specFile).model, rewardName);
}

/** Reads and checks a spec: any error in it is a failure (exit 1) with a one-line message. */
export function loadModel(specFile: string): { model: Model; text: string } {
  const text = readText(specFile);
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const line = text.slice(0, first.span.start).split('\n').length;
    throw new Error(`${specFile} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first, line ${line}: ${first.code}: ${first.message}); run 'reward check ${specFile}'`);
  }
  return { model: a.model, text };
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${file}: ${describeError(e)}`);
  }
}

/** Fails before any output when a trajectory cannot be read, so a run never stops half-printed. */
export function assertReadable(file: string): void {
  try {
    const folder = statSync(file).isDirectory();
    if (folder && datasetFormat(file) === undefined) throw Object.assign(new Error(''), { code: 'EISDIR' });
    if (!folder) accessSync(file, constants.R_OK);
  } catch (e) {
    throw new Error(`cannot open ${file}: ${describeError(e)}`);
  }
  if (trajectoryFormat(file) === undefined && datasetFormat(file) === undefined) throw new Error(unsupportedFormat(file));
}

const describeError = (e: unknown) => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder but not a Minari or LeRobot dataset' : code === 'EACCES' ? 'permission denied' : code ?? String(e);
};

export async function runEval(argv: readonly string[], stdout: NodeJS.WritableStream, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'reward', 'labels-from'], flags: [] });
  const format = choice(args.options.get('format'), ['table', 'csv', 'json', 'jsonl'] as const, 'table', 'format');
  const [spec, ...trajectories] = args.positional;
  if (!spec || trajectories.length === 0) throw new Error('reward eval needs a spec and at least one trajectory file');
  const rewardOption = args.options.get('reward');
  const program = loadProgram(spec, typeof rewardOption === 'string' ? rewardOption : undefined);
  for (const t of trajectories) assertReadable(t);

  const out = new BufferedWriter(stdout as unknown as import('node:stream').Writable);
  const episodes: EpisodeSummary[] = [];
  const problems: DataProblem[] = [];
  let first = true;
  const pending: Promise<void>[] = [];
  const write = (s: string) => pending.push(out.write(s));
  const columns = [...program.keys, ...program.machines.map((m) => m.name), ...program.ltls.map((l) => l.name), ...program.props.map((p) => p.name)];

  if (format === 'json') write(`{"reward":${JSON.stringify(program.reward)},"steps":[`);
  if (format === 'csv') write(['episode', 't', 'reward', ...columns].map(csvCell).join(',') + '\n');
  if (format === 'table') write(tableRow(['episode', 't', 'reward', ...columns]));

  const labelsFrom = args.options.get('labels-from');
  const totals = await evaluateFiles(program, trajectories, {
    step(episode: number, r: Runner, _record: RawRecord) {
      if (format === 'json' || format === 'jsonl') {
        const s = JSON.stringify(stepObject(episode, r));
        write(format === 'json' ? (first ? s : ',' + s) : s + '\n');
      } else {
        const o = stepObject(episode, r) as { components: Record<string, number>; machines: Record<string, string>; ltl: Record<string, string>; props: Record<string, boolean> };
        const cells = [episode, r.t - 1, num(r.reward), ...Object.values(o.components).map(num), ...Object.values(o.machines), ...Object.values(o.ltl), ...Object.values(o.props)].map(String);
        write(format === 'csv' ? cells.map(csvCell).join(',') + '\n' : tableRow(cells));
      }
      first = false;
      if (pending.length > 64) void Promise.all(pending.splice(0));
    },
    episode(e) {
      episodes.push(e);
    },
    problem(p) {
      problems.push(p);
    },
  }, typeof labelsFrom === 'string' ? { labelsFrom } : {});
  await Promise.all(pending.splice(0));

  if (format === 'json') {
    await out.write(`],"episodes":${JSON.stringify(episodes.map(episodeObject))},"skipped":${totals.skipped},"problems":${JSON.stringify(problems)}}\n`);
  } else if (format === 'jsonl') {
    for (const e of episodes) await out.write(JSON.stringify({ kind: 'episode', ...episodeObject(e) }) + '\n');
  } else if (format === 'table') {
    await out.write('\n' + tableRow(['episode', 'steps', 'return', 'discounted', 'end']));
    for (const e of episodes) await out.write(tableRow([e.episode, e.steps, num(e.return), num(e.discounted_return), e.end].map(String)));
    await out.write(`\n${totals.episodes} episode${totals.episodes === 1 ? '' : 's'}, ${totals.steps} step${totals.steps === 1 ? '' : 's'}, ${totals.skipped} record${totals.skipped === 1 ? '' : 's'} skipped\n`);
  }
  await out.flush();
  if (format !== 'json') for (const p of problems) err(`${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  return 0;
}

const num = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e9) / 1e9) : 'null');
const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const tableRow = (cells: readonly string[]) => cells.map((c) => c.padStart(10)).join(' ') + '\n';
