import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { previewText } from '../preview/compute';
import { renderReport, type ReportAssets } from '../preview/report';
import { parseArgs, UsageError } from './args';
import { assertReadable, readText } from './eval';
import type { Io } from './io';
import { writeChunked } from './output';

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

  const result = await previewText(text, spec, files);
  if (result.kind === 'errors') throw new Error(`${result.message}; run 'reward check ${spec}'`);
  const html = renderReport(result.store, assets, randomBytes(18).toString('base64'));
  if (typeof output === 'string') {
    try {
      writeFileSync(output, html);
    } catch (e) {
      throw new Error(`cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const s = result.store;
    const episodes = s.offsets.length - 1;
    io.err(`wrote ${output}: ${episodes} episode${episodes === 1 ? '' : 's'}, ${s.meta.variants.length} reward variant${s.meta.variants.length === 1 ? '' : 's'}, ${s.problems.length + s.moreProblems} problem${s.problems.length + s.moreProblems === 1 ? '' : 's'} in the data`);
  } else {
    // Written in chunks, each after the reader took the last (a slow pipe holds one chunk);
    // a reader that stops early (`| head`) closes the pipe: that is no failure and no stack trace.
    await writeChunked(io.stdout, html);
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
