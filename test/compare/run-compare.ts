// Test helper: `reward compare` through the real pipeline (parse, check, compile, the streaming
// readers, the evaluator), on a spec and trajectories given inline.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { compareFiles, type CompareOptions } from '../../server/src/compare/compare-files';

/** `files`: name -> content (records as objects become JSONL lines). */
export function writeFiles(files: Record<string, string | readonly object[]>): { dir: string; paths: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-compare-'));
  const paths = Object.entries(files).map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, typeof content === 'string' ? content : content.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return p;
  });
  return { dir, paths };
}

export async function runCompare(spec: string, files: Record<string, string | readonly object[]>, options: CompareOptions = {}) {
  const a = analyze(spec);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`spec has errors: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
  const { paths } = writeFiles(files);
  return compareFiles(a.model, 'spec.reward', spec, paths, options);
}

/** The distance of a pair, whichever order it was listed in. */
export function distance(result: { pairs: readonly { a: string; b: string; epic: number | null }[] }, a: string, b: string): number | null {
  const p = result.pairs.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
  if (!p) throw new Error(`no pair ${a}, ${b}`);
  return p.epic;
}

/** A small seeded generator for the tests' own trajectories (not the product's). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Random episodes over two number signals and a number action; some terminated, some truncated. */
export function randomEpisodes(seed: number, episodes: number, length: number): object[] {
  const rnd = lcg(seed);
  const out: object[] = [];
  for (let e = 0; e < episodes; e++) {
    const n = 1 + Math.floor(rnd() * length);
    for (let t = 0; t <= n; t++) {
      const rec: Record<string, unknown> = { episode: e, x: Math.round((rnd() * 10 - 5) * 100) / 100, y: Math.round(rnd() * 400) / 100 };
      if (t < n) rec.action = Math.round((rnd() * 2 - 1) * 100) / 100;
      else rec[e % 2 === 0 ? 'terminated' : 'truncated'] = true;
      out.push(rec);
    }
  }
  return out;
}
