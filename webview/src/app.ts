import type uPlot from 'uplot';
import type { EpisodeView, PreviewOverview, StepValues } from '../../protocol/preview';
import { check } from '../../protocol/schema';
import { HostMessageSchema, type HostMessage, type Stale } from '../../protocol/webview';
import { componentColors, readTheme, variantColors, type Theme } from './colors';
import { renderCompare } from './compare';
import { clear, h } from './dom';
import { renderEpisodeList } from './episode-list';
import { basename } from './format';
import { AXIS_WIDTH, stepAt, type PlotBox } from './geometry';
import type { Host } from './host';
import { renderHover, swatch } from './hover';
import { drawLanes, layoutLanes } from './lanes';
import { returnsChart } from './returns-chart';
import { stepChart } from './step-chart';
import { stepFromView } from './step-values';

interface Saved {
  readonly episode?: number;
  readonly variant?: string;
  /** Hidden component keys per variant name. */
  readonly hidden?: Record<string, string[]>;
}

/**
 * The preview view: it renders what the host sends and asks for episodes and steps; it never
 * computes a reward. Every message is validated before use.
 */
export class App {
  private overview: PreviewOverview | undefined;
  private view: EpisodeView | undefined;
  private episode = 0;
  private variant = 0;
  private hidden = new Map<string, Set<string>>();
  private hoverT: number | undefined;
  /** The steps shown of the selected episode, when zoomed in: the host sends their detail. */
  private zoom: { readonly from: number; readonly to: number } | undefined;
  private step: StepValues | undefined;
  private stale: Stale | null = null;
  private notice: string | undefined;
  private charts: uPlot[] = [];
  private box: PlotBox = { left: AXIS_WIDTH, width: 1 };
  private theme: Theme;
  private readonly el: Record<'banner' | 'notice' | 'header' | 'episodes' | 'detail' | 'compare' | 'problems', HTMLElement>;
  private plots: HTMLElement | undefined;
  private hoverLine: HTMLElement | undefined;
  private hoverPanel: HTMLElement | undefined;
  private lastWidth = 0;

  constructor(private readonly root: HTMLElement, private readonly host: Host) {
    this.theme = readTheme();
    const section = (cls: string, label: string) => h('section', { class: cls, 'aria-label': label });
    this.el = {
      banner: h('div', { class: 'banner', role: 'alert', hidden: true }),
      notice: h('div', { class: 'notice', role: 'status', hidden: true }),
      header: h('header', { class: 'top' }),
      episodes: section('episodes', 'episodes'),
      detail: section('detail', 'selected episode'),
      compare: section('compare', 'variants compared'),
      problems: section('problems', 'problems in the data'),
    };
    const e = this.el;
    root.append(e.banner, e.notice, e.header, h('div', { class: 'layout' }, e.episodes, e.detail), e.compare, e.problems);
    const saved = (host.loadState() ?? {}) as Saved;
    if (typeof saved.episode === 'number') this.episode = saved.episode;
    this.savedVariant = typeof saved.variant === 'string' ? saved.variant : undefined;
    if (saved.hidden && typeof saved.hidden === 'object') {
      for (const [k, v] of Object.entries(saved.hidden)) if (Array.isArray(v)) this.hidden.set(k, new Set(v.filter((x): x is string => typeof x === 'string')));
    }
  }

  private savedVariant: string | undefined;

