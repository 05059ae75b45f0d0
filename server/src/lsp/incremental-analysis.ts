import type { Analysis } from '../analysis/analyze';
import { ANALYSES } from '../analysis/registry';
import type { Diagnostic } from '../base/diagnostic';
import type { Span } from '../base/span';
import { check, checkIncremental, type CheckPiece, type CheckState } from '../names/check';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { parseIncremental, type Chunk, type IncrementalParse } from '../syntax/incremental';

// The editor's analysis of a new version from the last one (issue #15, point 2): the same
// result as `analyze(text)` (analysis/analyze.ts; the tests hold them equal after random
// edits), computed from what changed. Parsing re-reads only the declarations an edit touched
// (syntax/incremental.ts); names and types are checked on the whole tree (cheap, and every
// feature needs the whole model); the analyses of section 7 run only on the declarations that
// changed and those that read them (with what they read), and every other declaration keeps
// its diagnostics, moved with it. Any case this does not cover is analysed whole.

export interface IncrementalAnalysis {
  readonly analysis: Analysis;
  readonly parse: IncrementalParse;
  /** The diagnostics of the analyses (none when names or types had errors), in the order they report. */
  readonly analysed: readonly Tagged[] | undefined;
  /** How the analyses ran: not at all (errors), on the whole model, or on a slice of this many declarations. */
  readonly ran: 'none' | 'whole' | number;
  /** The name check's state for the next version (none: the next is checked whole). */
  readonly check: CheckState | undefined;
  /** How many declarations the name check checked anew ('whole': the tree was parsed whole, so all). */
  readonly checked: number | 'whole';
  /** Who reads whom in this version, once computed (the next version's slice needs it too). */
  readonly deps?: Dependencies;
  /**
   * In a version whose analyses did not run (errors), the last version whose did, and for each
   * chunk kept since then, its chunk there: the next sound version is analysed on a slice from
   * that one rather than whole.
   */
  readonly sound?: { readonly state: IncrementalAnalysis; readonly toSound: ReadonlyMap<Chunk, Chunk> };
}

type Dependencies = ReturnType<typeof dependencies>;

/** An analysis diagnostic with the analysis that reported it, to keep the report order. */
interface Tagged {
  readonly d: Diagnostic;
  readonly analysis: number;
  readonly seq: number;
}

/** Declarations whose change is read by every analysis: any edit of one analyses the whole model. */
const GLOBAL = new Set(['discount', 'horizon', 'continuing', 'exclusive']);

