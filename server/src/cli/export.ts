import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyze } from '../analysis/analyze';
import { toDot, toMermaid } from '../automata/render';
import { specGraph } from '../export/graph';
import { exportBatch } from '../export/batch/module';
import { exportPython } from '../export/python/module';
import type { Model } from '../names/model';
import { parseArgs, UsageError } from './args';
import { readText } from './eval';
import type { Io } from './io';

// `reward export python|numpy|torch|dot|mermaid`: the output goes to stdout unless -o names a file.

export async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['o', 'output', 'reward'], flags: [] });
  const [target, spec, name, ...extra] = args.positional;
  const output = args.options.get('o') ?? args.options.get('output');
  const reward = args.options.get('reward');
  if (output === true || reward === true) throw new UsageError('option needs a value');
  if (target !== 'python' && target !== 'numpy' && target !== 'torch' && target !== 'dot' && target !== 'mermaid') {
    throw new UsageError(`reward export needs a target: python, numpy, torch, dot or mermaid (try 'reward export --help')`);
  }
  if (!spec) throw new UsageError(`reward export ${target} needs a spec file`);
  let text: string;
  const module = target === 'python' || target === 'numpy' || target === 'torch';
  if (module) {
    if (name !== undefined) throw new UsageError(`reward export ${target} takes one spec file, got also '${name}'`);
    const options = { reward, specName: basename(spec) };
    text = target === 'python' ? exportPython(loadModel(spec), options) : exportBatch(loadModel(spec), target, options);
  } else {
    if (!name) throw new UsageError(`reward export ${target} needs the name of a machine or ltl item`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (reward !== undefined) throw new UsageError(`--reward applies to 'reward export python|numpy|torch' only`);
    const graph = specGraph(loadModel(spec), name);
    text = target === 'dot' ? toDot(graph) : toMermaid(graph);
  }
  if (output === undefined) io.out(text);
  else writeOutput(output, text, module);
  return 0;
}

/** The checked model of a spec with no error; any error is a one-line failure. */
export function loadModel(file: string): Model {
  const source = readText(file);
  const a = analyze(source);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    const line = source.slice(0, first.span.start).split('\n').length;
    throw new Error(`${file} has ${errors.length} error${errors.length === 1 ? '' : 's'} (first, line ${line}: ${first.code}: ${first.message}); run 'reward check ${file}'`);
  }
  return a.model;
}

export function writeOutput(file: string, text: string, executable = false): void {
  try {
    writeFileSync(file, text, executable ? { mode: 0o755 } : undefined);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot write ${file}: ${code === 'ENOENT' ? 'no such folder' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : code ?? String(e)}`);
  }
}