  start(): void {
    this.host.listen((m) => this.receive(m));
    new ResizeObserver(() => {
      const w = this.el.detail.clientWidth;
      if (Math.abs(w - this.lastWidth) < 2) return;
      this.lastWidth = w;
      requestAnimationFrame(() => this.renderDetail());
      requestAnimationFrame(() => this.renderCompare());
    }).observe(this.el.detail);
    // VS Code switches themes by changing the body's class: redraw with the new colours.
    new MutationObserver(() => {
      this.theme = readTheme();
      this.renderAll();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    this.renderAll();
    this.host.post({ type: 'ready' });
  }

  receive(raw: unknown): void {
    const checked = check(HostMessageSchema, raw, 'message');
    if (!checked.ok) {
      console.warn(`rewardsmith preview: ignored a message: ${checked.error}`);
      return;
    }
    this.apply(checked.value);
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'preview': {
        this.overview = m.overview;
        this.stale = m.stale;
        this.notice = undefined;
        const n = m.overview.steps.length;
        if (this.episode >= n) {
          this.episode = 0;
          this.zoom = undefined;
        }
        const names = m.overview.meta.variants.map((v) => v.name);
        const wanted = this.savedVariant ?? names[this.variant];
        this.variant = Math.max(0, names.indexOf(wanted ?? ''));
        this.savedVariant = undefined;
        this.view = m.view && this.isWanted(m.view) ? m.view : undefined;
        this.step = undefined; // the values of the spec before the edit
        if (!this.view && n > 0) this.requestEpisode();
        this.refreshStep();
        this.renderAll();
        return;
      }
      case 'episode':
        if (!this.isWanted(m.view)) return; // an answer to a request since superseded
        this.view = m.view;
        this.refreshStep();
        this.renderDetail();
        return;
      case 'step':
        if (m.values.episode !== this.episode || m.values.t !== this.hoverT) return;
        this.step = m.values;
        this.renderHoverPanel();
        return;
      case 'stale':
        this.stale = m.stale;
        this.renderBanner();
        return;
      case 'notice':
        this.notice = m.message;
        this.renderBanner();
        return;
      case 'spec':
        // Another spec: nothing of the last one may stay on screen under the new title.
        this.overview = undefined;
        this.view = undefined;
        this.step = undefined;
        this.hoverT = undefined;
        this.zoom = undefined;
        this.stale = null;
        this.episode = 0;
        this.savedVariant = undefined;
        this.notice = `Computing the preview of ${m.name}…`;
        this.renderAll();
        return;
      case 'variant': {
        const i = this.overview?.meta.variants.findIndex((v) => v.name === m.name) ?? -1;
        if (i < 0) {
          this.savedVariant = m.name; // the preview is on its way
          return;
        }
        this.variant = i;
        this.save();
        this.renderHeader();
        this.renderDetail();
        return;
      }
    }
  }

  private save(): void {
    const meta = this.overview?.meta;
    const hidden: Record<string, string[]> = {};
    for (const [k, v] of this.hidden) hidden[k] = [...v];
    this.host.saveState({ episode: this.episode, variant: meta?.variants[this.variant]?.name, hidden } satisfies Saved);
  }

  private columns(): number {
    return Math.max(50, Math.round(this.box.width > 1 ? this.box.width : this.el.detail.clientWidth - AXIS_WIDTH - 20));
  }

  private requestEpisode(): void {
    const z = this.zoom;
    this.host.post(z ? { type: 'episode', episode: this.episode, columns: this.columns(), from: z.from, to: z.to } : { type: 'episode', episode: this.episode, columns: this.columns() });
  }

  /** Whether a view is of the selected episode and of the steps shown (all of them, or the zoom's). */
  private isWanted(view: EpisodeView): boolean {
    if (view.episode !== this.episode) return false;
    const z = this.zoom;
    if (!z) return view.from === 0 && view.to === view.steps;
    return view.from === Math.min(z.from, view.steps) && view.to === Math.min(z.to, view.steps);
  }

  /**
   * Shows steps `from` to `to - 1` (clipped to the episode; all of them when undefined or when
   * that is all there is) and asks the host for their detail. The view drawn stays until the
   * finer one arrives.
   */
  setZoom(from: number | undefined, to: number | undefined): void {
    const steps = this.overview?.steps[this.episode] ?? 0;
    let z: { from: number; to: number } | undefined;
    if (from !== undefined && to !== undefined) {
      const a = Math.max(0, Math.min(steps - 1, Math.floor(from)));
      const b = Math.max(a + 1, Math.min(steps, Math.ceil(to)));
      z = a === 0 && b === steps ? undefined : { from: a, to: b };
    }
    if (z?.from === this.zoom?.from && z?.to === this.zoom?.to) return;
    this.zoom = z;
    this.requestEpisode();
    this.renderDetail();
  }

  /** Zooms by `factor` (< 1 in, > 1 out) around step `t`. */
  private zoomBy(factor: number, t: number): void {
    const view = this.view;
    if (!view) return;
    const span = Math.max(1, Math.round((view.to - view.from) * factor));
    const from = Math.round(t - (t - view.from) * (span / Math.max(1, view.to - view.from)));
    const a = Math.max(0, Math.min(view.steps - span, from));
    this.setZoom(a, a + span);
  }

  selectEpisode(e: number): void {
    if (!this.overview || e < 0 || e >= this.overview.steps.length) return;
    const changed = e !== this.episode;
    this.episode = e;
    if (changed) {
      this.view = undefined;
      this.hoverT = undefined;
      this.step = undefined;
      this.zoom = undefined;
      this.requestEpisode();
    }
    this.save();
    this.renderEpisodes(true);
    this.renderDetail();
  }

  private hiddenIndices(): Set<number> {
    const v = this.overview?.meta.variants[this.variant];
    const keys = v ? this.hidden.get(v.name) : undefined;
    const out = new Set<number>();
    v?.components.forEach((c, i) => keys?.has(c.key) && out.add(i));
    return out;
  }

  private toggle(key: string, shown: boolean): void {
    const v = this.overview?.meta.variants[this.variant];
    if (!v) return;
    const set = this.hidden.get(v.name) ?? new Set<string>();
    if (shown) set.delete(key);
    else set.add(key);
    this.hidden.set(v.name, set);
    this.save();
    this.renderDetail();
  }

  private hover(t: number | undefined): void {
    if (t === this.hoverT) return;
    this.hoverT = t;
    this.refreshStep();
    this.placeHoverLine();
    this.renderHoverPanel();
  }

  /** Values of the hovered step: read off an exact view, else asked of the host. */
  private refreshStep(): void {
    const t = this.hoverT;
    if (t === undefined || !this.overview) {
      this.step = undefined;
      return;
    }
    if (t >= this.overview.steps[this.episode]) {
      this.hoverT = undefined;
      this.step = undefined;
      return;
    }
    const local = this.view ? stepFromView(this.overview.meta, this.view, t) : undefined;
    if (local) {
      this.step = local;
      return;
    }
    if (this.step?.t !== t || this.step.episode !== this.episode) {
      this.step = undefined;
      this.host.post({ type: 'step', episode: this.episode, t });
    }
  }

  // Rendering.

  private renderAll(): void {
    this.renderBanner();
    this.renderHeader();
    this.renderEpisodes(false);
    this.renderDetail();
    this.renderCompare();
    this.renderProblems();
  }

  private renderBanner(): void {
    const b = this.el.banner;
    clear(b);
    b.hidden = !this.stale;
    if (this.stale) {
      const link = h('button', { class: 'link', type: 'button' }, 'Show problems');
      link.addEventListener('click', () => this.host.post({ type: 'showProblems' }));
      b.append(h('span', {}, `${this.stale.message} — showing the last good preview. `), link);
    }
    const n = this.el.notice;
    clear(n);
    n.hidden = this.notice === undefined && this.overview !== undefined;
    if (this.notice !== undefined || !this.overview) {
      n.append(h('span', {}, this.notice ?? 'Computing the preview…'));
      if (this.host.kind === 'vscode') n.append(' ', this.pickButton());
    }
  }

  private pickButton(): HTMLElement {
    const b = h('vscode-button', { secondary: true }, 'Pick trajectory files…');
    b.addEventListener('click', () => this.host.post({ type: 'pickTrajectories' }));
    return b;
  }

  private renderHeader(): void {
    const e = this.el.header;
    clear(e);
    const o = this.overview;
    if (!o) return;
    const totalSteps = o.steps.reduce((a, b) => a + b, 0);
    const problems = o.problems.length + o.moreProblems;
    e.append(
      h('h1', {}, `Reward preview: ${basename(o.meta.spec)}`),
      h('p', { class: 'summary muted' },
        `${o.steps.length} episode${o.steps.length === 1 ? '' : 's'}, ${totalSteps} steps from ${o.meta.files.length} file${o.meta.files.length === 1 ? '' : 's'}; γ = ${o.meta.gamma}` +
          (problems ? `; ${problems} problem${problems === 1 ? '' : 's'} in the data, ${o.skipped} record${o.skipped === 1 ? '' : 's'} skipped` : '')),
    );
    const select = h('vscode-single-select', { 'aria-label': 'reward variant', class: 'variant-select' }) as HTMLElement & { value: string };
    o.meta.variants.forEach((v, i) => select.append(h('vscode-option', { value: v.name, selected: i === this.variant }, v.name)));
    select.addEventListener('change', () => {
      const i = o.meta.variants.findIndex((v) => v.name === select.value);
      if (i < 0 || i === this.variant) return;
      this.variant = i;
      this.save();
      this.renderDetail();
    });
    const controls = h('div', { class: 'controls' }, h('label', {}, 'Components of ', select));
    if (this.host.kind === 'vscode') controls.append(this.pickButton());
    e.append(controls);
  }

  private renderEpisodes(focus: boolean): void {
    const e = this.el.episodes;
    clear(e);
    const o = this.overview;
    e.append(h('h2', {}, 'Episodes'));
    if (!o) return;
    if (o.steps.length === 0) {
      e.append(h('p', { class: 'muted' }, 'No episode was read from the trajectory files.'));
      return;
    }
    const table = renderEpisodeList(o, this.episode, (i) => this.selectEpisode(i));
    e.append(h('div', { class: 'scroll' }, table));
    const row = table.querySelector<HTMLElement>(`tr[data-episode="${this.episode}"]`);
    if (row) {
      row.scrollIntoView({ block: 'nearest' });
      if (focus) row.focus();
    }
  }

  private renderDetail(): void {
    // The charts are drawn anew (a zoom, a finer view arriving): the keyboard stays on them.
    const focused = !!this.plots && this.plots.contains(document.activeElement);
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const d = this.el.detail;
    clear(d);
    const o = this.overview;
    if (!o || o.steps.length === 0) return;
    const meta = o.meta;
    const variant = meta.variants[this.variant];
    const file = meta.files[o.file[this.episode]] ?? '';
    d.append(h('h2', {}, `Episode ${this.episode}`, h('span', { class: 'muted' }, ` · ${basename(file)} · ${o.steps[this.episode]} steps · ${o.terminated[this.episode] ? 'terminated' : 'truncated'}`)));
    const hidden = this.hiddenIndices();
    const colors = componentColors(variant.components.map((c) => c.kind), this.theme);
    const legend = h('div', { class: 'legend components', role: 'group', 'aria-label': `components of ${variant.name}` });
    variant.components.forEach((c, k) => {
      const box = h('vscode-checkbox', { checked: !hidden.has(k), 'data-component': c.key }) as HTMLElement & { checked: boolean };
      box.append(swatch(colors[k]), `${c.key} `, h('span', { class: 'kind' }, c.kind));
      box.addEventListener('change', () => this.toggle(c.key, box.checked));
      legend.append(box);
    });
    d.append(legend);
    const view = this.view;
    if (!view) {
      d.append(h('p', { class: 'muted' }, 'Loading the episode…'));
      return;
    }
    if (view.steps === 0) {
      d.append(h('p', { class: 'muted' }, 'This episode has a single record: no step, no reward.'));
      return;
    }
    const width = Math.max(240, d.clientWidth - 8);
    const plots = h('div', { class: 'plots', tabindex: 0, role: 'application', 'aria-label': `episode ${this.episode}: arrow keys move the hovered step, + and - zoom, 0 shows all steps; drag to zoom into steps` });
    const stepEl = h('div', { class: 'chart step-chart' });
    const retEl = h('div', { class: 'chart returns-chart' });
    const lanes = h('canvas', { class: 'lanes', 'aria-hidden': 'true' });
    const line = h('div', { class: 'hover-line', hidden: true });
    const variantColorsList = variantColors(meta.variants.length, this.theme);
    const returnsLegend = h('div', { class: 'legend returns' },
      ...meta.variants.flatMap((v, i) => [
        h('span', { class: 'legend-item', 'data-series': `${v.name} return` }, swatch(variantColorsList[i]), `${v.name} return`),
        h('span', { class: 'legend-item', 'data-series': `${v.name} discounted` }, swatch(variantColorsList[i], true), `${v.name} discounted`),
      ]));
    const shown = view.to - view.from;
    const range = view.from > 0 || view.to < view.steps ? ` · steps ${view.from}–${view.to - 1} of ${view.steps}` : '';
    const title = h('h3', {}, `Reward per step (${variant.name})${range}${view.exact ? '' : ` · ${view.start.length} columns of ${Math.floor(shown / view.start.length)}+ steps, min/max`}`);
    if (this.zoom || range) {
      const reset = h('button', { class: 'link reset-zoom', type: 'button' }, 'Show all steps');
      reset.addEventListener('click', () => this.setZoom(undefined, undefined));
      title.append(' ', reset);
    }
    const select = h('div', { class: 'zoom-select', hidden: true });
    plots.append(title, stepEl,
      h('h3', {}, 'Return so far'), returnsLegend, retEl, h('h3', {}, 'Machines, formulas, props'), lanes, line, select);
    const hover = h('aside', { class: 'hover', 'aria-live': 'polite', 'aria-label': 'values of the hovered step' });
    d.append(plots, hover);
    this.plots = plots;
    if (focused) plots.focus({ preventScroll: true });
    this.hoverLine = line;
    this.hoverPanel = hover;

    // uPlot settles its axes' sizes after the first pass: the lanes and the hover line follow
    // the plotting area on every draw.
    const layout = (u: uPlot) => {
      const ratio = window.devicePixelRatio || 1;
      this.box = { left: u.bbox.left / ratio, width: u.bbox.width / ratio };
      if (layoutLanes(meta).lanes.length) drawLanes(lanes, meta, view, this.box, this.theme, width);
      else lanes.hidden = true;
      this.placeHoverLine();
    };
    const step = stepChart(stepEl, { view, variant: this.variant, colors, hidden, theme: this.theme, width, height: 220, onDraw: layout });
    const ret = returnsChart(retEl, { view, variant: this.variant, names: meta.variants.map((v) => v.name), colors: variantColorsList, theme: this.theme, width, height: 170 });
    this.charts.push(step, ret);
    const at = (ev: MouseEvent) => {
      const r = plots.getBoundingClientRect();
      return stepAt(this.box, view, ev.clientX - r.left - plots.clientLeft);
    };
    // Dragging across the charts zooms into the steps dragged over; a double click shows all.
    let drag: { x: number; t: number } | undefined;
    const localX = (ev: MouseEvent) => ev.clientX - plots.getBoundingClientRect().left - plots.clientLeft;
    plots.addEventListener('mousedown', (ev) => {
      const t = at(ev);
      if (ev.button !== 0 || t === undefined) return;
      drag = { x: localX(ev), t };
      ev.preventDefault(); // no text selection while dragging; the charts still take the focus
      plots.focus();
    });
    plots.addEventListener('mousemove', (ev) => {
      const t = at(ev);
      if (t !== undefined) this.hover(t);
      if (!drag || !(ev.buttons & 1)) return;
      const x = localX(ev);
      select.hidden = Math.abs(x - drag.x) < 4;
      select.style.left = `${Math.min(x, drag.x)}px`;
      select.style.width = `${Math.abs(x - drag.x)}px`;
    });
    plots.addEventListener('mouseup', (ev) => {
      const d = drag;
      drag = undefined;
      select.hidden = true;
      const t = at(ev);
      if (!d || t === undefined || Math.abs(localX(ev) - d.x) < 4) return;
      this.setZoom(Math.min(d.t, t), Math.max(d.t, t) + 1);
    });
    plots.addEventListener('dblclick', () => this.setZoom(undefined, undefined));
    plots.addEventListener('keydown', (ev) => {
      const n = view.to - view.from;
      const cur = this.hoverT ?? view.from - 1;
      const big = Math.max(1, Math.round(n / 10));
      const to: Record<string, number> = { ArrowRight: cur + 1, ArrowLeft: cur - 1, PageDown: cur + big, PageUp: cur - big, Home: view.from, End: view.to - 1 };
      if (ev.key === 'Escape') return this.hover(undefined);
      // + and - zoom in and out around the hovered step (or the middle), 0 shows all steps.
      const around = this.hoverT ?? Math.floor((view.from + view.to) / 2);
      if (ev.key === '+' || ev.key === '=') return this.zoomBy(1 / 4, around);
      if (ev.key === '-') return this.zoomBy(4, around);
      if (ev.key === '0') return this.setZoom(undefined, undefined);
      if (!(ev.key in to)) return;
      ev.preventDefault();
      this.hover(Math.max(view.from, Math.min(view.to - 1, to[ev.key])));
    });
    this.placeHoverLine();
    this.renderHoverPanel();
  }

  private placeHoverLine(): void {
    const line = this.hoverLine;
    const view = this.view;
    if (!line || !view) return;
    const t = this.hoverT;
    line.hidden = t === undefined;
    if (t === undefined) return;
    const x = this.box.left + ((t + 0.5 - view.from) / Math.max(1, view.to - view.from)) * this.box.width;
    line.style.left = `${x}px`;
  }

  private renderHoverPanel(): void {
    const el = this.hoverPanel;
    const o = this.overview;
    if (!el || !o) return;
    const variant = o.meta.variants[this.variant];
    renderHover(el, {
      meta: o.meta,
      values: this.step,
      t: this.hoverT,
      steps: o.steps[this.episode],
      variant: this.variant,
      colors: componentColors(variant.components.map((c) => c.kind), this.theme),
      hidden: this.hiddenIndices(),
    });
  }

  private compareChart: uPlot | undefined;

  private renderCompare(): void {
    this.compareChart?.destroy();
    this.compareChart = undefined;
    const e = this.el.compare;
    clear(e);
    const o = this.overview;
    if (!o) return;
    e.append(h('h2', {}, 'Variants compared'));
    if (o.steps.length === 0) return;
    const colors = variantColors(o.meta.variants.length, this.theme);
    this.compareChart = renderCompare(e, o, colors, this.theme, Math.max(240, e.clientWidth - 8), (i) => this.selectEpisode(i));
  }

  private renderProblems(): void {
    const e = this.el.problems;
    clear(e);
    const o = this.overview;
    if (!o || o.problems.length === 0) {
      e.hidden = true;
      return;
    }
    e.hidden = false;
    e.append(h('h2', {}, `Problems in the data (${o.problems.length + o.moreProblems})`),
      h('ul', {}, ...o.problems.map((p) => h('li', {}, h('code', {}, `${basename(p.file)}:${p.line}`), p.field ? ` ${p.field}: ` : ' ', p.message))),
    );
    if (o.moreProblems) e.append(h('p', { class: 'muted' }, `and ${o.moreProblems} more`));
  }
}
