import uPlot from 'uplot';
import type { EpisodeView } from '../../server/src/preview/api';
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
 * negative parts down, each in its component's colour; the line is the sum of the components
 * shown (the reward itself when none is hidden). Downsampled columns stack each component's
 * extreme values, so spikes stay visible.
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
  const [xs, ys] = envelope(view, lineLo, lineHi);
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
    axes: [axis(theme, 30), { ...axis(theme, AXIS_WIDTH), values: (_u, v) => v.map(short) }],
    series: [{}, { label: 'shown sum', stroke: theme.foreground, width: theme.highContrast ? 2 : 1.25, points: { show: false } }],
    hooks: {
      // After the grid, before the line: the bars sit under the sum.
      drawAxes: [(u) => drawBars(u, view, comps, colors, hidden)],
      draw: [(u) => input.onDraw?.(u)],
    },
  };
  return new uPlot(opts, [xs, ys] as unknown as uPlot.AlignedData, el);
}

/** A series for a line through each column's centre: one point when exact, min and max when not. */
export function envelope(view: EpisodeView, lo: Float64Array, hi: Float64Array): [Float64Array, Float64Array] {
  const n = view.start.length;
  if (view.exact) {
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = view.start[i] + 0.5;
    return [xs, lo];
  }
  const xs = new Float64Array(2 * n);
  const ys = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = (view.start[i] + columnEnd(view, i)) / 2;
    xs[2 * i] = xs[2 * i + 1] = x;
    ys[2 * i] = lo[i];
    ys[2 * i + 1] = hi[i];
  }
  return [xs, ys];
}

export function axis(theme: Theme, size: number): uPlot.Axis {
  return { stroke: theme.muted, font: theme.font, size, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 } };
}

function drawBars(u: uPlot, view: EpisodeView, comps: EpisodeView['components'][number], colors: readonly string[], hidden: ReadonlySet<number>) {
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
  ctx.restore();
}
