// Issue 8, item 3: parser bytes per second on a large generated spec, against JSON.parse on a
// JSON document of the same size, measured alternately in the same process.
import { layout } from '../../../server/src/syntax/layout';
import { parse } from '../../../server/src/syntax/parse';
import { parser } from '../../../server/src/syntax/parser';
import { lexer } from '../../../server/src/syntax/tokens';
import { largeSpec } from '../gen/large-spec';
import { jsonlLines } from '../gen/trajectory';
import { emit, isQuick, row } from '../row';
import { median, timePaired, timeRuns } from '../stats';

const quick = isQuick();
const LINES = quick ? 1_000 : 20_000;
const RUNS = quick ? 3 : 7;
// The why line is written from the stages measured in this run: what the chevrotain lexer
// alone reaches against JSON.parse is the floor of any parser built on it.
const why = (stages: Stages, jsonMs: number) =>
  `Stages of one parse, medians of this run: the chevrotain lexer ${stages.lex.toFixed(1)} ms, layout ${stages.layout.toFixed(1)} ms, the grammar (parser.run, embedded actions, no CST) ${stages.grammar.toFixed(1)} ms, building the tree and attaching docs the rest; JSON.parse of the same bytes ${jsonMs.toFixed(1)} ms. The lexer alone reaches ${(jsonMs / stages.lex).toFixed(2)}x JSON.parse, so no parser on chevrotain's lexer meets 0.2x. Profile (node --cpu-prof, 30 parses): garbage collection about a third (the retained tokens, accumulators and tree: a larger young generation did not help), chevrotain's rule machinery (orInternal, option and repetition bookkeeping) about a quarter of the grammar. What would close it: a hand-written scanner into typed arrays and a parser over token indexes, which leaves chevrotain (the product card's parser). The editor does not pay this per keystroke: it re-parses only the declarations an edit touches (syntax/incremental.ts).`;

interface Stages {
  readonly lex: number;
  readonly layout: number;
  readonly grammar: number;
}

const spec = largeSpec(LINES);
const json = jsonOfLength(spec.length);
const parsed = parse(spec);
if (parsed.diagnostics.length > 0) throw new Error(`the generated spec has syntax errors: ${parsed.diagnostics[0].message}`);

const t = timePaired(RUNS, () => void parse(spec), () => void JSON.parse(json));
const lexed = lexer.tokenize(spec);
const laid = layout(lexed.tokens);
const stages: Stages = {
  lex: median(timeRuns(RUNS, () => void lexer.tokenize(spec))),
  // layout retypes tokens in place: it runs on a fresh lex each time, timed alone.
  layout: median(Array.from({ length: RUNS }, () => {
    const tokens = lexer.tokenize(spec).tokens;
    const start = process.cpuUsage();
    layout(tokens);
    const d = process.cpuUsage(start);
    return (d.user + d.system) / 1000;
  })),
  grammar: median(timeRuns(RUNS, () => void parser.run(laid.tokens))),
};
const bytes = Buffer.byteLength(spec);
const rate = (ms: number) => bytes / (ms / 1000);
emit(row({
  suite: 'parser',
  what: `parse(), generated spec of ${LINES.toLocaleString('en-US')} lines (${(bytes / 1e6).toFixed(2)} MB)`,
  figure: rate(median(t.a)),
  unit: 'bytes/s',
  reference: rate(median(t.b)),
  referenceWhat: 'JSON.parse, JSON document of the same size',
  target: { on: 'ratio', op: '>=', value: 0.2 },
  why: () => why(stages, median(t.b)),
  detail: { bytes, jsonBytes: Buffer.byteLength(json), runs: RUNS, parseMs: t.a, jsonMs: t.b, stageMs: stages },
}));

/** A JSON array of trajectory records, `length` characters long (padded with spaces). */
function jsonOfLength(length: number): string {
  const parts: string[] = [];
  let size = 2;
  for (const line of jsonlLines({ steps: length, episodeSteps: 1000, seed: 3 })) {
    if (size + line.length + 1 > length) break;
    parts.push(line);
    size += line.length + 1;
  }
  const s = `[${parts.join(',')}]`;
  return s + ' '.repeat(Math.max(0, length - s.length));
}
