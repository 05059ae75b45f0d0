import { dataProblem, type DataProblem } from '../data/problem';

/** One labelled pair of episodes (LANGUAGE.md section 12), episodes by their ordinals. */
export interface Preference {
  readonly a: number;
  readonly b: number;
  readonly prefer: 'a' | 'b' | 'equal';
}

export interface PreferenceFit {
  /** The fraction of strict preferences whose preferred episode has the higher return (a tie counts half); null without strict preferences. */
  readonly agreement: number | null;
  /** The maximum (or, when `beta` is null, the supremum) of the Bradley-Terry log-likelihood. */
  readonly log_likelihood: number;
  /** The fitted inverse temperature, >= 0; null when the returns separate the labels perfectly (the likelihood grows as beta does). */
  readonly beta: number | null;
  /** The labels read (`equal` included). */
  readonly pairs: number;
}

/**
 * Reads preference labels, one JSON object a line: `{"a": EPISODE, "b": EPISODE, "prefer":
 * "a" | "b" | "equal"}`. A bad line is a problem (file, line, field) and is left out; the rest
 * is read. `episodes` is how many episodes the trajectories hold (an ordinal beyond is a problem).
 */
export function parsePreferences(text: string, file: string, episodes: number): { preferences: Preference[]; problems: DataProblem[] } {
  const preferences: Preference[] = [];
  const problems: DataProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const at = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      problems.push(dataProblem(file, at, '', `this line is not JSON (${e instanceof Error ? e.message : String(e)}); expected {"a": EPISODE, "b": EPISODE, "prefer": "a" | "b" | "equal"}`));
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(dataProblem(file, at, '', `expected an object {"a": EPISODE, "b": EPISODE, "prefer": "a" | "b" | "equal"}, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`));
      continue;
    }
    const o = value as Record<string, unknown>;
    let bad = false;
    const episode = (field: 'a' | 'b'): number => {
      const v = o[field];
      if (v === undefined) problems.push(dataProblem(file, at, field, `the field '${field}' is missing: expected the ordinal of an episode (0 to ${episodes - 1})`));
      else if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) problems.push(dataProblem(file, at, field, `expected the ordinal of an episode (an integer from 0 to ${episodes - 1}), found ${JSON.stringify(v)}`));
      else if (v >= episodes) problems.push(dataProblem(file, at, field, `there is no episode ${v}: the trajectories hold ${episodes} episode${episodes === 1 ? '' : 's'} (0 to ${episodes - 1})`));
      else return v;
      bad = true;
      return -1;
    };
    const a = episode('a');
    const b = episode('b');
    const prefer = o.prefer;
    if (prefer !== 'a' && prefer !== 'b' && prefer !== 'equal') {
      problems.push(dataProblem(file, at, 'prefer', prefer === undefined ? `the field 'prefer' is missing: expected "a", "b" or "equal"` : `expected "a", "b" or "equal", found ${JSON.stringify(prefer)}`));
      bad = true;
    }
    if (!bad && a === b) {
      problems.push(dataProblem(file, at, 'b', `'a' and 'b' are the same episode (${a}): a preference compares two episodes`));
      bad = true;
    }
    if (!bad) preferences.push({ a, b, prefer: prefer as Preference['prefer'] });
  }
  return { preferences, problems };
}

/**
 * How one reward's discounted returns `g` (by episode ordinal) agree with the labels, and the
 * Bradley-Terry fit `P(a > b) = sigmoid(beta * (G_a - G_b))`, beta >= 0 by maximum likelihood;
 * an `equal` label counts as half a preference each way. Labels on an episode whose return is
 * not finite are left out of this reward's figures (`pairs` still counts every label read).
 */
export function fitPreferences(preferences: readonly Preference[], g: ArrayLike<number>): PreferenceFit {
  // Each label as weighted differences d = G_preferred - G_other.
  const d: number[] = [];
  const w: number[] = [];
  let strict = 0;
  let agreed = 0;
  for (const p of preferences) {
    const ga = g[p.a];
    const gb = g[p.b];
    if (!Number.isFinite(ga) || !Number.isFinite(gb)) continue;
    if (p.prefer === 'equal') {
      d.push(ga - gb, gb - ga);
      w.push(0.5, 0.5);
      continue;
    }
    const diff = p.prefer === 'a' ? ga - gb : gb - ga;
    d.push(diff);
    w.push(1);
    strict++;
    agreed += diff > 0 ? 1 : diff === 0 ? 0.5 : 0;
  }
  const { beta, logLikelihood } = bradleyTerry(d, w);
  return { agreement: strict === 0 ? null : agreed / strict, log_likelihood: logLikelihood, beta, pairs: preferences.length };
}

/** log(sigmoid(z)), without overflow. */
export const logSigmoid = (z: number): number => (z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z)));

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Maximises l(beta) = sum_k w_k log sigmoid(beta d_k) over beta >= 0. l is concave; its slope at 0
 * is sum w d / 2. Three cases: the slope at 0 is <= 0 (every d 0 included): beta = 0; every weighted
 * d >= 0 with one > 0 (the labels are separated): l grows towards its supremum, the terms with d
 * = 0 at log(1/2), and beta is null; else the slope crosses 0 at one beta > 0, found by bisection.
 */
export function bradleyTerry(d: readonly number[], w: readonly number[]): { beta: number | null; logLikelihood: number } {
  const ll = (beta: number) => {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += w[k] * logSigmoid(beta * d[k]);
    return s;
  };
  const slope = (beta: number) => {
    let s = 0;
    for (let k = 0; k < d.length; k++) s += w[k] * d[k] * sigmoid(-beta * d[k]);
    return s;
  };
  let slope0 = 0;
  let negative = false;
  let scale = 0;
  for (let k = 0; k < d.length; k++) {
    slope0 += w[k] * d[k];
    if (d[k] < 0 && w[k] > 0) negative = true;
    scale = Math.max(scale, Math.abs(d[k]));
  }
  if (!(slope0 > 0)) return { beta: 0, logLikelihood: ll(0) };
  if (!negative) {
    let sup = 0;
    for (let k = 0; k < d.length; k++) if (d[k] === 0) sup += w[k] * Math.log(0.5);
    return { beta: null, logLikelihood: sup };
  }
  // Not separated: the slope tends to sum_{d<0} w d < 0, so a bracket exists.
  let lo = 0;
  let hi = 1 / scale;
  while (slope(hi) > 0) {
    lo = hi;
    hi *= 2;
  }
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = (lo + hi) / 2;
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  const beta = (lo + hi) / 2;
  return { beta, logLikelihood: ll(beta) };
}