export function analyzeIncremental(text: string, previous?: IncrementalAnalysis): IncrementalAnalysis {
  const parse = parseIncremental(text, previous?.parse);
  const parsed = parse.result;
  const pieces: CheckPiece[] | undefined = parse.byChunks
    ? parse.chunks.flatMap((c) => c.placed.file.declarations.map((placed, i) => ({ placed, local: c.local.file.declarations[i], delta: c.start, origin: c.origin })))
    : undefined;
  const incremental = pieces ? checkIncremental(parsed.file, pieces, previous?.check) : undefined;
  const checked = incremental?.result ?? check(parsed.file);
  const early = [...parsed.diagnostics, ...checked.diagnostics];
  let analysed: Tagged[] = [];
  let ran: IncrementalAnalysis['ran'] = 'none';
  let deps: Dependencies | undefined;
  // The version the analyses are moved from, and this parse seen from it.
  const base = previous?.analysed ? { state: previous, parse } : previous?.sound ? { state: previous.sound.state, parse: since(parse, previous.sound.toSound) } : undefined;
  if (!early.some((d) => d.severity === 'error')) {
    const sliced = base && parse.byChunks && base.state.parse.byChunks ? bySlice(base.parse, checked.model, base.state) : undefined;
    if (sliced) [analysed, ran, deps] = [sliced.analysed, sliced.size, sliced.deps];
    else [analysed, ran] = [runAnalyses(checked.model), 'whole'];
  }
  const ordered = [...analysed].sort((a, b) => a.d.span.start - b.d.span.start || a.d.span.end - b.d.span.end || a.analysis - b.analysis || a.seq - b.seq);
  const diagnostics = [...early, ...ordered.map((t) => t.d)].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const analysis: Analysis = { text, parsed, model: checked.model, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
  // A version parsed whole (a syntax error somewhere) has no check by declaration: the next one
  // is checked from the last that had (its units are still the results of their trees).
  const checkState = parse.byChunks ? incremental?.state : previous?.check;
  const sound = ran !== 'none' || !base ? undefined : { state: base.state, toSound: base.parse.previousOf };
  return { analysis, parse, analysed: ran === 'none' ? undefined : ordered, ran, check: checkState, checked: incremental?.checked ?? 'whole', deps, ...(sound ? { sound } : {}) };
}

/** `parse` as seen from an older version: `toOld` maps the chunks of the version before `parse` to that version's; the chunks not mapped count as parsed anew. */
function since(parse: IncrementalParse, toOld: ReadonlyMap<Chunk, Chunk>): IncrementalParse {
  const previousOf = new Map<Chunk, Chunk>();
  for (const [now, before] of parse.previousOf) {
    const old = toOld.get(before);
    if (old) previousOf.set(now, old);
  }
  return { ...parse, previousOf, reparsed: new Set(parse.chunks.filter((c) => !previousOf.has(c))) };
}

function runAnalyses(model: Model): Tagged[] {
  return ANALYSES.flatMap((a, analysis) => {
    try {
      return a(model).map((d, seq) => ({ d, analysis, seq }));
    } catch {
      // As analyze() does: an analysis bug must not take the editor down.
      return [];
    }
  });
}

/**
 * The analyses re-run on a slice: the declarations that changed, those that read them
 * (transitively), with everything they read. Analyses report per reward, machine and formula,
 * so the new result is the old one, less what the old slice reported, plus what the new slice
 * reports. Undefined when the whole model must be analysed.
 */
function bySlice(parse: IncrementalParse, model: Model, previous: IncrementalAnalysis): { analysed: Tagged[]; size: number; deps: Dependencies } | undefined {
  const file = parse.result.file;
  const oldFile = previous.parse.result.file;
  const keptOld = new Set<Chunk>(parse.previousOf.values());
  const changed = parse.chunks.filter((c) => parse.reparsed.has(c)).flatMap((c) => c.placed.file.declarations);
  const removed = previous.parse.chunks.filter((c) => !keptOld.has(c)).flatMap((c) => c.placed.file.declarations);
  if ([...changed, ...removed].some((d) => GLOBAL.has(d.kind))) return undefined;
  // The same declaration in both versions (of the chunks kept).
  const toNew = new Map<A.Declaration, A.Declaration>();
  const toOld = new Map<A.Declaration, A.Declaration>();
  for (const [now, old] of parse.previousOf) {
    old.placed.file.declarations.forEach((d, i) => {
      toNew.set(d, now.placed.file.declarations[i]);
      toOld.set(now.placed.file.declarations[i], d);
    });
  }
  const names = [...changed, ...removed].flatMap((d) => nameOf(d) ?? []);
  const newDeps = dependencies(model, file.declarations);
  const oldDeps = previous.deps ?? dependencies(previous.analysis.model, oldFile.declarations);
  const redoNew = readersClosure(changed, names, newDeps.readers);
  const redoOld = readersClosure(removed, names, oldDeps.readers);
  for (const d of redoOld) if (toNew.has(d)) redoNew.add(toNew.get(d)!);
  for (const d of redoNew) if (toOld.has(d)) redoOld.add(toOld.get(d)!);
  const sliceNew = sliceOf(redoNew, file.declarations, model, newDeps.reads);
  const sliceOld = sliceOf(redoOld, oldFile.declarations, previous.analysis.model, oldDeps.reads);
  // The declarations kept in one slice are those kept in the other.
  for (const d of sliceNew) if (toOld.has(d) && !sliceOld.has(toOld.get(d)!)) return undefined;
  for (const d of sliceOld) if (toNew.has(d) && !sliceNew.has(toNew.get(d)!)) return undefined;

  const ranNew = analyseSlice(sliceNew, file);
  const ranOld = analyseSlice(sliceOld, oldFile);
  if (!ranNew || !ranOld) return undefined;
  // The old result less what the old slice reported (as a multiset), moved to the new text.
  const inOldSlice = [...sliceOld].sort((x, y) => x.span.start - y.span.start);
  const counts = new Map<string, number>();
  for (const t of ranOld) counts.set(key(t.d), (counts.get(key(t.d)) ?? 0) + 1);
  const move = mover(previous, parse);
  const out: Tagged[] = [];
  for (const t of previous.analysed ?? []) {
    if (declarationAt(inOldSlice, t.d.span.start)) {
      const k = key(t.d);
      const n = counts.get(k) ?? 0;
      if (n > 0) {
        counts.set(k, n - 1);
        continue;
      }
    }
    const d = move(t.d);
    if (!d) return undefined;
    out.push({ ...t, d });
  }
  // Everything the old slice reported was in the old result: otherwise the slice did not report alike.
  if ([...counts.values()].some((n) => n > 0)) return undefined;
  return { analysed: [...out, ...ranNew], size: sliceNew.size, deps: newDeps };
}

function readersClosure(start: readonly A.Declaration[], names: readonly string[], readers: ReadonlyMap<string, A.Declaration[]>): Set<A.Declaration> {
  const out = new Set<A.Declaration>();
  const queue: A.Declaration[] = [...start];
  for (const n of names) queue.push(...(readers.get(n) ?? []));
  while (queue.length) {
    const d = queue.pop()!;
    if (out.has(d)) continue;
    out.add(d);
    const n = nameOf(d);
    if (n !== undefined) queue.push(...(readers.get(n) ?? []));
  }
  return out;
}

/** `roots`, everything they read (transitively), the discount, horizon, and the exclusions of the props in it. */
function sliceOf(roots: ReadonlySet<A.Declaration>, all: readonly A.Declaration[], model: Model, reads: ReadonlyMap<A.Declaration, string[]>): Set<A.Declaration> {
  const slice = new Set<A.Declaration>();
  const add = (d: A.Declaration) => {
    const stack = [d];
    while (stack.length) {
      const x = stack.pop()!;
      if (slice.has(x)) continue;
      slice.add(x);
      for (const n of reads.get(x) ?? []) {
        const y = model.declarations.get(n);
        if (y) stack.push(y);
      }
    }
  };
  for (const d of roots) add(d);
  if (slice.size === 0) return slice;
  for (const d of all) if (d.kind === 'discount' || d.kind === 'horizon' || d.kind === 'continuing') slice.add(d);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of all) {
      if (d.kind !== 'exclusive' || slice.has(d)) continue;
      if (!(reads.get(d) ?? []).some((n) => slice.has(model.declarations.get(n)!))) continue;
      add(d);
      grew = true;
    }
  }
  return slice;
}

