import type { Band, EpisodeView, HostMessage, PreviewOverview, PreviewParams, PreviewResult, StepValues, WebviewMessage } from './api';
import { fromWire } from './wire';

// Every message that crosses a process or frame boundary is checked here before use: the
// webview's messages by the host, the host's by the webview, the request by the server and
// its result by the client. A check names the field at fault and what was expected.

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

class Invalid extends Error {}

const fail = (path: string, expected: string, got: unknown): never => {
  throw new Invalid(`${path}: expected ${expected}, got ${describe(got)}`);
};
const failLength = (path: string, expected: number, got: number): never => {
  throw new Invalid(`${path}: expected ${expected} values, got ${got}`);
};
const describe = (x: unknown) =>
  x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x === 'object' ? (x as object).constructor?.name ?? 'an object' : typeof x === 'string' ? JSON.stringify(x.slice(0, 40)) : String(x);

function obj(x: unknown, path: string): Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) fail(path, 'an object', x);
  return x as Record<string, unknown>;
}
function int(x: unknown, path: string, min = 0): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < min) fail(path, `an integer >= ${min}`, x);
  return x as number;
}
const optInt = (x: unknown, path: string) => (x === undefined ? undefined : int(x, path));
function num(x: unknown, path: string): number {
  if (typeof x !== 'number') fail(path, 'a number', x);
  return x as number;
}
function str(x: unknown, path: string): string {
  if (typeof x !== 'string') fail(path, 'a string', x);
  return x as string;
}
function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, 'true or false', x);
  return x as boolean;
}
function arr<T>(x: unknown, path: string, item: (y: unknown, p: string) => T): T[] {
  if (!Array.isArray(x)) fail(path, 'an array', x);
  return (x as unknown[]).map((y, i) => item(y, `${path}[${i}]`));
}
function typed<C extends abstract new (...a: never[]) => unknown>(ctor: C, name: string) {
  return (x: unknown, path: string, length?: number): InstanceType<C> => {
    if (!(x instanceof ctor)) fail(path, name, x);
    if (length !== undefined && (x as unknown as ArrayLike<number>).length !== length) failLength(path, length, (x as unknown as ArrayLike<number>).length);
    return x as InstanceType<C>;
  };
}
const f64 = typed(Float64Array, 'a Float64Array');
const i32 = typed(Int32Array, 'an Int32Array');
const i8 = typed(Int8Array, 'an Int8Array');
const u8 = typed(Uint8Array, 'a Uint8Array');
function oneOf<T extends string>(x: unknown, path: string, allowed: readonly T[]): T {
  if (!allowed.includes(x as T)) fail(path, `one of ${allowed.join(', ')}`, x);
  return x as T;
}

function run<T>(f: () => T): Checked<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

