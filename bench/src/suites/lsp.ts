// Issue 8, item 5: editing latency through the protocol. The bundled server over stdio, a
// 10k-line spec open, single-character edits: the wall time from didChange to the diagnostics
// of that version (with the server's default debounce), completion sent right after an edit
// (as an editor does while typing), and hover once the version is analysed.
import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import { analyze } from '../../../server/src/analysis/analyze';
import { largeSpec, MODULE_LINES } from '../gen/large-spec';
import { ROOT, SERVER } from '../paths';
import { emit, isQuick, row } from '../row';
import { median, percentile } from '../stats';

const quick = isQuick();
const LINES = quick ? 500 : 10_000;
const EDITS = quick ? 10 : 200;
/** The run stops editing after this long, and says how many edits it made. */
const BUDGET_MS = quick ? 30_000 : 100_000;
const DEBOUNCE_MS = 50; // server/src/lsp/server.ts, DEFAULT_DEBOUNCE_MS: not overridden here
const HEADER_LINES = 4;

const text = largeSpec(LINES);
const lines = text.split('\n');
const modules = Math.round((lines.length - HEADER_LINES) / MODULE_LINES);
const uri = 'file:///bench/large.reward';

/** Line of `needle` within module m, and the character just after `after` on it. */
function at(m: number, prefix: string, after: string): { line: number; character: number } {
  for (let l = HEADER_LINES + m * MODULE_LINES; l < HEADER_LINES + (m + 1) * MODULE_LINES; l++) {
    if (lines[l].startsWith(prefix)) return { line: l, character: lines[l].indexOf(after) + after.length };
  }
  throw new Error(`no '${prefix}' in module ${m}`);
}

// The in-process analysis of the same text: the floor of any whole-file re-analysis.
const analyzeMs: number[] = [];
for (let i = 0; i < (quick ? 2 : 3); i++) {
  const t = performance.now();
  analyze(text);
  analyzeMs.push(performance.now() - t);
}

const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
const published = new Map<number, number>(); // version -> time received
let wake: (() => void) | undefined;
connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => {
  if (p.uri === uri && p.version !== undefined) published.set(p.version, performance.now());
  wake?.();
});
for (const m of ['workspace/configuration']) connection.onRequest(m, (p: { items: unknown[] }) => p.items.map(() => null));
for (const m of ['client/registerCapability', 'window/workDoneProgress/create', 'workspace/diagnostic/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh']) connection.onRequest(m, () => null);
connection.listen();

async function diagnosticsOf(version: number, timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (!published.has(version)) {
    if (performance.now() > deadline) throw new Error(`no diagnostics for version ${version} within ${timeoutMs} ms`);
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 50);
    });
  }
  return published.get(version)!;
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await f();
  return { ms: performance.now() - t, value };
}

await connection.sendRequest('initialize', {
  processId: process.pid,
  rootUri: null,
  capabilities: { textDocument: { publishDiagnostics: { versionSupport: true }, hover: { contentFormat: ['markdown'] }, completion: { completionItem: { snippetSupport: true } } } },
});
await connection.sendNotification('initialized', {});
const opened = performance.now();
await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'reward', version: 1, text } });
const openMs = (await diagnosticsOf(1)) - opened;

const diagnostics: number[] = [];
const completion: number[] = [];
const hover: number[] = [];
const ping: number[] = [];
const started = performance.now();
let version = 1;
for (let i = 0; i < EDITS && performance.now() - started < BUDGET_MS; i++) {
  // Change the target digit of `def distM = abs(xM - K) + ...` to another digit: the spec stays valid.
  const m = (i * 37) % modules;
  const pos = at(m, 'def dist', ' - ');
  const old = lines[pos.line][pos.character];
  const digit = String((Number(old) % 9) + 1);
  lines[pos.line] = lines[pos.line].slice(0, pos.character) + digit + lines[pos.line].slice(pos.character + 1);
  version++;
  const sent = performance.now();
  void connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: digit }],
  });
  if (i % 2 === 0) {
    // While typing: completion at the end of an item name, before the new version is analysed.
    const c = await timed(() => connection.sendRequest<{ items?: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri }, position: at((m + 1) % modules, '  -0.1 * ctrl', 'ctrl') }));
    const items = Array.isArray(c.value) ? c.value : c.value?.items;
    if (!items || items.length === 0) throw new Error('completion returned nothing');
    completion.push(c.ms);
  }
  diagnostics.push((await diagnosticsOf(version)) - sent);
  const h = await timed(() => connection.sendRequest<{ contents?: unknown } | null>('textDocument/hover', { textDocument: { uri }, position: at((m + 2) % modules, 'prop near', '= dist') }));
  if (!h.value?.contents) throw new Error('hover returned nothing');
  hover.push(h.ms);
  const p = await timed(() => connection.sendRequest('bench/ping', {}).catch((e: unknown) => (e instanceof ResponseError ? null : Promise.reject(e))));
  ping.push(p.ms);
}
await connection.sendRequest('shutdown');
// The server exits on `exit` and closes its end: writes racing that (a late cancellation)
// must not crash the benchmark.
child.stdin!.on('error', () => {});
const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
await connection.sendNotification('exit');
await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 5000))]);
connection.dispose();
child.kill();

const edits = diagnostics.length;
const note = edits < EDITS ? ` (${edits} of ${EDITS}: the ${BUDGET_MS / 1000} s budget ran out)` : '';
const common = { lines: lines.length, edits, debounceMs: DEBOUNCE_MS, openMs, analyzeMs };
const floor = DEBOUNCE_MS + median(analyzeMs);
const WHY_DIAGNOSTICS = `Every edit re-runs the whole pipeline on the whole file (${median(analyzeMs).toFixed(0)} ms in-process for ${lines.length} lines, after the ${DEBOUNCE_MS} ms debounce): the parser is about half of it at 10k lines, then the machine checks, which rebuild a LineIndex of the whole text per machine. Closing it: build that LineIndex once (analysis/machines.ts), a faster parser (see the parser row), and re-analysing only the declarations an edit touches.`;
for (const p of [50, 95]) {
  emit(row({
    suite: 'lsp',
    what: `didChange to publishDiagnostics, p${p}, ${lines.length.toLocaleString('en-US')}-line spec${note}`,
    figure: percentile(diagnostics, p),
    unit: 'ms',
    reference: floor,
    referenceWhat: `debounce (${DEBOUNCE_MS} ms) + in-process analyze() of the same text`,
    target: { on: 'figure', op: '<=', value: p === 50 ? 500 : 1000 },
    why: () => WHY_DIAGNOSTICS,
    detail: { ...common, samples: diagnostics },
  }));
}
const pingMs = median(ping);
for (const [name, samples, why] of [
  ['completion right after an edit', completion, `A request for a version not yet analysed analyses it first (workspace-analysis.ts, current()): completion pays the whole-file analysis. Closing it: answer completion from the last analysis when only an expression changed, or make the analysis incremental.`],
  ['hover, version analysed', hover, 'Hover on an analysed version should only look up a name; a slow p95 here is the machine load or a pending analysis of the server.'],
] as const) {
  emit(row({
    suite: 'lsp',
    what: `${name}, p95${note}`,
    figure: percentile(samples, 95),
    unit: 'ms',
    reference: pingMs,
    referenceWhat: 'round trip of a request the server does not know',
    target: { on: 'figure', op: '<=', value: 100 },
    why: () => why,
    detail: { ...common, p50: median(samples), samples, pingMs: ping },
  }));
}
