// Slices of the full-resolution store: one episode for drawing, one step for the hover. Pure
// functions over the payload: the language server and the standalone report page answer the
// webview with the same ones, so they live with the types they read and write.
import { episodeCount, stepCount, type Band, type EpisodeView, type LtlStatus, type PreviewStore, type StepValues } from './preview';

export function checkEpisode(s: PreviewStore, episode: number): void {
  const n = episodeCount(s);
  if (!Number.isInteger(episode) || episode < 0 || episode >= n) throw new RangeError(`episode ${episode} does not exist (the preview has ${n} episode${n === 1 ? '' : 's'})`);
}

/**
 * Steps `from` to `to - 1` of an episode in at most `columns` columns. Each series keeps its
 * smallest and largest value per column (min/max decimation: spikes stay visible); machine
 * states and verdicts are those at the end of the column; a prop's cell is the share of the
 * column's steps where it holds.
 */
export function episodeView(s: PreviewStore, episode: number, columns: number, from = 0, to?: number): EpisodeView {
  checkEpisode(s, episode);
  const steps = stepCount(s, episode);
  const lo = Math.max(0, Math.min(steps, Math.floor(from)));
  const hi = Math.max(lo, Math.min(steps, to === undefined ? steps : Math.floor(to)));
  const n = hi - lo;
  const cols = Math.max(1, Math.floor(columns));
  const exact = n <= cols;
  const count = exact ? n : cols;
  const start = new Int32Array(count);
  for (let i = 0; i < count; i++) start[i] = lo + (exact ? i : Math.floor((i * n) / cols));
  const base = s.offsets[episode];
  const gamma = s.meta.gamma;

  const band = (values: ArrayLike<number>, offset: number): Band => {
    if (exact) {
      const v = new Float64Array(count);
      for (let i = 0; i < count; i++) v[i] = values[offset + start[i]];
      return { lo: v, hi: v };
    }
    const bl = new Float64Array(count);
    const bh = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const end = i + 1 < count ? start[i + 1] : hi;
      let mn = Infinity;
      let mx = -Infinity;
      for (let t = start[i]; t < end; t++) {
        const x = values[offset + t];
        if (x < mn) mn = x;
        if (x > mx) mx = x;
        if (x !== x) mn = mx = NaN; // a non-finite step stays visible as a gap
      }
      bl[i] = mn;
      bh[i] = mx;
    }
    return { lo: bl, hi: bh };
  };
  const lastOfColumn = <T extends Int32Array | Int8Array>(values: T, make: (n: number) => T): T => {
    const out = make(count);
    for (let i = 0; i < count; i++) out[i] = values[base + (i + 1 < count ? start[i + 1] : hi) - 1];
    return out;
  };

  const cumulative: Band[] = [];
  const discounted: Band[] = [];
  for (const r of s.reward) {
    const [c, d] = runningReturns(r, base, hi, gamma);
    cumulative.push(band(c, 0));
    discounted.push(band(d, 0));
  }
  return {
    episode,
    steps,
    from: lo,
    to: hi,
    exact,
    start,
    reward: s.reward.map((r) => band(r, base)),
    components: s.components.map((cs) => cs.map((c) => band(c, base))),
    cumulative,
    discounted,
    machines: s.machines.map((m) => lastOfColumn(m, (k) => new Int32Array(k))),
    ltl: s.ltl.map((l) => lastOfColumn(l, (k) => new Int8Array(k))),
    props: s.props.map((p) => {
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) {
        const end = i + 1 < count ? start[i + 1] : hi;
        let on = 0;
        for (let t = start[i]; t < end; t++) on += p[base + t];
        out[i] = Math.round((255 * on) / (end - start[i]));
      }
      return out;
    }),
  };
}

/**
 * The return and discounted return after each of the first `to` steps, summed in the
 * evaluator's order so that the numbers equal `reward eval`'s to the last bit.
 */
function runningReturns(reward: Float64Array, base: number, to: number, gamma: number): [Float64Array, Float64Array] {
  const c = new Float64Array(to);
  const d = new Float64Array(to);
  let sum = 0;
  let disc = 0;
  let power = 1;
  for (let t = 0; t < to; t++) {
    const r = reward[base + t];
    sum += r;
    disc += power * r;
    power *= gamma;
    c[t] = sum;
    d[t] = disc;
  }
  return [c, d];
}

const STATUS: readonly LtlStatus[] = ['rejected', 'pending', 'accepted'];

/** Every value of step `t` of an episode, at full resolution. */
export function stepValues(s: PreviewStore, episode: number, t: number): StepValues {
  checkEpisode(s, episode);
  const steps = stepCount(s, episode);
  if (!Number.isInteger(t) || t < 0 || t >= steps) throw new RangeError(`step ${t} does not exist in episode ${episode} (it has ${steps} step${steps === 1 ? '' : 's'})`);
  const base = s.offsets[episode];
  const i = base + t;
  const cumulative = new Float64Array(s.reward.length);
  const discounted = new Float64Array(s.reward.length);
  s.reward.forEach((r, v) => {
    // The same sums as runningReturns, without keeping them.
    let sum = 0;
    let disc = 0;
    let power = 1;
    for (let k = 0; k <= t; k++) {
      sum += r[base + k];
      disc += power * r[base + k];
      power *= s.meta.gamma;
    }
    cumulative[v] = sum;
    discounted[v] = disc;
  });
  return {
    episode,
    t,
    reward: Float64Array.from(s.reward, (r) => r[i]),
    components: s.components.map((cs) => Float64Array.from(cs, (c) => c[i])),
    cumulative,
    discounted,
    machines: s.machines.map((m, k) => s.meta.machines[k].states[m[i]]),
    ltl: s.ltl.map((l) => STATUS[l[i] + 1]),
    props: s.props.map((p) => p[i] === 1),
  };
}
