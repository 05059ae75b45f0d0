// Issue 8, item 4: parse plus full analysis (the pipeline behind the editor and `reward
// check`) of generated specs of 1k, 10k and 100k lines, and the fitted exponent.
import { analyze } from '../../../server/src/analysis/analyze';
import { largeSpec } from '../gen/large-spec';
import { emit, isQuick, row } from '../row';
import { fitExponent, median, timeRuns } from '../stats';

const quick = isQuick();
const SIZES = quick ? [250, 500, 1_000] : [1_000, 10_000, 100_000];
const WHY = "The machine checks build a LineIndex of the whole text once per machine (analysis/machines.ts, machineDiagnostics): machines x file size. Profiled at 40k lines, LineIndex is 63% of analyze() and machineChecks takes 13.3 s of 17.9 s CPU (0.5 s at 10k lines). Closing it: build the LineIndex once in machineChecks and pass it down. The parser's doc-comment lookup (syntax/parse.ts, attachDoc) also scans every later comment for each declaration: declarations x comments; a binary search over the sorted comments fixes it.";

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
  why: () => WHY,
  detail: { lines, ms: times },
}));
