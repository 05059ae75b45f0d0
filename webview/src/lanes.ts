import type { EpisodeView, PreviewMeta } from '../../protocol/preview';
import { stateColors, withAlpha, type Theme } from './colors';
import { columnEnd, xOf, type PlotBox } from './geometry';

export const MACHINE_LANE = 22;
export const LTL_LANE = 16;
export const PROP_LANE = 14;
const GAP = 4;

export interface Lane {
  readonly kind: 'machine' | 'ltl' | 'prop';
  readonly name: string;
  readonly top: number;
  readonly height: number;
}

/** The lanes under the charts, top to bottom: each machine's state, each formula's verdict, each prop. */
export function layoutLanes(meta: PreviewMeta): { lanes: Lane[]; height: number } {
  const lanes: Lane[] = [];
  let y = 0;
  const add = (kind: Lane['kind'], name: string, height: number) => {
    lanes.push({ kind, name, top: y, height });
    y += height;
  };
  meta.machines.forEach((m) => add('machine', m.name, MACHINE_LANE));
  if (meta.machines.length && meta.ltls.length) y += GAP;
  meta.ltls.forEach((l) => add('ltl', l, LTL_LANE));
  if ((meta.machines.length || meta.ltls.length) && meta.props.length) y += GAP;
  meta.props.forEach((p) => add('prop', p, PROP_LANE));
  return { lanes, height: y };
}

/**
 * Draws the lanes on `canvas` (CSS size width x height): machine states as coloured segments
 * named when they fit (terminal states outlined), verdict bands (pending, accepted, rejected),
 * and the props as a raster whose cells are as dark as the share of steps where the prop holds.
 */
export function drawLanes(canvas: HTMLCanvasElement, meta: PreviewMeta, view: EpisodeView, box: PlotBox, theme: Theme, width: number): void {
  const { lanes, height } = layoutLanes(meta);
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(Math.max(1, height) * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${Math.max(1, height)}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.font = theme.font;
  ctx.textBaseline = 'middle';
  const n = view.start.length;
  const x = (v: number) => xOf(box, view, v);

  let machine = 0;
  let ltl = 0;
  let prop = 0;
  for (const lane of lanes) {
    const mid = lane.top + lane.height / 2;
    ctx.fillStyle = theme.muted;
    ctx.textAlign = 'right';
    ctx.fillText(ellipsize(ctx, lane.name, box.left - 8), box.left - 6, mid);
    ctx.textAlign = 'left';
    if (lane.kind === 'machine') {
      const m = meta.machines[machine];
      const states = view.machines[machine++];
      const colors = stateColors(m.states.length, theme);
      for (let i = 0; i < n; ) {
        let j = i;
        while (j + 1 < n && states[j + 1] === states[i]) j++;
        const s = states[i];
        const a = x(view.start[i]);
        const b = x(columnEnd(view, j));
        ctx.fillStyle = colors[s] ?? theme.muted;
        ctx.fillRect(a, lane.top + 2, Math.max(1, b - a), lane.height - 4);
        if (m.terminal[s]) {
          ctx.strokeStyle = theme.foreground;
          ctx.lineWidth = theme.highContrast ? 2 : 1;
          ctx.strokeRect(a + 0.5, lane.top + 2.5, Math.max(1, b - a - 1), lane.height - 5);
        }
        const label = m.states[s] ?? '?';
        if (b - a > ctx.measureText(label).width + 6) {
          ctx.fillStyle = theme.background;
          ctx.fillText(label, a + 3, mid);
        }
        i = j + 1;
      }
    } else if (lane.kind === 'ltl') {
      const verdicts = view.ltl[ltl++];
      for (let i = 0; i < n; i++) {
        const v = verdicts[i];
        ctx.fillStyle = v > 0 ? theme.green : v < 0 ? theme.red : withAlpha(theme.muted, 0.35);
        const a = x(view.start[i]);
        ctx.fillRect(a, lane.top + 2, Math.max(1, x(columnEnd(view, i)) - a), lane.height - 4);
      }
    } else {
      const cells = view.props[prop++];
      ctx.fillStyle = withAlpha(theme.muted, 0.12);
      ctx.fillRect(box.left, lane.top + 1, box.width, lane.height - 2);
      ctx.fillStyle = theme.foreground;
      for (let i = 0; i < n; i++) {
        if (cells[i] === 0) continue;
        ctx.globalAlpha = Math.max(0.25, cells[i] / 255);
        const a = x(view.start[i]);
        ctx.fillRect(a, lane.top + 1, Math.max(1, x(columnEnd(view, i)) - a), lane.height - 2);
      }
      ctx.globalAlpha = 1;
    }
  }
}

function ellipsize(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let s = text;
  while (s.length > 1 && ctx.measureText(s + '…').width > width) s = s.slice(0, -1);
  return s + '…';
}
