// Runs a Node process to completion and measures it: wall time from outside, peak RSS and CPU
// time as the process itself reports them at exit (lib/maxrss.cjs, preloaded).
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tmpDir } from './paths';

export interface ProcessRun {
  /** Wall time. */
  readonly ms: number;
  /** CPU time of the process (user + system), as it reported at exit. */
  readonly cpuMs: number;
  readonly maxRssMb: number;
  readonly stdout: string;
}

/** `node -r maxrss.cjs ARGS...`; stdout is discarded unless `keepStdout`. Throws on a failure exit. */
export function runNode(args: readonly string[], keepStdout = false): ProcessRun {
  return measure(process.execPath, ['-r', join(ROOT, 'bench', 'lib', 'maxrss.cjs'), ...args], keepStdout);
}

/**
 * As runNode, with stdout a pipe into `cat > /dev/null` (or, `slow`, into a reader that rests
 * between bursts: bench/lib/slow-reader.cjs), as in `reward eval ... | consumer`.
 */
export function runNodePiped(args: readonly string[], slow = false): ProcessRun {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '-r', join(ROOT, 'bench', 'lib', 'maxrss.cjs'), ...args].map(quote).join(' ');
  const reader = slow ? [process.execPath, join(ROOT, 'bench', 'lib', 'slow-reader.cjs')].map(quote).join(' ') : 'cat > /dev/null';
  return measure('bash', ['-o', 'pipefail', '-c', `${command} | ${reader}`], false);
}

function measure(file: string, argv: readonly string[], keepStdout: boolean): ProcessRun {
  const rssFile = join(tmpDir('rss'), `${process.pid}-${Date.now()}.txt`);
  const devNull = keepStdout ? undefined : openSync('/dev/null', 'w');
  const t = performance.now();
  const r = spawnSync(file, argv, {
    env: { ...process.env, BENCH_MAXRSS_FILE: rssFile },
    stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (devNull !== undefined) closeSync(devNull);
  if (r.status !== 0) throw new Error(`${file} ${argv.join(' ')} exited with ${r.status}: ${(r.stderr ?? '').slice(0, 500)}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRssKb: number; cpuUs: number };
  rmSync(rssFile, { force: true });
  return { ms, cpuMs: usage.cpuUs / 1000, maxRssMb: usage.maxRssKb / 1024, stdout: r.stdout ?? '' };
}
