import { splitEpisodeBatches, type EpisodeEnd } from '../data/episodes';
import { dataProblem, type DataProblem } from '../data/problem';
import { pathText } from '../data/path';
import { readTrajectoryBatches, trajectoryFormat, type ExpectedField, type ReadOptions } from '../data/read';
import type { RawRecord } from '../data/record';
import { makeDecoder } from '../data/decode';
import type { Program } from './program';
import { Runner, type StepView } from './runner';

export interface EpisodeSummary {
  readonly episode: number;
  readonly steps: number;
  readonly return: number;
  readonly discounted_return: number;
  readonly end: EpisodeEnd;
  readonly file: string;
}

/** Receives the evaluation as it streams: a step's values are read from the runner. */
export interface EvalSink<R extends StepView = Runner> {
  /** `cur` and `next` are the decoded records of s_t and s_{t+1} (reused after the call); `end` as given to the runner. */
  step(episode: number, runner: R, record: RawRecord, cur: Float64Array, next: Float64Array, end: EpisodeEnd | null): void;
  /**
   * Asked after each step: a promise when the sink's output is full, which the evaluation
   * waits for before reading on. That is how a slow reader of the output slows the
   * evaluation instead of filling the memory.
   */
  backpressure?(): Promise<void> | undefined;
  /** An episode of one record, which has no step (only for sinks that need every state record). */
  lone?(episode: number, values: Float64Array, record: RawRecord, end: EpisodeEnd): void;
  episode(summary: EpisodeSummary): void;
  problem(p: DataProblem): void;
}

export interface EvalTotals {
  readonly episodes: number;
  readonly steps: number;
  readonly skipped: number;
}

/**
 * Evaluates `program` over trajectory files, streaming (LANGUAGE.md sections 8 and 9).
 * A skipped record is counted and the episode continues across the gap. Which record is an
 * episode's last is only known once the next good record (or the end) is seen, so each step
 * is computed one record late.
 */
export function evaluateFiles(program: Program, files: readonly string[], sink: EvalSink, options: ReadOptions = {}): Promise<EvalTotals> {
  return evaluateWith(new Runner(program), files, sink, options);
}

/** The same streaming evaluation with any runner (the differential tests pass the reference runner). */
export async function evaluateWith<R extends StepView>(runner: R, files: readonly string[], sink: EvalSink<R>, options: ReadOptions = {}): Promise<EvalTotals> {
  const program = runner.program;
  const width = program.layout.width;
  let episode = 0;
  let steps = 0;
  let skipped = 0;

  // The fields a file must hold for the spec (a CSV header with none of them is one problem).
  const expect: ExpectedField[] = program.layout.fields
    .filter((f) => f.default === undefined)
    .map((f) => ({ path: f.path, text: pathText(f.path) }));
  if (program.layout.labels.length > 0) expect.push({ path: ['labels'], text: 'labels' });
  const readOptions: ReadOptions = { ...options, expect };

  for (const file of files) {
    const format = trajectoryFormat(file) ?? 'jsonl';
    const decoder = makeDecoder(program.layout.fields, program.layout.labels, format);
    // Three rotating buffers: the pending step's two records and the one being decoded.
    let a = new Float64Array(width);
    let b = new Float64Array(width);
    let c = new Float64Array(width);
    let aRecord: RawRecord | undefined;
    let bRecord: RawRecord | undefined;
    let have = 0; // 0: no record of this episode, 1: `a` only, 2: step a -> b pending

    const backpressure = sink.backpressure?.bind(sink);
    const finishStep = (end: EpisodeEnd | null): Promise<void> | undefined => {
      runner.step(a, b, end);
      checkFinite(runner, aRecord!, sink);
      sink.step(episode, runner, aRecord!, a, b, end);
      steps++;
      return backpressure?.();
    };
    const endEpisode = (end: EpisodeEnd) => {
      if (have === 1 && sink.lone) sink.lone(episode, a, aRecord!, end);
      sink.episode({ episode, steps: runner.t, return: runner.return, discounted_return: runner.discountedReturn, end, file });
      episode++;
      runner.reset();
      have = 0;
    };

    // Batches, not items: an await per record would cost more than the record.
    for await (const batch of splitEpisodeBatches(readTrajectoryBatches(file, readOptions))) {
      for (let i = 0; i < batch.length; i++) {
        const item = batch[i];
        if (item.kind === 'skipped') {
          skipped += item.count;
          continue;
        }
        if (item.kind === 'problem') {
          sink.problem(item.problem);
          if (item.skipped) skipped++;
          continue;
        }
        const { record, end } = item;
        const ok = decoder.decode(record, end === null, c, (p) => sink.problem(p));
        if (!ok) {
          skipped++;
          if (end !== null && have > 0) {
            // The episode's last record was lost: the one before it ends the episode.
            if (have === 2) {
              const wait = finishStep(end);
              if (wait) await wait;
            }
            endEpisode(end);
          }
          continue;
        }
        if (have === 2) {
          const wait = finishStep(null);
          if (wait) await wait;
          [a, b] = [b, a];
          aRecord = bRecord;
        }
        if (have === 0) {
          [a, c] = [c, a];
          aRecord = record;
          have = 1;
        } else {
          [b, c] = [c, b];
          bRecord = record;
          have = 2;
        }
        if (end !== null) {
          if (have === 2) {
            const wait = finishStep(end);
            if (wait) await wait;
          }
          endEpisode(end);
        }
      }
    }
  }
  return { episodes: episode, steps, skipped };
}

function checkFinite<R extends StepView>(runner: R, record: RawRecord, sink: EvalSink<R>) {
  if (Number.isFinite(runner.reward)) return;
  const keys = runner.program.keys;
  for (let i = 0; i < keys.length; i++) {
    const v = runner.components[i];
    if (!Number.isFinite(v)) {
      sink.problem(dataProblem(record.file, record.line, keys[i], `the reward item '${keys[i]}' is not finite (${v}) at this step: check the inputs of the expression (division by zero, log or sqrt of a negative number)`));
    }
  }
}