/** A message from the webview: only these five shapes are acted on. */
export function checkWebviewMessage(x: unknown): Checked<WebviewMessage> {
  return run((): WebviewMessage => {
    const o = obj(x, 'message');
    const type = oneOf(o.type, 'message.type', ['ready', 'episode', 'step', 'showProblems', 'pickTrajectories'] as const);
    switch (type) {
      case 'episode': {
        const from = optInt(o.from, 'message.from');
        const to = optInt(o.to, 'message.to');
        return { type, episode: int(o.episode, 'message.episode'), columns: int(o.columns, 'message.columns', 1), ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      }
      case 'step':
        return { type, episode: int(o.episode, 'message.episode'), t: int(o.t, 'message.t') };
      default:
        return { type };
    }
  });
}

export function checkPreviewParams(x: unknown): Checked<PreviewParams> {
  return run((): PreviewParams => {
    const o = obj(x, 'params');
    return {
      uri: str(o.uri, 'params.uri'),
      files: arr(o.files, 'params.files', str),
      what: oneOf(o.what, 'params.what', ['all', 'episode', 'step'] as const),
      episode: optInt(o.episode, 'params.episode'),
      columns: o.columns === undefined ? undefined : int(o.columns, 'params.columns', 1),
      from: optInt(o.from, 'params.from'),
      to: optInt(o.to, 'params.to'),
      t: optInt(o.t, 'params.t'),
    };
  });
}

function band(x: unknown, path: string, n: number): Band {
  const o = obj(x, path);
  return { lo: f64(o.lo, `${path}.lo`, n), hi: f64(o.hi, `${path}.hi`, n) };
}

function overview(x: unknown, path: string): PreviewOverview {
  const o = obj(x, path);
  const m = obj(o.meta, `${path}.meta`);
  const variants = arr(m.variants, `${path}.meta.variants`, (v, p) => {
    const vo = obj(v, p);
    return {
      name: str(vo.name, `${p}.name`),
      components: arr(vo.components, `${p}.components`, (c, q) => {
        const co = obj(c, q);
        return { key: str(co.key, `${q}.key`), kind: oneOf(co.kind, `${q}.kind`, ['task', 'auxiliary', 'shaping'] as const) };
      }),
    };
  });
  const meta = {
    spec: str(m.spec, `${path}.meta.spec`),
    gamma: num(m.gamma, `${path}.meta.gamma`),
    variants,
    machines: arr(m.machines, `${path}.meta.machines`, (v, p) => {
      const mo = obj(v, p);
      return { name: str(mo.name, `${p}.name`), states: arr(mo.states, `${p}.states`, str), terminal: arr(mo.terminal, `${p}.terminal`, bool) };
    }),
    ltls: arr(m.ltls, `${path}.meta.ltls`, str),
    props: arr(m.props, `${path}.meta.props`, str),
    files: arr(m.files, `${path}.meta.files`, str),
  };
  const steps = i32(o.steps, `${path}.steps`);
  const n = steps.length;
  const perVariant = (x: unknown, p: string) => {
    const a = arr(x, p, (y, q) => f64(y, q, n));
    if (a.length !== variants.length) failLength(p, variants.length, a.length);
    return a;
  };
  return {
    meta,
    steps,
    terminated: u8(o.terminated, `${path}.terminated`, n),
    file: i32(o.file, `${path}.file`, n),
    returns: perVariant(o.returns, `${path}.returns`),
    discounted: perVariant(o.discounted, `${path}.discounted`),
    pairs: arr(o.pairs, `${path}.pairs`, (v, p) => {
      const po = obj(v, p);
      const disagreements = i32(po.disagreements, `${p}.disagreements`);
      return {
        a: int(po.a, `${p}.a`),
        b: int(po.b, `${p}.b`),
        spearman: num(po.spearman, `${p}.spearman`),
        disagreements,
        gaps: f64(po.gaps, `${p}.gaps`, disagreements.length),
      };
    }),
    problems: arr(o.problems, `${path}.problems`, (v, p) => {
      const po = obj(v, p);
      return { file: str(po.file, `${p}.file`), line: int(po.line, `${p}.line`), field: str(po.field, `${p}.field`), message: str(po.message, `${p}.message`) };
    }),
    moreProblems: int(o.moreProblems, `${path}.moreProblems`),
    skipped: int(o.skipped, `${path}.skipped`),
  };
}

function episodeView(x: unknown, path: string): EpisodeView {
  const o = obj(x, path);
  const start = i32(o.start, `${path}.start`);
  const n = start.length;
  return {
    episode: int(o.episode, `${path}.episode`),
    steps: int(o.steps, `${path}.steps`),
    from: int(o.from, `${path}.from`),
    to: int(o.to, `${path}.to`),
    exact: bool(o.exact, `${path}.exact`),
    start,
    reward: arr(o.reward, `${path}.reward`, (b, p) => band(b, p, n)),
    components: arr(o.components, `${path}.components`, (v, p) => arr(v, p, (b, q) => band(b, q, n))),
    cumulative: arr(o.cumulative, `${path}.cumulative`, (b, p) => band(b, p, n)),
    discounted: arr(o.discounted, `${path}.discounted`, (b, p) => band(b, p, n)),
    machines: arr(o.machines, `${path}.machines`, (v, p) => i32(v, p, n)),
    ltl: arr(o.ltl, `${path}.ltl`, (v, p) => i8(v, p, n)),
    props: arr(o.props, `${path}.props`, (v, p) => u8(v, p, n)),
  };
}

function stepValues(x: unknown, path: string): StepValues {
  const o = obj(x, path);
  return {
    episode: int(o.episode, `${path}.episode`),
    t: int(o.t, `${path}.t`),
    reward: f64(o.reward, `${path}.reward`),
    components: arr(o.components, `${path}.components`, (v, p) => f64(v, p)),
    cumulative: f64(o.cumulative, `${path}.cumulative`),
    discounted: f64(o.discounted, `${path}.discounted`),
    machines: arr(o.machines, `${path}.machines`, str),
    ltl: arr(o.ltl, `${path}.ltl`, (v, p) => oneOf(v, p, ['pending', 'accepted', 'rejected'] as const)),
    props: arr(o.props, `${path}.props`, bool),
  };
}

function stale(x: unknown, path: string) {
  if (x === null) return null;
  const o = obj(x, path);
  return { message: str(o.message, `${path}.message`), errors: int(o.errors, `${path}.errors`) };
}

/** A message from the host, in wire form or with typed arrays. */
export function checkHostMessage(x: unknown): Checked<HostMessage> {
  return run((): HostMessage => {
    const o = obj(fromWire(x), 'message');
    const type = oneOf(o.type, 'message.type', ['preview', 'episode', 'step', 'stale', 'notice', 'variant'] as const);
    switch (type) {
      case 'preview':
        return { type, overview: overview(o.overview, 'message.overview'), view: o.view === null ? null : episodeView(o.view, 'message.view'), stale: stale(o.stale, 'message.stale') };
      case 'episode':
        return { type, view: episodeView(o.view, 'message.view') };
      case 'step':
        return { type, values: stepValues(o.values, 'message.values') };
      case 'stale':
        return { type, stale: stale(o.stale, 'message.stale') };
      case 'notice':
        return { type, message: str(o.message, 'message.message') };
      case 'variant':
        return { type, name: str(o.name, 'message.name') };
    }
  });
}

/** The server's answer to `reward/preview`, in wire form. */
export function checkPreviewResult(x: unknown): Checked<PreviewResult> {
  return run((): PreviewResult => {
    const o = obj(fromWire(x), 'result');
    const kind = oneOf(o.kind, 'result.kind', ['preview', 'episode', 'step', 'errors', 'failed'] as const);
    switch (kind) {
      case 'preview':
        return { kind, overview: overview(o.overview, 'result.overview'), view: o.view === null ? null : episodeView(o.view, 'result.view') };
      case 'episode':
        return { kind, view: episodeView(o.view, 'result.view') };
      case 'step':
        return { kind, values: stepValues(o.values, 'result.values') };
      case 'errors':
        return { kind, errors: int(o.errors, 'result.errors'), message: str(o.message, 'result.message') };
      case 'failed':
        return { kind, message: str(o.message, 'result.message') };
    }
  });
}
