import uPlot from 'uplot';
import type { PreviewOverview } from '../../protocol/preview';
import type { Theme } from './colors';
import { h } from './dom';
import { EPIC_HOVER, epicCell, epicMatrix, preferencesTable, SHAPING_ONLY_HOVER } from './epic-view';
import { short } from './format';
import { swatch } from './hover';
import { axis } from './step-chart';

/**
 * The variants side by side: the EPIC distance and Spearman's rank correlation of their returns for each pair, the
 * episodes on which the pair disagrees most (a click selects one), and the discounted return of
 * every episode under each variant, each on its own scale.
 */
export function renderCompare(el: HTMLElement, overview: PreviewOverview, colors: readonly string[], theme: Theme, width: number, select: (episode: number) => void): uPlot | undefined {
  const { meta } = overview;
  if (meta.variants.length < 2) {
    el.append(h('p', { class: 'muted' }, 'The spec has one reward block: add another (reward NAME { ... }) to compare variants.'));
    return undefined;
  }
  const name = (v: number) => meta.variants[v].name;
  el.append(
    h('table', { class: 'pairs', 'aria-label': 'rank correlation and EPIC distance of variants' },
      h('thead', {}, h('tr', {}, h('th', {}, 'variants'), h('th', { class: 'num', title: EPIC_HOVER }, 'EPIC'), h('th', { class: 'num' }, 'Spearman ρ'), h('th', {}, 'episodes ranked most differently'))),
      h('tbody', {}, ...overview.pairs.map((p) => {
        const buttons = Array.from(p.disagreements, (e, i) => {
          const b = h('button', { class: 'link', 'data-episode': e, title: `rank gap ${p.gaps[i]}` }, `#${e}`);
          b.addEventListener('click', () => select(e));
          return b;
        });
        return h('tr', { 'data-pair': `${name(p.a)}/${name(p.b)}` },
          h('th', {}, `${name(p.a)} vs ${name(p.b)}`),
          epicCell(p),
          h('td', { class: 'num spearman' }, Number.isNaN(p.spearman) ? 'n/a' : p.spearman.toFixed(3)),
          h('td', {}, ...(buttons.length ? buttons : [h('span', { class: 'muted' }, 'same order')])));
      })),
    ),
  );
  const shaping = overview.pairs.filter((p) => p.shapingOnly);
  if (shaping.length) {
    el.append(h('p', { class: 'note shaping-only', title: SHAPING_ONLY_HOVER }, ...shaping.flatMap((p, i) => [
      i ? ' ' : '',
      `${name(p.a)} and ${name(p.b)} differ only by shaping items: the same optimal policies; EPIC distance ${Number.isNaN(p.epic) ? 'n/a' : Math.abs(p.epic) < 5e-4 ? '0' : p.epic.toFixed(3)}.`,
    ])));
  }
  if (meta.variants.length > 2) el.append(epicMatrix(meta.variants.map((v) => v.name), overview.pairs));
  if (overview.preferences) el.append(preferencesTable(meta.variants.map((v) => v.name), overview.preferences.variants, overview.preferences.files.length));
  const n = overview.steps.length;
  const legend = h('div', { class: 'legend' }, ...meta.variants.map((v, i) => h('span', { class: 'legend-item' }, swatch(colors[i]), `${v.name} (discounted return)`)));
  const plot = h('div', { class: 'compare-plot' });
  el.append(legend, plot);
  const xs = Float64Array.from({ length: n }, (_, e) => e);
  const series: uPlot.Series[] = [{}];
  const axes: uPlot.Axis[] = [{ ...axis(theme, 30), values: (_u, v) => v.map((x) => (Number.isInteger(x) ? String(x) : '')) }];
  const scales: uPlot.Scales = { x: { time: false, range: () => [-0.5, Math.max(0.5, n - 0.5)] } };
  meta.variants.forEach((v, i) => {
    const scale = `v${i}`;
    scales[scale] = {};
    // The first variant as a large ring, the others as dots inside it: where the variants agree
    // (each on its own scale) the marks nest instead of hiding each other.
    const first = i === 0;
    series.push({ label: v.name, scale, stroke: colors[i], width: first ? 2 : 1, paths: () => null, points: { show: true, size: first ? 13 : 6, width: first ? 2 : 1, fill: first ? theme.background : colors[i], stroke: colors[i] } });
    if (i < 2) axes.push({ ...axis(theme, 64), scale, side: i === 0 ? 3 : 1, stroke: colors[i], grid: { show: i === 0, stroke: theme.grid }, values: (_u, vals) => vals.map(short) });
  });
  return new uPlot(
    { width, height: 180, legend: { show: false }, cursor: { show: false }, scales, axes, series },
    [xs, ...overview.discounted] as unknown as uPlot.AlignedData,
    plot,
  );
}
