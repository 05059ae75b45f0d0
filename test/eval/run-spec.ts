// Test helper: evaluate a spec text on trajectories given inline, through the real pipeline
// (parse, check, compile, the streaming readers and the evaluator), as `reward eval --format json`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import type { DataProblem } from '../../server/src/data/problem';
import { evaluateFiles } from '../../server/src/eval/evaluate';
import { compileProgram } from '../../server/src/eval/program';
import { episodeObject, stepObject, type StepObject } from '../../server/src/eval/report';

export interface EvalOutput {
  steps: StepObject[];
  episodes: ReturnType<typeof episodeObject>[];
  skipped: number;
  problems: DataProblem[];
}

/** `files`: name -> content (records as objects become JSONL lines). */
export async function runSpec(spec: string, files: Record<string, string | readonly object[]>, reward?: string): Promise<EvalOutput> {
  const a = analyze(spec);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`spec has errors: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-eval-'));
  const paths = Object.entries(files).map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : content.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return p;
  });
  const program = compileProgram(a.model, reward);
  const out: EvalOutput = { steps: [], episodes: [], skipped: 0, problems: [] };
  const totals = await evaluateFiles(program, paths, {
    step: (e, r) => out.steps.push(stepObject(e, r)),
    episode: (e) => out.episodes.push(episodeObject(e)),
    problem: (p) => out.problems.push(p),
  });
  out.skipped = totals.skipped;
  return out;
}

export const rewards = (o: EvalOutput) => o.steps.map((s) => s.reward);
export const near = (a: number, b: number, eps = 1e-12) => Math.abs(a - b) <= eps;
