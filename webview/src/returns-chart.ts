import uPlot from 'uplot';
import type { EpisodeView } from '../../protocol/preview';
import type { Theme } from './colors';
import { short } from './format';
import { AXIS_WIDTH } from './geometry';
import { axis, envelope, stepAxis } from './step-chart';

export interface ReturnsChartInput {
  readonly view: EpisodeView;
  readonly variant: number;
  readonly names: readonly string[];
  readonly colors: readonly string[];
  readonly theme: Theme;
  readonly width: number;
  readonly height: number;
}

/** Return so far (solid) and discounted return so far (dashed) of every variant; the selected one is drawn thicker. */
export function returnsChart(el: HTMLElement, input: ReturnsChartInput): uPlot {
  const { view, variant, colors, theme } = input;
  const data: Float64Array[] = [];
  const series: uPlot.Series[] = [{}];
  input.names.forEach((name, v) => {
    const [xs, c] = envelope(view, view.cumulative[v].lo, view.cumulative[v].hi);
    const [, d] = envelope(view, view.discounted[v].lo, view.discounted[v].hi);
    if (data.length === 0) data.push(xs);
    data.push(c, d);
    const width = (v === variant ? 2 : 1) * (theme.highContrast ? 1.5 : 1);
    series.push({ label: `${name} return`, stroke: colors[v], width, points: { show: false } });
    series.push({ label: `${name} discounted`, stroke: colors[v], width, dash: [6, 4], points: { show: false } });
  });
  const opts: uPlot.Options = {
    width: input.width,
    height: input.height,
    legend: { show: false },
    cursor: { show: false, drag: { x: false, y: false, setScale: false } },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: false, range: () => [view.from, Math.max(view.to, view.from + 1)] } },
    axes: [stepAxis(theme), { ...axis(theme, AXIS_WIDTH), values: (_u, v) => v.map(short) }],
    series,
  };
  return new uPlot(opts, (data.length ? data : [new Float64Array(0)]) as unknown as uPlot.AlignedData, el);
}
