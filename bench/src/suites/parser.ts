// Issue 8, item 3: parser bytes per second on a large generated spec, against JSON.parse on a
// JSON document of the same size, measured alternately in the same process.
import { parse } from '../../../server/src/syntax/parse';
import { largeSpec } from '../gen/large-spec';
import { jsonlLines } from '../gen/trajectory';
import { emit, isQuick, row } from '../row';
import { median, timePaired } from '../stats';

const quick = isQuick();
const LINES = quick ? 1_000 : 20_000;
const RUNS = quick ? 3 : 7;
const WHY = "Profile (node --cpu-prof on the bundled parse of the 20,000-line spec, 8 runs): garbage collection 26%, chevrotain's own rule machinery (OR alternatives, option and repetition bookkeeping, invokeRule) about a quarter, the lexer about 14% (tokenizeInternal and its token objects: 35 ms of 250 ms CPU per parse; ensureOptimizations is on and every token has a first-character hint, so the lexer is not the floor), layout.ts 3.5%, building the tree (build.ts, attachDoc) the rest. Closing it: fewer objects per token and node (the accumulators and the tree built in one pass), and the statement grammar's alternatives chosen by the first token rather than by chevrotain's OR.";

const spec = largeSpec(LINES);
const json = jsonOfLength(spec.length);
const parsed = parse(spec);
if (parsed.diagnostics.length > 0) throw new Error(`the generated spec has syntax errors: ${parsed.diagnostics[0].message}`);

const t = timePaired(RUNS, () => void parse(spec), () => void JSON.parse(json));
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
  why: () => WHY,
  detail: { bytes, jsonBytes: Buffer.byteLength(json), runs: RUNS, parseMs: t.a, jsonMs: t.b },
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
