// Slices of the full-resolution store: one episode for drawing, one step for the hover. Pure
// functions over the payload: the language server and the standalone report page answer the
// webview with the same ones, so they live with the types they read and write.
import type { Band, EpisodeView, LtlStatus, PreviewStore, StepValues } from './preview';

/** Something per series of the store, in the store's shape: a typed array, a column, where the report keeps it. */
export interface SeriesOf<X> {
  /** Per variant. */
  readonly reward: readonly X[];
  /** Per variant, per component. */
  readonly components: readonly (readonly X[])[];
  readonly machines: readonly X[];
  readonly ltl: readonly X[];
  readonly props: readonly X[];
}

/** Every series, in the store's order. */
export const allSeries = <X>(s: SeriesOf<X>): X[] => [...s.reward, ...s.components.flat(), ...s.machines, ...s.ltl, ...s.props];

/** The same shape with `f` applied to each series. */
export function mapSeries<X, Y>(s: SeriesOf<X>, f: (x: X) => Y): SeriesOf<Y> {
  return { reward: s.reward.map(f), components: s.components.map((cs) => cs.map(f)), machines: s.machines.map(f), ltl: s.ltl.map(f), props: s.props.map(f) };
}

/** One series, by global step: a typed array of the store, or the report's decoded chunks. */
export interface Column {
  subarray(begin: number, end: number): ArrayLike<number>;
}

/**
 * What the slices read: the store's per-step series by global step. A PreviewStore is one (its
 * typed arrays are columns); the standalone report is another, whose columns are the chunks of
 * its detail that the page has decoded (protocol/detail.ts, `stepsNeeded` says which).
 */
export interface StepSource extends SeriesOf<Column> {
  readonly meta: PreviewStore['meta'];
  readonly offsets: Int32Array;
  /** Where the returns so far were: without it a slice sums from the episode's start each time. */
  readonly checkpoints?: ReturnCheckpoints;
}

/**
 * The running return, discounted return and discount of each episode every PIECE steps, kept by
 * whoever answers the slices (the server per preview, the report page): a step late in a long
 * episode is then summed from the checkpoint before it, in the evaluator's order, so to the same
 * bit, instead of from the episode's start.
 */
export class ReturnCheckpoints {
  private readonly kept = new Map<Column, Map<number, number[]>>();

  /** The states [sum, discounted, discount] after 0, PIECE, 2 PIECE, ... steps of the episode starting at `base`, flat. */
  of(c: Column, base: number): number[] {
    let byEpisode = this.kept.get(c);
    if (!byEpisode) this.kept.set(c, (byEpisode = new Map()));
    let states = byEpisode.get(base);
    if (!states) byEpisode.set(base, (states = [0, 0, 1]));
    return states;
  }
}

/**
 * The return and discounted return after each step `from` to `to - 1` of the episode starting at
 * `base` (`each` sees them), summed in the evaluator's order from the episode's start, so that
 * the numbers equal `reward eval`'s to the last bit; returns those after step `to - 1`.
 */
function runningReturns(s: StepSource, r: Column, base: number, from: number, to: number, each?: (t: number, sum: number, disc: number) => void): [number, number] {
  const gamma = s.meta.gamma;
  const states = s.checkpoints?.of(r, base) ?? [0, 0, 1];
  const k = Math.min(Math.floor(from / PIECE), states.length / 3 - 1);
  let sum = states[3 * k];
  let disc = states[3 * k + 1];
  let power = states[3 * k + 2];
  pieces(r, base + k * PIECE, base + to, (v, first) => {
    const t0 = first - base; // a multiple of PIECE: the pieces start at a checkpoint
    if (t0 / PIECE === states.length / 3) states.push(sum, disc, power);
    for (let j = 0; j < v.length; j++) {
      const x = v[j];
      sum += x;
      disc += power * x;
      power *= gamma;
      // As the evaluator does (docs/language.md): below the smallest normal double gamma^t is 0.
      if (power < 2.2250738585072014e-308) power = 0;
      if (each && t0 + j >= from) each(t0 + j, sum, disc);
    }
  });
  return [sum, disc];
}

/** Steps are read in pieces of this many, so a view of a long episode holds no copy of it. */
const PIECE = 65536;

export function checkEpisode(s: { readonly offsets: Int32Array }, episode: number): void {
  const n = s.offsets.length - 1;
  if (!Number.isInteger(episode) || episode < 0 || episode >= n) throw new RangeError(`episode ${episode} does not exist (the preview has ${n} episode${n === 1 ? '' : 's'})`);
}

/** The steps of an episode a view of `[from, to)` clips to. */
export function clipRange(steps: number, from?: number, to?: number): [number, number] {
  const lo = Math.max(0, Math.min(steps, Math.floor(from ?? 0)));
  const hi = Math.max(lo, Math.min(steps, to === undefined ? steps : Math.floor(to)));
  return [lo, hi];
}

/**
 * The global steps a slice reads: every series over `[base + from, base + to)`, and the
 * rewards from the episode's start (the returns so far are sums from there).
 */
export function stepsNeeded(s: { readonly offsets: Int32Array }, episode: number, from?: number, to?: number): { readonly start: number; readonly from: number; readonly to: number } {
  checkEpisode(s, episode);
  const base = s.offsets[episode];
  const [lo, hi] = clipRange(s.offsets[episode + 1] - base, from, to);
  return { start: base, from: base + lo, to: base + hi };
}

