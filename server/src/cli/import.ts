import { basename, extname } from 'node:path';
import { importRewardMachine } from '../interop/rm-import';
import { parseArgs, UsageError } from './args';
import { readText } from './eval';
import { writeOutput } from './export';
import type { Io } from './io';

// `reward import rm FILE [-o out.reward]`: a reward_machines task file as `.reward` source.
// Warnings and unreadable lines go to stderr as FILE:LINE, and the output is written all the
// same (nothing of the file is lost); the exit status is 1 when a line could not be imported,
// as `reward check` exits 1 on an error (LANGUAGE.md section 8), and when the file cannot be read.

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['o', 'output'], flags: [] });
  const [format, file, ...extra] = args.positional;
  const output = args.options.get('o') ?? args.options.get('output');
  if (output === true) throw new UsageError('option -o needs a value');
  if (format !== 'rm') throw new UsageError(`reward import needs a format: rm (the reward_machines text format)`);
  if (!file) throw new UsageError('reward import rm needs a file');
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const source = readText(file);
  const stem = basename(file, extname(file));
  const result = importRewardMachine(source, stem, { fileName: basename(file) });
  const messages = [
    ...result.errors.map((m) => ({ ...m, severity: 'error' })),
    ...result.warnings.map((m) => ({ ...m, severity: 'warning' })),
  ].sort((a, b) => a.line - b.line);
  for (const m of messages) io.err(`${file}:${m.line}: ${m.severity}: ${m.message}`);
  if (output === undefined) io.out(result.text);
  else writeOutput(output, result.text);
  return result.errors.length > 0 ? 1 : 0;
}
