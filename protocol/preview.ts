// The preview's payload: what the server computes, the client relays and the webview renders.
// Each type has its schema at the end of this file (schema.ts): adding a field to a type without its
// schema, or the reverse, does not compile. Numbers per step or per episode travel as typed
// arrays, never as arrays of objects.
import { arr, bool, f64, fail, i32, i8, int, lengthIs, nullable, num, object, oneOf, refine, str, u8, type Schema } from './schema';

export type ItemKind = 'task' | 'auxiliary' | 'shaping';
export type LtlStatus = 'pending' | 'accepted' | 'rejected';
export type EpisodeEndKind = 'terminated' | 'truncated';

export interface ComponentInfo {
  /** The component key of `reward eval` (LANGUAGE.md section 8). */
  readonly key: string;
  readonly kind: ItemKind;
}

/** One `reward` block of the spec. */
export interface VariantInfo {
  readonly name: string;
  readonly components: readonly ComponentInfo[];
}

export interface MachineMeta {
  readonly name: string;
  readonly states: readonly string[];
  readonly terminal: readonly boolean[];
}

export interface ProblemInfo {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

/** What the spec declares that the preview shows, and where the data came from. */
export interface PreviewMeta {
  /** The spec's file name, for titles. */
  readonly spec: string;
  readonly gamma: number;
  readonly variants: readonly VariantInfo[];
  readonly machines: readonly MachineMeta[];
  readonly ltls: readonly string[];
  readonly props: readonly string[];
  readonly files: readonly string[];
}

/** One pair of variants compared over all episodes. */
export interface VariantPair {
  readonly a: number;
  readonly b: number;
  /** Spearman's rank correlation of the two variants' discounted returns; NaN with fewer than 2 episodes or a constant return. */
  readonly spearman: number;
  /** Episodes ordered by how far apart their ranks are, most first (at most 10). */
  readonly disagreements: Int32Array;
  /** The rank gap of each of `disagreements` (ranks are fractional on ties). */
  readonly gaps: Float64Array;
  /** The EPIC distance of the two rewards, as `reward compare` computes it (LANGUAGE.md section 12); NaN where it prints null. */
  readonly epic: number;
  /** The two reward blocks differ only by `shaping` items (the same optimal policies). */
  readonly shapingOnly: boolean;
}

/** How one variant's discounted returns fit the preference labels (LANGUAGE.md section 12). */
export interface PreferenceInfo {
  /** NaN without strict labels. */
  readonly agreement: number;
  readonly logLikelihood: number;
  /** NaN when the returns separate the labels (`beta` null in `reward compare`). */
  readonly beta: number;
  /** Labels read. */
  readonly pairs: number;
}

/** The labels of the setting `rewardsmith.preferences` and each variant's fit to them. */
export interface PreferencesInfo {
  readonly files: readonly string[];
  /** Per variant. */
  readonly variants: readonly PreferenceInfo[];
}

/** Everything but the per-step values: the episode list and the comparison of variants. */
export interface PreviewOverview {
  readonly meta: PreviewMeta;
  /** Per episode. */
  readonly steps: Int32Array;
  readonly terminated: Uint8Array;
  /** Index into meta.files. */
  readonly file: Int32Array;
  /** Per variant, per episode. */
  readonly returns: readonly Float64Array[];
  readonly discounted: readonly Float64Array[];
  readonly pairs: readonly VariantPair[];
  /** Null without preference files. */
  readonly preferences: PreferencesInfo | null;
  readonly problems: readonly ProblemInfo[];
  /** Problems beyond those listed. */
  readonly moreProblems: number;
  readonly skipped: number;
}

/** The smallest and largest value of a series in each drawn column (equal when not downsampled). */
export interface Band {
  readonly lo: Float64Array;
  readonly hi: Float64Array;
}

/**
 * One episode, for drawing: steps `from` to `to - 1` in columns. A column holds the steps
 * `start[i]` to `start[i + 1] - 1` (the last column up to `to - 1`); when `exact`, one step each.
 * Not for the numbers on hover when downsampled: those come from StepValues.
 */
export interface EpisodeView {
  readonly episode: number;
  readonly steps: number;
  readonly from: number;
  readonly to: number;
  readonly exact: boolean;
  readonly start: Int32Array;
  /** Per variant. */
  readonly reward: readonly Band[];
  /** Per variant, per component (weighted values). */
  readonly components: readonly (readonly Band[])[];
  /** Per variant: return up to and including the step, and its discounted counterpart. */
  readonly cumulative: readonly Band[];
  readonly discounted: readonly Band[];
  /** Per machine: its state index at the end of each column. */
  readonly machines: readonly Int32Array[];
  /** Per formula: verdict at the end of each column, 1 accepted, -1 rejected, 0 pending. */
  readonly ltl: readonly Int8Array[];
  /** Per prop: in how many steps of the column it holds, scaled to 0..255. */
  readonly props: readonly Uint8Array[];
}

/** Every value of one step at full resolution: what the hover shows. */
export interface StepValues {
  readonly episode: number;
  readonly t: number;
  /** Per variant. */
  readonly reward: Float64Array;
  readonly components: readonly Float64Array[];
  readonly cumulative: Float64Array;
  readonly discounted: Float64Array;
  /** Machine state names, verdicts and labels after the step. */
  readonly machines: readonly string[];
  readonly ltl: readonly LtlStatus[];
  readonly props: readonly boolean[];
}

/** Shown above a preview that is not the spec's current state. */
export interface Stale {
  readonly message: string;
  readonly errors: number;
}


/**
 * The whole evaluation at full resolution, held by whoever answers the webview (the language
 * server, or the report page itself). Steps of all episodes are concatenated: episode `e` owns
 * the steps `offsets[e]` to `offsets[e + 1] - 1`.
 */
export interface PreviewStore {
  readonly meta: PreviewMeta;
  /** Length episodes + 1. */
  readonly offsets: Int32Array;
  readonly terminated: Uint8Array;
  /** Index into meta.files. */
  readonly file: Int32Array;
  /** Per variant, per episode, as the evaluator summed them. */
  readonly returns: readonly Float64Array[];
  readonly discounted: readonly Float64Array[];
  /** Per variant, per step. */
  readonly reward: readonly Float64Array[];
  /** Per variant, per component, per step (weighted). */
  readonly components: readonly (readonly Float64Array[])[];
  /** Per machine / formula / prop, per step: state index, verdict (1, -1, 0), label (0, 1). */
  readonly machines: readonly Int32Array[];
  readonly ltl: readonly Int8Array[];
  readonly props: readonly Uint8Array[];
  /** Per pair of variants (a < b, in order): the EPIC distance (NaN for null) and whether they differ only by shaping. */
  readonly epic: Float64Array;
  readonly shapingOnly: Uint8Array;
  readonly preferences: PreferencesInfo | null;
  readonly problems: readonly ProblemInfo[];
  readonly moreProblems: number;
  readonly skipped: number;
}

export const episodeCount = (s: PreviewStore): number => s.offsets.length - 1;
export const stepCount = (s: PreviewStore, episode: number): number => s.offsets[episode + 1] - s.offsets[episode];

/** Columns drawn when the webview does not say (about one per pixel of a wide chart). */
export const DEFAULT_COLUMNS = 1600;

// The schemas, one per type above.

const itemKind = oneOf<ItemKind>(['task', 'auxiliary', 'shaping']);
export const LtlStatusSchema = oneOf<LtlStatus>(['pending', 'accepted', 'rejected']);

export const PreviewMetaSchema: Schema<PreviewMeta> = object<PreviewMeta>({
  spec: str,
  gamma: num,
  variants: arr(object<VariantInfo>({ name: str, components: arr(object<ComponentInfo>({ key: str, kind: itemKind })) })),
  machines: arr(
    refine(object<MachineMeta>({ name: str, states: arr(str), terminal: arr(bool) }), (m, p) => lengthIs(m.terminal, m.states.length, `${p}.terminal`)),
  ),
  ltls: arr(str),
  props: arr(str),
  files: arr(str),
});

export const ProblemInfoSchema: Schema<ProblemInfo> = object<ProblemInfo>({ file: str, line: int(), field: str, message: str });

const VariantPairSchema = refine(
  object<VariantPair>({ a: int(), b: int(), spearman: num, disagreements: i32, gaps: f64, epic: num, shapingOnly: bool }),
  (v, p) => lengthIs(v.gaps, v.disagreements.length, `${p}.gaps`),
);

/** Each array of `perVariant` holds one value per episode, and there is one array per variant. */
function checkPerVariant(arrays: readonly ArrayLike<number>[], variants: number, episodes: number, path: string): void {
  lengthIs(arrays, variants, path);
  arrays.forEach((a, i) => lengthIs(a, episodes, `${path}[${i}]`));
}

const PreferencesInfoSchema: Schema<PreferencesInfo> = object<PreferencesInfo>({
  files: arr(str),
  variants: arr(object<PreferenceInfo>({ agreement: num, logLikelihood: num, beta: num, pairs: int() })),
});

export const PreviewOverviewSchema: Schema<PreviewOverview> = refine(
  object<PreviewOverview>({
    meta: PreviewMetaSchema,
    steps: i32,
    terminated: u8,
    file: i32,
    returns: arr(f64),
    discounted: arr(f64),
    pairs: arr(VariantPairSchema),
    preferences: nullable(PreferencesInfoSchema),
    problems: arr(ProblemInfoSchema),
    moreProblems: int(),
    skipped: int(),
  }),
  (o, p) => {
    const n = o.steps.length;
    lengthIs(o.terminated, n, `${p}.terminated`);
    lengthIs(o.file, n, `${p}.file`);
    checkPerVariant(o.returns, o.meta.variants.length, n, `${p}.returns`);
    checkPerVariant(o.discounted, o.meta.variants.length, n, `${p}.discounted`);
    if (o.preferences) lengthIs(o.preferences.variants, o.meta.variants.length, `${p}.preferences.variants`);
  },
);

const BandSchema = refine(object<Band>({ lo: f64, hi: f64 }), (b, p) => lengthIs(b.hi, b.lo.length, `${p}.hi`));

export const EpisodeViewSchema: Schema<EpisodeView> = refine(
  object<EpisodeView>({
    episode: int(),
    steps: int(),
    from: int(),
    to: int(),
    exact: bool,
    start: i32,
    reward: arr(BandSchema),
    components: arr(arr(BandSchema)),
    cumulative: arr(BandSchema),
    discounted: arr(BandSchema),
    machines: arr(i32),
    ltl: arr(i8),
    props: arr(u8),
  }),
  (v, p) => {
    const n = v.start.length;
    const bands = (bs: readonly Band[], q: string) => bs.forEach((b, i) => lengthIs(b.lo, n, `${q}[${i}].lo`));
    bands(v.reward, `${p}.reward`);
    v.components.forEach((cs, i) => bands(cs, `${p}.components[${i}]`));
    bands(v.cumulative, `${p}.cumulative`);
    bands(v.discounted, `${p}.discounted`);
    v.machines.forEach((m, i) => lengthIs(m, n, `${p}.machines[${i}]`));
    v.ltl.forEach((m, i) => lengthIs(m, n, `${p}.ltl[${i}]`));
    v.props.forEach((m, i) => lengthIs(m, n, `${p}.props[${i}]`));
    if (v.from > v.to) fail(`${p}.from`, `at most to (${v.to})`, v.from);
  },
);

export const StepValuesSchema: Schema<StepValues> = object<StepValues>({
  episode: int(),
  t: int(),
  reward: f64,
  components: arr(f64),
  cumulative: f64,
  discounted: f64,
  machines: arr(str),
  ltl: arr(LtlStatusSchema),
  props: arr(bool),
});

export const PreviewStoreSchema: Schema<PreviewStore> = refine(
  object<PreviewStore>({
    meta: PreviewMetaSchema,
    offsets: i32,
    terminated: u8,
    file: i32,
    returns: arr(f64),
    discounted: arr(f64),
    reward: arr(f64),
    components: arr(arr(f64)),
    machines: arr(i32),
    ltl: arr(i8),
    props: arr(u8),
    epic: f64,
    shapingOnly: u8,
    preferences: nullable(PreferencesInfoSchema),
    problems: arr(ProblemInfoSchema),
    moreProblems: int(),
    skipped: int(),
  }),
  (s, p) => {
    if (s.offsets.length === 0) fail(`${p}.offsets`, 'at least one value', 'none');
    const episodes = s.offsets.length - 1;
    const steps = s.offsets[episodes];
    for (let e = 0; e < episodes; e++) if (!(s.offsets[e] <= s.offsets[e + 1])) fail(`${p}.offsets[${e + 1}]`, `at least ${s.offsets[e]}`, s.offsets[e + 1]);
    if (s.offsets[0] !== 0) fail(`${p}.offsets[0]`, '0', s.offsets[0]);
    const variants = s.meta.variants.length;
    lengthIs(s.terminated, episodes, `${p}.terminated`);
    lengthIs(s.file, episodes, `${p}.file`);
    checkPerVariant(s.returns, variants, episodes, `${p}.returns`);
    checkPerVariant(s.discounted, variants, episodes, `${p}.discounted`);
    checkPerVariant(s.reward, variants, steps, `${p}.reward`);
    lengthIs(s.components, variants, `${p}.components`);
    s.components.forEach((cs, v) => checkPerVariant(cs, s.meta.variants[v].components.length, steps, `${p}.components[${v}]`));
    checkPerVariant(s.machines, s.meta.machines.length, steps, `${p}.machines`);
    checkPerVariant(s.ltl, s.meta.ltls.length, steps, `${p}.ltl`);
    checkPerVariant(s.props, s.meta.props.length, steps, `${p}.props`);
    lengthIs(s.epic, (variants * (variants - 1)) / 2, `${p}.epic`);
    lengthIs(s.shapingOnly, s.epic.length, `${p}.shapingOnly`);
    if (s.preferences) lengthIs(s.preferences.variants, variants, `${p}.preferences.variants`);
  },
);
