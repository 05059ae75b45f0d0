import type { PreviewMeta, StepValues } from '../../protocol/preview';
import { clear, h } from './dom';
import { num } from './format';

export interface HoverInput {
  readonly meta: PreviewMeta;
  readonly values: StepValues | undefined;
  /** The step hovered, even while its values are on their way. */
  readonly t: number | undefined;
  readonly steps: number;
  readonly variant: number;
  readonly colors: readonly string[];
  readonly hidden: ReadonlySet<number>;
}

/** Every value of the hovered step, at full resolution, as `reward eval` prints them. */
export function renderHover(el: HTMLElement, input: HoverInput): void {
  clear(el);
  const { meta, values, t } = input;
  if (t === undefined) {
    el.append(h('p', { class: 'muted' }, 'Hover a step (or focus the chart and use the arrow keys) to see every value.'));
    return;
  }
  // t counts from 0 as in `reward eval`; the ordinal counts from 1, as people do.
  el.append(h('h3', {}, `t = ${t} · step ${t + 1} of ${input.steps}`));
  if (!values || values.t !== t) {
    el.append(h('p', { class: 'muted' }, 'Loading…'));
    return;
  }
  const cell = (x: number) => h('td', { class: 'num', 'data-value': String(x) }, num(x));
  el.append(
    h('table', { class: 'values', 'aria-label': 'reward per variant' },
      h('thead', {}, h('tr', {}, h('th', {}, 'reward'), h('th', {}, 'this step'), h('th', {}, 'return so far'), h('th', {}, 'discounted'))),
      h('tbody', {}, ...meta.variants.map((v, i) => {
        const row = h('tr', { 'data-variant': v.name, class: i === input.variant ? 'selected' : undefined }, h('th', {}, v.name), cell(values.reward[i]), cell(values.cumulative[i]), cell(values.discounted[i]));
        return row;
      })),
    ),
  );
  const variant = meta.variants[input.variant];
  el.append(
    h('table', { class: 'values', 'aria-label': `components of ${variant.name}` },
      h('thead', {}, h('tr', {}, h('th', {}, `components (${variant.name})`), h('th', {}, 'kind'), h('th', {}, 'value'))),
      h('tbody', {}, ...variant.components.map((c, k) =>
        h('tr', { 'data-component': c.key, class: input.hidden.has(k) ? 'hidden-item' : undefined },
          h('th', {}, swatch(input.colors[k]), c.key), h('td', { class: 'muted' }, c.kind), cell(values.components[input.variant][k])))),
    ),
  );
  if (meta.machines.length || meta.ltls.length) {
    el.append(
      h('table', { class: 'values', 'aria-label': 'machines and formulas' },
        h('tbody', {},
          ...meta.machines.map((m, i) => h('tr', { 'data-machine': m.name }, h('th', {}, m.name), h('td', {}, values.machines[i]))),
          ...meta.ltls.map((l, i) => h('tr', { 'data-ltl': l }, h('th', {}, l), h('td', { class: `verdict ${values.ltl[i]}` }, values.ltl[i]))),
        ),
      ),
    );
  }
  if (meta.props.length) {
    el.append(
      h('p', { class: 'props', 'aria-label': 'props' },
        ...meta.props.map((p, i) => h('span', { class: values.props[i] ? 'prop on' : 'prop off', 'data-prop': p, title: values.props[i] ? `${p} holds` : `${p} does not hold` }, values.props[i] ? `✓ ${p}` : `✗ ${p}`)),
      ),
    );
  }
}

export const swatch = (color: string, dashed = false): HTMLElement => {
  const s = h('span', { class: dashed ? 'swatch dashed' : 'swatch', 'aria-hidden': 'true' });
  s.style.setProperty('--swatch', color);
  return s;
};
