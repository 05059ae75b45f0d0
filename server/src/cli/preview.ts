import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { checkedSpec, evaluatePreview } from '../preview/compute';
import { renderReport, reportBytes, type ReportAssets } from '../preview/report';
import { reportSink, type Zlib } from '../preview/report-detail';
import { parseArgs, UsageError } from './args';
import { assertReadable, readText } from './eval';
import type { Io } from './io';

/**
 * `reward preview SPEC TRAJ... [-o report.html]`: the preview's views as one self-contained
 * HTML file (LANGUAGE.md section 8). Without -o the HTML goes to standard output. Problems in
 * the data are shown in the report and never change the exit status.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { values: ['o', 'output'], flags: [] });
  const [spec, ...files] = args.positional;
  if (!spec || files.length === 0) throw new UsageError('reward preview needs a spec and at least one trajectory file');
  const output = args.options.get('o') ?? args.options.get('output');
  if (output === true) throw new UsageError('option -o needs a file name');
  const text = readText(spec);
  for (const f of files) assertReadable(f);
  const assets = readAssets(webviewDir());

  const checked = checkedSpec(text, spec);
  if (checked.kind === 'errors') throw new Error(`${checked.message}; run 'reward check ${spec}'`);
  // Streamed: each series is compressed chunk by chunk as the evaluation goes, so what is held
  // is what the report will hold (protocol/detail.ts).
  const series = await evaluatePreview(checked.model, files, spec, reportSink(ZLIB), { text });
  const bytes = reportBytes(renderReport(series, assets, randomBytes(18).toString('base64'), ZLIB));
  if (typeof output === 'string') {
    try {
      const fd = openSync(output, 'w');
      try {
        for (const b of bytes) for (let done = 0; done < b.length; ) done += writeSync(fd, b, done);
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      throw new Error(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const s = series.summary;
    const episodes = s.offsets.length - 1;
    io.err(`wrote ${output}: ${episodes} episode${episodes === 1 ? '' : 's'}, ${s.meta.variants.length} reward variant${s.meta.variants.length === 1 ? '' : 's'}, ${s.problems.length + s.moreProblems} problem${s.problems.length + s.moreProblems === 1 ? '' : 's'} in the data`);
  } else {
    await writeParts(io.stdout, bytes);
  }
  return 0;
}

/**
 * Where the webview bundle lives: REWARDSMITH_WEBVIEW_DIR when set (tests, development), else
 * next to the bundled CLI (dist/), else the dist/ folder beside the launcher's bin/.
 */
export function webviewDir(): string {
  const candidates = [
    process.env.REWARDSMITH_WEBVIEW_DIR,
    typeof __dirname === 'string' ? __dirname : undefined,
    process.argv[1] ? join(dirname(resolve(process.argv[1])), '..', 'dist') : undefined,
  ].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(join(d, 'webview.js')));
  if (!found) throw new Error(`the preview's webview bundle (webview.js) was not found in ${candidates.join(' or ')}: run 'npm run build'`);
  return found;
}

export function readAssets(dir: string): ReportAssets {
  const css = join(dir, 'webview.css');
  return { js: readFileSync(join(dir, 'webview.js'), 'utf8'), css: existsSync(css) ? readFileSync(css, 'utf8') : '' };
}

const ZLIB: Zlib = { deflate: (b) => deflateSync(b), inflate: (b) => inflateSync(b) };

/**
 * Writes the parts one after the other, each after the reader took the last (a slow pipe holds
 * one part); a reader that stops early (`| head`) closes the pipe: that is no failure and no
 * stack trace.
 */
async function writeParts(out: NodeJS.WritableStream, parts: readonly Uint8Array[]): Promise<void> {
  let closed = false;
  out.once('error', () => {
    closed = true;
  });
  for (const p of parts) {
    if (closed) return;
    if (out.write(p)) continue;
    await new Promise<void>((resolve) => {
      const done = () => {
        out.removeListener('drain', done);
        out.removeListener('close', done);
        out.removeListener('error', done);
        resolve();
      };
      out.on('drain', done);
      out.on('close', done);
      out.on('error', done);
    });
  }
}
