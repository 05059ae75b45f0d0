// Where the commands write their results: beside their input, under a name a tool can use.
import { basename, dirname, extname, join } from 'node:path';

/** `examples/office-coffee.reward` -> `examples/office_coffee.py`: a name Python can import. */
export function pythonModulePath(specPath: string): string {
  const stem = basename(specPath, extname(specPath));
  let module = stem.replace(/[^A-Za-z0-9_]/g, '_');
  if (module === '' || /^[0-9]/.test(module)) module = `reward_${module}`;
  return join(dirname(specPath), `${module}.py`);
}

/** `machines/t1.txt` -> `machines/t1.reward` (the import names the machine after the stem). */
export function importedSpecPath(rmPath: string): string {
  return join(dirname(rmPath), `${basename(rmPath, extname(rmPath))}.reward`);
}
