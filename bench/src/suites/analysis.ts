// Issue 8, item 4: parse plus full analysis (the pipeline behind the editor and `reward
// check`) of generated specs of 1k, 10k and 100k lines, and the fitted exponent.
import { analyze } from '../../../server/src/analysis/analyze';
import { largeSpec } from '../gen/large-spec';
import { emit, isQuick, row } from '../row';
import { fitExponent, median, timeRuns } from '../stats';

const quick = isQuick();
const SIZES = quick ? [250, 500, 1_000] : [1_000, 10_000, 100_000];

const times: number[] = [];
const lines: number[] = [];
for (const n of SIZES) {
  const text = largeSpec(n);
  const runs = n >= 100_000 ? 1 : n >= 10_000 ? 3 : 5;
  let errors = 0;
  const ms = timeRuns(runs, () => void (errors = analyze(text).diagnostics.filter((d) => d.severity === 'error').length), n >= 100_000 ? 0 : 1);
  if (errors > 0) throw new Error(`the generated spec of ${n} lines has errors`);
  const count = text.split('\n').length;
  lines.push(count);
  times.push(median(ms));
  emit(row({
    suite: 'analysis',
    what: `analyze() (parse, names, all analyses), ${count.toLocaleString('en-US')} lines`,
    figure: median(ms),
    unit: 'ms',
    detail: { lines: count, bytes: text.length, runs, ms },
  }));
}
const k = fitExponent(lines, times);
emit(row({
  suite: 'analysis',
  what: `analysis scaling exponent, ${lines.map((n) => n.toLocaleString('en-US')).join(' / ')} lines`,
  figure: k,
  unit: 'exponent',
  target: { on: 'figure', op: '<=', value: 1.1 },
  why: () => 'Time grows faster than the spec: some step is quadratic in the number of declarations (see the report for the profile). Closing it: index by name instead of scanning all declarations per use.',
  detail: { lines, ms: times },
}));
