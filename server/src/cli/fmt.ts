import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from '../syntax/parse';
import { format } from '../syntax/print';
import { parseArgs, UsageError } from './args';
import { fileError, type Io } from './io';

/** `reward fmt FILE... [--check]`: the formatter of the editor, on files. A file with syntax
 *  errors is left as it is and reported, since formatting must never lose what was written. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: [], flags: ['check'] });
  if (args.positional.length === 0) throw new UsageError('reward fmt needs at least one file');
  const check = args.options.has('check');
  let failed = false;
  for (const file of args.positional) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.err(`reward fmt: cannot read ${file}: ${fileError(e)}`);
      failed = true;
      continue;
    }
    if (parse(text).diagnostics.length > 0) {
      io.err(`${file}: not formatted: it has syntax errors (run 'reward check ${file}')`);
      failed = true;
      continue;
    }
    const result = format(text);
    if (result.text === text) continue;
    if (check) {
      io.err(`${file}: would be reformatted`);
      failed = true;
    } else {
      writeFileSync(file, result.text);
      io.err(`${file}: formatted`);
    }
  }
  return failed ? 1 : 0;
}
