import { compareFiles, type CompareResult } from '../compare/compare-files';
import { parsePreferences } from '../compare/preferences';
import { choice, parseArgs, UsageError } from './args';
import { assertReadable, loadModel, readText } from './eval';
import type { Io } from './io';

// `reward compare` (LANGUAGE.md section 12): EPIC distances, rank correlation of returns and
// preference fits of a spec's reward variants. Exit status as for `eval`: data problems never
// change it; bad arguments, unreadable files and specs with errors exit 1.

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['rewards', 'samples', 'seed', 'preferences', 'format', 'labels-from'], flags: [] });
  const format = choice(args.options.get('format'), ['table', 'json'] as const, 'table', 'format');
  const [spec, ...trajectories] = args.positional;
  if (!spec || trajectories.length === 0) throw new UsageError('reward compare needs a spec and at least one trajectory file');
  const samples = integerOption(args.options.get('samples'), 'samples', 512, 1, 10_000_000);
  const seed = integerOption(args.options.get('seed'), 'seed', 0, 0, Number.MAX_SAFE_INTEGER);
  const { model, text } = loadModel(spec);
  const declared = model.rewards.map((r) => r.name.text);
  const rewards = rewardList(args.options.get('rewards'), declared, spec);
  for (const t of trajectories) assertReadable(t);
  const prefFile = args.options.get('preferences');
  if (prefFile === true) throw new UsageError('option --preferences needs a file');
  const prefText = prefFile === undefined ? undefined : readText(prefFile);
  const labelsFrom = args.options.get('labels-from');

  const { result, counts } = await compareFiles(model, spec, text, trajectories, {
    rewards,
    samples,
    seed,
    read: typeof labelsFrom === 'string' ? { labelsFrom } : {},
    preferences: prefText === undefined ? undefined : (episodes) => parsePreferences(prefText, prefFile as string, episodes),
  });

  if (format === 'json') {
    io.out(JSON.stringify(result) + '\n');
    return 0;
  }
  io.out(table(result, { episodes: counts.episodes, stepsUsed: counts.stepsUsed, samples, seed, preferences: prefFile as string | undefined }));
  for (const p of result.problems) io.err(`${p.file}:${p.line}: ${p.field ? `${p.field}: ` : ''}${p.message}`);
  for (const g of result.more_problems ?? []) {
    io.err(`${g.file}:${g.first_line}: ${g.field ? `${g.field}: ` : ''}${g.count} more problem${g.count === 1 ? '' : 's'} of the kind: ${g.kind}`);
  }
  return 0;
}

function integerOption(value: string | true | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = value === true ? NaN : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not '${value === true ? '' : value}'`);
  return n;
}

function rewardList(value: string | true | undefined, declared: readonly string[], spec: string): string[] {
  if (declared.length === 0) throw new UsageError(`${spec} declares no reward block: nothing to compare`);
  if (value === undefined) return [...declared];
  if (value === true) throw new UsageError('option --rewards needs a list of reward names, e.g. --rewards main,sparse');
  const names = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('option --rewards needs a list of reward names, e.g. --rewards main,sparse');
  const seen = new Set<string>();
  for (const n of names) {
    if (!declared.includes(n)) throw new UsageError(`${spec} has no reward named '${n}' (it has: ${declared.join(', ')})`);
    if (seen.has(n)) throw new UsageError(`--rewards names '${n}' twice`);
    seen.add(n);
  }
  return names;
}

/** The table format: the distance matrix, the pairs, the preference fits, then a summary line. */
export function table(r: CompareResult, run: { episodes: number; stepsUsed: number; samples: number; seed: number; preferences?: string }): string {
  const lines: string[] = [];
  const names = r.rewards;
  const epic = (a: string, b: string) => {
    if (a === b) return '0';
    const p = r.pairs.find((x) => (x.a === a && x.b === b) || (x.a === b && x.b === a));
    return p ? fixed(p.epic) : '';
  };
  if (names.length > 1) {
    lines.push('EPIC distance (0: the same up to potential shaping and positive scale; 1: opposite)', '');
    const w = Math.max(8, ...names.map((n) => n.length));
    lines.push(['', ...names].map((c) => c.padStart(w)).join('  '));
    for (const a of names) lines.push([a, ...names.map((b) => epic(a, b))].map((c) => c.padStart(w)).join('  '));
    lines.push('');
    const rows = [['a', 'b', 'epic', 'returns spearman', 'most disagreeing episode pairs']];
    for (const p of r.pairs) rows.push([p.a, p.b, fixed(p.epic), fixed(p.return_spearman), p.disagreements.map((d) => `(${d.episode_a}, ${d.episode_b})`).join(' ') || '-']);
    lines.push(...grid(rows), '');
  }
  if (r.preferences) {
    lines.push(`Preferences (${run.preferences})`, '');
    const rows = [['reward', 'agreement', 'log-likelihood', 'beta', 'pairs']];
    for (const n of names) {
      const f = r.preferences[n];
      rows.push([n, fixed(f.agreement), fixed(f.log_likelihood), f.beta === null ? 'null (separated)' : fixed(f.beta), String(f.pairs)]);
    }
    lines.push(...grid(rows), '');
  }
  const s = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const used = run.stepsUsed < r.steps ? ` (${run.stepsUsed} used)` : '';
  lines.push(`${s(run.episodes, 'episode')}, ${s(r.steps, 'step')}${used}, ${s(r.skipped, 'record')} skipped; ${run.samples} samples, seed ${run.seed}`);
  return lines.join('\n') + '\n';
}

const fixed = (x: number | null) => (x === null ? 'null' : x.toFixed(4));

function grid(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd());
}
