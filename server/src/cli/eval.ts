import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { analyze } from '../analysis/analyze';
import { datasetFormat } from '../data/datasets';
import type { DataProblem } from '../data/problem';
import { ProblemLog } from '../data/problem-log';
import { trajectoryFormat, unsupportedFormat } from '../data/read';
import type { RawRecord } from '../data/record';
import { evaluateFiles, type EpisodeSummary } from '../eval/evaluate';
import { compileProgram, type Program } from '../eval/program';
import { episodeObject, stepCells, stepColumns } from '../eval/report';
import { stepJsonBytes } from '../eval/step-bytes';
import type { Runner } from '../eval/runner';
import type { Model } from '../names/model';
import { choice, parseArgs } from './args';
import { BufferedWriter } from './output';
import { Spool } from './spool';
import { fileError } from './io';

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

// A trajectory folder that is not a dataset is the one case said differently.
const describeError = (e: unknown) => ((e as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a folder but not a Minari or LeRobot dataset' : fileError(e));

export async function runEval(argv: readonly string[], stdout: NodeJS.WritableStream, err: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, { values: ['format', 'reward', 'labels-from'], flags: [] });
  const format = choice(args.options.get('format'), ['table', 'csv', 'json', 'jsonl'] as const, 'table', 'format');
  const [spec, ...trajectories] = args.positional;
  if (!spec || trajectories.length === 0) throw new Error('reward eval needs a spec and at least one trajectory file');
  const rewardOption = args.options.get('reward');
  const program = loadProgram(spec, typeof rewardOption === 'string' ? rewardOption : undefined);
  for (const t of trajectories) assertReadable(t);

  // Memory stays flat whatever the input: steps are written as they come (waiting for a slow
  // reader), episode objects wait in a spool (they come after the steps), and problems are
  // kept whole only up to a bound, then counted.
  const out = new BufferedWriter(stdout);
  const episodes = new Spool();
  const problems = new ProblemLog();
  const columns = stepColumns(program);
  const stepJson = stepJsonBytes(program);
  let first = true;

  if (format === 'json') out.write(`{"reward":${JSON.stringify(program.reward)},"steps":[`);
  if (format === 'csv') out.write(['episode', 't', 'reward', ...columns].map(csvCell).join(',') + '\n');
  if (format === 'table') out.write(tableRow(['episode', 't', 'reward', ...columns]));

  const step = format === 'json'
    ? (episode: number, r: Runner) => {
      stepJson(episode, r, out, first ? -1 : COMMA, -1);
      first = false;
      return out.commit();
    }
    : format === 'jsonl'
      ? (episode: number, r: Runner) => {
        stepJson(episode, r, out, -1, NEWLINE);
        return out.commit();
      }
      : format === 'csv'
        ? (episode: number, r: Runner) => out.write(stepCells(episode, r, csvNum).map(csvCell).join(',') + '\n')
        : (episode: number, r: Runner) => out.write(tableRow(stepCells(episode, r, tableNum)));
  let episodeCount = 0;
  const episode = format === 'json'
    ? (e: EpisodeSummary) => episodes.add((episodeCount++ === 0 ? '' : ',') + JSON.stringify(episodeObject(e)))
    : format === 'jsonl'
      ? (e: EpisodeSummary) => episodes.add(JSON.stringify({ kind: 'episode', ...episodeObject(e) }) + '\n')
      : format === 'table'
        ? (e: EpisodeSummary) => episodes.add(tableRow([e.episode, e.steps, tableNum(e.return), tableNum(e.discounted_return), e.end].map(String)))
        : () => undefined;

  const labelsFrom = args.options.get('labels-from');
  let totals;
  try {
    let wait: Promise<void> | undefined;
    totals = await evaluateFiles(program, trajectories, {
      step(n: number, r: Runner, _record: RawRecord) {
        if (!out.closed) wait = step(n, r);
      },
      backpressure() {
        const w = wait;
        wait = undefined;
        return w;
      },
      episode,
      problem: (p: DataProblem) => problems.add(p),
    }, typeof labelsFrom === 'string' ? { labelsFrom } : {});

    if (format === 'json') {
      await out.write('],"episodes":[');
      await episodes.replay(out);
      const more = problems.omitted > 0 ? `,"more_problems":${JSON.stringify(problems.omittedGroups())}` : '';
      await out.write(`],"skipped":${totals.skipped},"problems":${JSON.stringify(problems.kept)}${more}}\n`);
    } else if (format === 'jsonl') {
      await episodes.replay(out);
    } else if (format === 'table') {
      await out.write('\n' + tableRow(['episode', 'steps', 'return', 'discounted', 'end']));
      await episodes.replay(out);
      await out.write(`\n${totals.episodes} episode${totals.episodes === 1 ? '' : 's'}, ${totals.steps} step${totals.steps === 1 ? '' : 's'}, ${totals.skipped} record${totals.skipped === 1 ? '' : 's'} skipped\n`);
    }
    await out.end();
  } finally {
    episodes.dispose();
  }
  if (format !== 'json') {
    for (const p of problems.kept) err(`${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
    for (const g of problems.omittedGroups()) {
      err(`${g.file}:${g.first_line}: ${g.field ? `${g.field}: ` : ''}${g.count} more problem${g.count === 1 ? '' : 's'} of the kind: ${g.kind}`);
    }
    if (problems.omitted > 0) err(`(${problems.total} problems in all; the first ${problems.kept.length} are shown whole, the others counted by file, field and kind)`);
  }
  return 0;
}

const COMMA = 0x2c;
const NEWLINE = 0x0a;
// CSV is data: every number exactly as JSON prints it (the shortest text that reads back the
// same double). The table is for eyes: 10 significant digits, so 0.1 + 0.2 shows as 0.3, and
// neither a huge value (2e300) nor a tiny one (1e-12) is turned into another number.
const csvNum = (x: number) => (Number.isFinite(x) ? String(x) : 'null');
const tableNum = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(10))) : 'null');
const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const tableRow = (cells: readonly string[]) => cells.map((c) => c.padStart(10)).join(' ') + '\n';