/** The analyses of a slice of `file`; undefined if the slice alone has errors of names or types. */
function analyseSlice(slice: ReadonlySet<A.Declaration>, file: A.SpecFile): Tagged[] | undefined {
  if (slice.size === 0) return [];
  const sliceFile: A.SpecFile = { declarations: file.declarations.filter((d) => slice.has(d)), comments: file.comments, text: file.text };
  const checked = check(sliceFile);
  if (checked.diagnostics.some((d) => d.severity === 'error')) return undefined;
  return runAnalyses(checked.model);
}

const key = (d: Diagnostic) => JSON.stringify([d.code, d.severity, d.span.start, d.span.end, d.message, d.related, d.unnecessary, d.fixes]);

/** Moves a diagnostic of the previous text into the new one, with the chunks it lies in; undefined if one of its spans is in a chunk that changed. */
function mover(previous: IncrementalAnalysis, parse: IncrementalParse): (d: Diagnostic) => Diagnostic | undefined {
  const newStart = new Map<Chunk, number>();
  const lineMoved = new Set<Chunk>();
  for (const [now, old] of parse.previousOf) {
    newStart.set(old, now.start);
    if (now.line !== old.line) lineMoved.add(old);
  }
  const oldChunks = previous.parse.chunks;
  const chunkAt = (offset: number): Chunk => {
    let lo = 0;
    let hi = oldChunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (oldChunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return oldChunks[lo];
  };
  const move = (s: Span): Span | undefined => {
    const c = chunkAt(s.start);
    const start = newStart.get(c);
    if (start === undefined || s.end > c.start + c.text.length) return undefined;
    return { start: s.start + start - c.start, end: s.end + start - c.start };
  };
  return (d) => {
    const span = move(d.span);
    if (!span) return undefined;
    // A message that names a line (analysis/machines.ts does) cannot move to another line.
    if (lineMoved.has(chunkAt(d.span.start)) && /\bline \d/.test(d.message)) return undefined;
    const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { ...d, span };
    if (d.related) {
      const r = d.related.map((x) => ({ ...x, span: move(x.span) }));
      if (r.some((x) => !x.span)) return undefined;
      out.related = r as Diagnostic['related'];
    }
    if (d.fixes) {
      const f = d.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, span: move(e.span) })) }));
      if (f.some((x) => x.edits.some((e) => !e.span))) return undefined;
      out.fixes = f as Diagnostic['fixes'];
    }
    return out;
  };
}

const nameOf = (d: A.Declaration): string | undefined => ('name' in d && d.name ? d.name.text : undefined);

function declarationAt(ds: readonly A.Declaration[], offset: number): A.Declaration | undefined {
  let lo = 0;
  let hi = ds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = ds[mid];
    if (offset < d.span.start) hi = mid - 1;
    else if (offset > d.span.end) lo = mid + 1;
    else return d;
  }
  return undefined;
}

/** Who reads whom: per name, the declarations whose text mentions it; per declaration, the names it mentions. */
function dependencies(model: Model, ds: readonly A.Declaration[]) {
  const readers = new Map<string, A.Declaration[]>();
  const reads = new Map<A.Declaration, string[]>();
  for (const o of model.occurrences) {
    if (o.declaration) continue;
    const t = o.target;
    const name = t.kind === 'declaration' ? t.name : t.kind === 'state' ? t.machine : t.kind === 'member' ? t.owner : undefined;
    if (name === undefined) continue;
    const reader = declarationAt(ds, o.span.start);
    if (!reader) continue;
    const list = readers.get(name) ?? [];
    if (list[list.length - 1] !== reader) list.push(reader);
    readers.set(name, list);
    const r = reads.get(reader) ?? [];
    if (r[r.length - 1] !== name) r.push(name);
    reads.set(reader, r);
  }
  return { readers, reads };
}
