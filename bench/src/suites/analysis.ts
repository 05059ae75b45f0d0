// Issue 8, item 4: parse plus full analysis (the pipeline behind the editor and `reward
// check`) of generated specs of 1k, 10k and 100k lines, and the fitted exponent.
import { analyze } from '../../../server/src/analysis/analyze';
import { parse } from '../../../server/src/syntax/parse';
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

// Issue 12, item 4: a reward block of many items (one machine, one formula and a potential
// named on many lines, beside constants and terms). Each machine's return range and value
// iteration, and each task ending, used to be solved once per item that names it: 4,000 items
// took 14 s. Now once per machine; the fitted exponent over the item counts should be ~1.
const ITEMS = quick ? [250, 500, 1_000] : [1_000, 2_000, 4_000];
const manyItems = (n: number): string => {
  const kinds = ['  m', '  f', '  shaping m', '  -0.01', "  0.1 * (x' - x)", '  2 * m', '  shaping phi'];
  return [
    'discount 1', 'horizon 200', 'signal x: number in [0, 1] = obs[0]', 'prop g = x > 0.5', 'prop h', 'potential phi = x',
    'machine m {', '  initial a', '  terminal done, failed', '  a -> b when g reward 1', '  b -> a when !g reward 1', '  b -> done when h reward 5', '  a -> failed when h reward -1', '}',
    'ltl f = F (g && X h)  accept 2 reject -1',
    'reward main {', ...Array.from({ length: n }, (_, i) => kinds[i % kinds.length]), '}', '',
  ].join('\n');
};
const itemTimes: number[] = [];
for (const n of ITEMS) {
  const text = manyItems(n);
  const ms = timeRuns(3, () => void analyze(text), 1);
  itemTimes.push(median(ms));
  emit(row({ suite: 'analysis', what: `analyze() of one reward block of ${n.toLocaleString('en-US')} items`, figure: median(ms), unit: 'ms', detail: { items: n, runs: 3, ms } }));
}
emit(row({
  suite: 'analysis',
  what: `analysis scaling exponent in reward items, ${ITEMS.map((n) => n.toLocaleString('en-US')).join(' / ')} items`,
  figure: fitExponent(ITEMS, itemTimes),
  unit: 'exponent',
  target: { on: 'figure', op: '<=', value: 1.1 },
  why: () => 'Profile analyze() on bench/src/suites/analysis.ts manyItems: a fact computed per item instead of per machine, formula or block.',
  detail: { items: ITEMS, ms: itemTimes },
}));

// Issue 12, item 5: a 100,000-term sum on one line (`x + x + ... + x`), analysed whole, against
// parsing it in the same run. Lowering it once dominated the analysis (hash-consing keys as
// strings, the term lowered on both states): profile analyze() on this text if the ratio grows.
{
  const n = quick ? 10_000 : 100_000;
  const text = `signal x: number in [0, 1]\nterm t = ${Array(n).fill('x').join(' + ')}\nreward r { t }\n`;
  const runs = quick ? 3 : 3;
  const parseMs = median(timeRuns(runs, () => void parse(text), 1));
  const ms = timeRuns(runs, () => void analyze(text), 1);
  emit(row({
    suite: 'analysis',
    what: `analyze() of a ${n.toLocaleString('en-US')}-term sum on one line`,
    figure: median(ms),
    unit: 'ms',
    reference: parseMs,
    referenceWhat: 'parse() of the same text',
    ratioWhat: 'analyze / parse',
    detail: { terms: n, runs, ms, parseMs },
  }));
}