/** Calls `f(values, first)` on consecutive pieces of `[from, to)` of a column. */
function pieces(c: Column, from: number, to: number, f: (values: ArrayLike<number>, first: number) => void): void {
  for (let p = from; p < to; p += PIECE) f(c.subarray(p, Math.min(to, p + PIECE)), p);
}

/**
 * Steps `from` to `to - 1` of an episode in at most `columns` columns. Each series keeps its
 * smallest and largest value per column (min/max decimation: spikes stay visible); machine
 * states and verdicts are those at the end of the column; a prop's cell is the share of the
 * column's steps where it holds.
 */
export function episodeView(s: StepSource, episode: number, columns: number, from = 0, to?: number): EpisodeView {
  checkEpisode(s, episode);
  const base = s.offsets[episode];
  const steps = s.offsets[episode + 1] - base;
  const [lo, hi] = clipRange(steps, from, to);
  const n = hi - lo;
  const cols = Math.max(1, Math.floor(columns));
  const exact = n <= cols;
  const count = exact ? n : cols;
  const start = new Int32Array(count);
  for (let i = 0; i < count; i++) start[i] = lo + (exact ? i : Math.floor((i * n) / cols));
  const end = (i: number) => (i + 1 < count ? start[i + 1] : hi);
  const gamma = s.meta.gamma;

  /** Min and max per column of values that arrive step by step from `lo` on. */
  const bander = () => {
    const bl = new Float64Array(count).fill(Infinity);
    const bh = exact ? bl : new Float64Array(count).fill(-Infinity);
    let i = 0;
    let next = count > 1 ? start[1] : hi;
    return {
      band: { lo: bl, hi: bh } as Band,
      add(t: number, x: number) {
        if (exact) {
          bl[t - lo] = x;
          return;
        }
        while (t >= next) next = ++i + 1 < count ? start[i + 1] : hi;
        if (x < bl[i]) bl[i] = x;
        if (x > bh[i]) bh[i] = x;
        if (x !== x) bl[i] = bh[i] = NaN; // a non-finite step stays visible as a gap
      },
    };
  };
  const band = (c: Column): Band => {
    const b = bander();
    pieces(c, base + lo, base + hi, (v, first) => {
      const t0 = first - base;
      for (let k = 0; k < v.length; k++) b.add(t0 + k, v[k]);
    });
    return b.band;
  };
  const lastOfColumn = <T extends Int32Array | Int8Array>(c: Column, out: T): T => {
    for (let i = 0; i < count; i++) out[i] = c.subarray(base + end(i) - 1, base + end(i))[0];
    return out;
  };

  const cumulative: Band[] = [];
  const discounted: Band[] = [];
  for (const r of s.reward) {
    const c = bander();
    const d = bander();
    runningReturns(s, r, base, lo, hi, (t, sum, disc) => {
      c.add(t, sum);
      d.add(t, disc);
    });
    cumulative.push(c.band);
    discounted.push(d.band);
  }
  return {
    episode,
    steps,
    from: lo,
    to: hi,
    exact,
    start,
    reward: s.reward.map(band),
    components: s.components.map((cs) => cs.map(band)),
    cumulative,
    discounted,
    machines: s.machines.map((m) => lastOfColumn(m, new Int32Array(count))),
    ltl: s.ltl.map((l) => lastOfColumn(l, new Int8Array(count))),
    props: s.props.map((p) => {
      const on = new Float64Array(count);
      let i = 0;
      pieces(p, base + lo, base + hi, (v, first) => {
        for (let k = 0; k < v.length; k++) {
          const t = first - base + k;
          while (t >= end(i)) i++;
          on[i] += v[k];
        }
      });
      return Uint8Array.from(on, (x, j) => Math.round((255 * x) / (end(j) - start[j])));
    }),
  };
}

const STATUS: readonly LtlStatus[] = ['rejected', 'pending', 'accepted'];

/** Every value of step `t` of an episode, at full resolution. */
export function stepValues(s: StepSource, episode: number, t: number): StepValues {
  checkEpisode(s, episode);
  const base = s.offsets[episode];
  const steps = s.offsets[episode + 1] - base;
  if (!Number.isInteger(t) || t < 0 || t >= steps) throw new RangeError(`step ${t} does not exist in episode ${episode} (it has ${steps} step${steps === 1 ? '' : 's'})`);
  const i = base + t;
  const at = (c: Column) => c.subarray(i, i + 1)[0];
  const cumulative = new Float64Array(s.reward.length);
  const discounted = new Float64Array(s.reward.length);
  s.reward.forEach((r, v) => {
    [cumulative[v], discounted[v]] = runningReturns(s, r, base, t, t + 1);
  });
  return {
    episode,
    t,
    reward: Float64Array.from(s.reward, at),
    components: s.components.map((cs) => Float64Array.from(cs, at)),
    cumulative,
    discounted,
    machines: s.machines.map((m, k) => s.meta.machines[k].states[at(m)]),
    ltl: s.ltl.map((l) => STATUS[at(l) + 1]),
    props: s.props.map((p) => at(p) === 1),
  };
}
