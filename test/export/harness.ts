// Runs `reward eval --format json` in-process and exported Python modules in batches (one
// python3 process imports many modules), and compares their outputs to 1e-9.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { analyze } from '../../server/src/analysis/analyze';
import { runEval } from '../../server/src/cli/eval';
import { exportPython } from '../../server/src/export/python/module';

/** Debian's interpreter, which sees Debian's python3-numpy, python3-torch and
 *  python3-cloudpickle (installed by .ci/install-system.sh); `python3` on PATH may be another. */
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

/** Gymnasium 1.4.0, vendored unmodified beside the repository (../shared/vendor/README.md). */
export const GYMNASIUM = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'vendor', 'gymnasium-1.4.0');

/** The environment of a Python process that imports the real Gymnasium (and renders headless). */
export function gymnasiumEnv(...paths: string[]): NodeJS.ProcessEnv {
  return { ...process.env, PYTHONPATH: [...paths, GYMNASIUM].join(':'), SDL_VIDEODRIVER: 'dummy', SDL_AUDIODRIVER: 'dummy', PYTHONWARNINGS: 'ignore' };
}

export function tempDir(prefix = 'rewardsmith-export-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface RunResult {
  readonly code: number | string;
  readonly out: string;
  readonly err: string;
}

/** `reward eval SPEC FILES... --format json [--reward NAME]`, in this process. */
export async function tsEval(spec: string, files: readonly string[], reward?: string): Promise<RunResult> {
  let out = '';
  const err: string[] = [];
  const stdout = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  });
  const argv = [spec, ...files, '--format', 'json', ...(reward ? ['--reward', reward] : [])];
  try {
    const code = await runEval(argv, stdout, (s) => err.push(s));
    return { code, out, err: err.join('\n') };
  } catch (e) {
    return { code: 1, out, err: (e as Error).message };
  }
}

/** Writes the Python module of a spec text; throws when the spec has errors. */
export function writeModule(specText: string, file: string, reward?: string): void {
  const a = analyze(specText);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`spec has errors: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}\n${specText}`);
  writeFileSync(file, exportPython(a.model, { reward, specName: 'spec.reward' }));
}

export interface PyCase {
  readonly module: string;
  readonly argv: readonly string[];
}

const DRIVER = String.raw`
import importlib.util, io, json, sys, traceback
cases = json.load(open(sys.argv[1], encoding="utf-8"))
results = []
for i, case in enumerate(cases):
    out, err = io.StringIO(), io.StringIO()
    try:
        spec = importlib.util.spec_from_file_location("exported_%d" % i, case["module"])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        code = module.main(case["argv"], out=out, err=err)
    except BaseException:
        code = "crash"
        err.write(traceback.format_exc())
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue()})
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(results, f)
`;

/** Runs many modules' main(argv) in one python3 process. */
export function runPythonBatch(cases: readonly PyCase[], dir: string): RunResult[] {
  const driver = join(dir, 'driver.py');
  const input = join(dir, 'cases.json');
  const output = join(dir, 'results.json');
  writeFileSync(driver, DRIVER);
  writeFileSync(input, JSON.stringify(cases));
  const r = spawnSync(PYTHON, [driver, input, output], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`python driver failed (${r.status}): ${r.stderr}`);
  return JSON.parse(readFileSync(output, 'utf8')) as RunResult[];
}

/** runPythonBatch in the background, so that the evaluator can run meanwhile. */
export function runPythonBatchAsync(cases: readonly PyCase[], dir: string): Promise<RunResult[]> {
  const driver = join(dir, 'driver.py');
  const input = join(dir, 'cases.json');
  const output = join(dir, 'results.json');
  writeFileSync(driver, DRIVER);
  writeFileSync(input, JSON.stringify(cases));
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [driver, input, output], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`python driver failed (${code}): ${err}`));
      else resolve(JSON.parse(readFileSync(output, 'utf8')) as RunResult[]);
    });
  });
}

/** Runs one module as a script: python3 module.py ARGS. */
export function runPythonScript(module: string, argv: readonly string[], cwd?: string, env?: NodeJS.ProcessEnv): RunResult {
  const r = spawnSync(PYTHON, [module, ...argv], { encoding: 'utf8', cwd, env, maxBuffer: 1 << 28 });
  return { code: r.status ?? 'signal', out: r.stdout, err: r.stderr };
}

const TOLERANCE = 1e-9;

/** Where two JSON values differ (numbers to 1e-9, relative beyond 1), or undefined when they agree. */
export function difference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b)) ? undefined : `${path}: ${a} vs ${b}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join('\u0000') !== kb.join('\u0000')) return `${path}: keys ${JSON.stringify(ka)} vs ${JSON.stringify(kb)}`;
    for (const k of ka) {
      const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return a === b ? undefined : `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
}

/** Compares a Python run with the evaluator's: same exit status, same output to 1e-9. */
export function compareRuns(ts: RunResult, py: RunResult): string | undefined {
  if (py.code === 'crash') return `python crashed: ${py.err}`;
  if (ts.code !== py.code) return `exit ${ts.code} vs ${py.code} (${ts.err} | ${py.err})`;
  if (ts.code !== 0) return py.err.trim().split('\n').length === 1 ? undefined : `python error is not one line: ${py.err}`;
  if (ts.out === py.out) return undefined;
  let x: unknown;
  let y: unknown;
  try {
    x = JSON.parse(ts.out);
    y = JSON.parse(py.out);
  } catch (e) {
    return `unparsable output: ${(e as Error).message}\n${py.out.slice(0, 500)}`;
  }
  return difference(x, y);
}
