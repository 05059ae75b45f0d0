import type { PreviewOverview } from '../../protocol/preview';
import { h } from './dom';
import { basename, num, short } from './format';

/**
 * The episodes as a table: file, steps, how it ended, and return and discounted return per
 * variant. One row is focusable at a time; arrows, Page keys, Home and End move the selection.
 */
export function renderEpisodeList(overview: PreviewOverview, selected: number, select: (episode: number) => void): HTMLElement {
  const { meta } = overview;
  const n = overview.steps.length;
  const head = h('thead', {},
    h('tr', {}, h('th', { rowspan: 2 }, '#'), h('th', { rowspan: 2 }, 'file'), h('th', { rowspan: 2, class: 'num' }, 'steps'), h('th', { rowspan: 2 }, 'end'),
      ...meta.variants.map((v) => h('th', { colspan: 2, class: 'variant', scope: 'colgroup' }, v.name))),
    h('tr', {}, ...meta.variants.flatMap(() => [h('th', { class: 'num' }, 'return'), h('th', { class: 'num' }, 'disc.')])),
  );
  const rows = Array.from({ length: n }, (_, e) => {
    const cells = meta.variants.flatMap((_, v) => [
      h('td', { class: 'num', title: num(overview.returns[v][e]) }, short(overview.returns[v][e])),
      h('td', { class: 'num', title: num(overview.discounted[v][e]) }, short(overview.discounted[v][e])),
    ]);
    const file = meta.files[overview.file[e]] ?? '';
    const row = h('tr', { 'data-episode': e, tabindex: e === selected ? 0 : -1, 'aria-selected': e === selected ? 'true' : 'false', class: e === selected ? 'selected' : undefined },
      h('td', { class: 'num' }, String(e)), h('td', { title: file }, basename(file)), h('td', { class: 'num' }, String(overview.steps[e])),
      h('td', { class: overview.terminated[e] ? 'end terminated' : 'end truncated' }, overview.terminated[e] ? 'terminated' : 'truncated'), ...cells);
    row.addEventListener('click', () => select(e));
    return row;
  });
  const body = h('tbody', {}, ...rows);
  const table = h('table', { class: 'episodes', role: 'grid', 'aria-label': 'episodes', 'aria-rowcount': n }, head, body);
  table.addEventListener('keydown', (ev: KeyboardEvent) => {
    const page = 10;
    const to: Record<string, number> = { ArrowDown: selected + 1, ArrowUp: selected - 1, PageDown: selected + page, PageUp: selected - page, Home: 0, End: n - 1 };
    if (!(ev.key in to)) return;
    ev.preventDefault();
    select(Math.max(0, Math.min(n - 1, to[ev.key])));
  });
  return table;
}
