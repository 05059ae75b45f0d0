import uPlot from 'uplot';
import type { EpisodeView } from '../../protocol/preview';
import type { Theme } from './colors';
import { short } from './format';
import { AXIS_WIDTH, columnEnd } from './geometry';

export interface StepChartInput {
  readonly view: EpisodeView;
  readonly variant: number;
  readonly colors: readonly string[];
  readonly hidden: ReadonlySet<number>;
  readonly theme: Theme;
  readonly width: number;
  readonly height: number;
  /** Called after every draw, when the plotting area's final geometry is known. */
  readonly onDraw?: (u: uPlot) => void;
}

/**
 * Per-step reward of one variant as stacked components: positive parts stack up from zero,
 * negative parts down, each in its component's colour; when components of both signs meet in
 * a step, a tick marks their sum (the reward itself when none is hidden). Downsampled columns
 * stack each component's extreme values, so spikes stay visible.
 */
export function stepChart(el: HTMLElement, input: StepChartInput): uPlot {
  const { view, variant, colors, hidden, theme } = input;
  const comps = view.components[variant] ?? [];
  const n = view.start.length;
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  const lineLo = new Float64Array(n);
  const lineHi = new Float64Array(n);
  comps.forEach((c, k) => {
    if (hidden.has(k)) return;
    for (let i = 0; i < n; i++) {
      if (c.hi[i] > 0) pos[i] += c.hi[i];
      if (c.lo[i] < 0) neg[i] += c.lo[i];
      lineLo[i] += c.lo[i];
      lineHi[i] += c.hi[i];
    }
  });
  const xs = Float64Array.from(view.start);
  let ymin = 0;
  let ymax = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(neg[i])) ymin = Math.min(ymin, neg[i], lineLo[i]);
    if (Number.isFinite(pos[i])) ymax = Math.max(ymax, pos[i], lineHi[i]);
  }
  const pad = (ymax - ymin) * 0.08 || 1;

  const opts: uPlot.Options = {
    width: input.width,
    height: input.height,
    legend: { show: false },
    cursor: { show: false, drag: { x: false, y: false, setScale: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: {
      x: { time: false, range: () => [view.from, Math.max(view.to, view.from + 1)] },
      y: { range: () => [ymin - (ymin < 0 ? pad : 0), ymax + (ymax > 0 ? pad : 0) || pad] },
    },
    axes: [stepAxis(theme), { ...axis(theme, AXIS_WIDTH), values: (_u, v) => v.map(short) }],
    // The bars are drawn by the hook; this series only carries the sums for the scale.
    series: [{}, { label: 'shown sum', paths: () => null, points: { show: false } }],
    hooks: {
      drawAxes: [(u) => drawBars(u, view, comps, colors, hidden, view.exact ? lineLo : undefined, theme)],
      draw: [(u) => input.onDraw?.(u)],
    },
  };
  return new uPlot(opts, [xs, lineHi] as unknown as uPlot.AlignedData, el);
}

/**
 * A series of values that hold after each column (returns so far), at the column's end: one
 * point per step when exact, the min and the max when not; from the episode's start at 0.
 */
export function envelope(view: EpisodeView, lo: Float64Array, hi: Float64Array): [Float64Array, Float64Array] {
  const n = view.start.length;
  const first = view.from === 0 ? 1 : 0;
  const per = view.exact ? 1 : 2;
  const xs = new Float64Array(first + per * n);
  const ys = new Float64Array(first + per * n);
  for (let i = 0; i < n; i++) {
    const x = columnEnd(view, i);
    for (let k = 0; k < per; k++) {
      xs[first + per * i + k] = x;
      ys[first + per * i + k] = k === 0 ? lo[i] : hi[i];
    }
  }
  return [xs, ys];
}

/** Steps are integers: ticks at 1, 2, 5 times a power of ten, never between steps. */
export function stepAxis(theme: Theme): uPlot.Axis {
  const incrs: number[] = [];
  for (let p = 1; p <= 1e9; p *= 10) incrs.push(p, 2 * p, 5 * p);
  return { ...axis(theme, 30), incrs, values: (_u, v) => v.map((x) => x.toLocaleString('en-US')) };
}

export function axis(theme: Theme, size: number): uPlot.Axis {
  return { stroke: theme.muted, font: theme.font, size, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
}

function drawBars(u: uPlot, view: EpisodeView, comps: EpisodeView['components'][number], colors: readonly string[], hidden: ReadonlySet<number>, sums: Float64Array | undefined, theme: Theme) {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  const n = view.start.length;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  const x0 = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const a = u.valToPos(view.start[i], 'x', true);
    const b = u.valToPos(columnEnd(view, i), 'x', true);
    const gap = b - a > 6 ? 1 : 0;
    x0[i] = a + gap;
    w[i] = Math.max(1, b - a - 2 * gap);
  }
  const pos = new Float64Array(n);
  const neg = new Float64Array(n);
  comps.forEach((c, k) => {
    if (hidden.has(k)) return;
    ctx.fillStyle = colors[k];
    for (let i = 0; i < n; i++) {
      if (c.hi[i] > 0) {
        const ya = u.valToPos(pos[i], 'y', true);
        pos[i] += c.hi[i];
        const yb = u.valToPos(pos[i], 'y', true);
        ctx.fillRect(x0[i], yb, w[i], Math.max(1, ya - yb));
      }
      if (c.lo[i] < 0) {
        const ya = u.valToPos(neg[i], 'y', true);
        neg[i] += c.lo[i];
        const yb = u.valToPos(neg[i], 'y', true);
        ctx.fillRect(x0[i], ya, w[i], Math.max(1, yb - ya));
      }
    }
  });
  if (sums) {
    // Where positive and negative parts meet, the bar's extent is not the reward: mark the sum.
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = (theme.highContrast ? 3 : 2) * (window.devicePixelRatio || 1);
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (!(pos[i] > 0 && neg[i] < 0)) continue;
      const y = u.valToPos(sums[i], 'y', true);
      ctx.moveTo(x0[i], y);
      ctx.lineTo(x0[i] + w[i], y);
    }
    ctx.stroke();
  }
  ctx.restore();
}
