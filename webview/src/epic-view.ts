import { h } from './dom';

// The EPIC side of "Variants compared" (LANGUAGE.md section 12, docs/compare.md): the distance
// of each pair beside its rank correlation, a matrix when there are more than two variants,
// and the fit of each variant to the preference labels. The numbers come from the server.

export const EPIC_HOVER =
  'EPIC distance (Gleave et al. 2021), computed on these trajectories\' states and actions as `reward compare` does (512 samples, seed 0). ' +
  '0: the same reward up to potential shaping and a positive scale, so the same optimal policies; about 0.7: unrelated; 1: one is the negation of the other. ' +
  'It evaluates the rewards on transitions the environment may never produce.';

export const NO_EPIC_HOVER =
  'No EPIC distance: the canonical form of one of the two variants does not vary over these steps (a constant reward, or pure shaping), so there is no correlation to measure. `reward compare` says which.';

export const SHAPING_ONLY_HOVER =
  'These blocks differ only by shaping items: potential-based shaping never changes the optimal policies (Ng, Harada & Russell 1999). ' +
  'EPIC removes shaping by a potential of the state exactly; shaping over machine states can leave a distance, because the draws do not keep machine states consistent.';

export interface EpicPair {
  readonly a: number;
  readonly b: number;
  /** NaN when a variant's canonical form does not vary (a constant, or pure shaping). */
  readonly epic: number;
  readonly shapingOnly: boolean;
}

export interface PreferenceRow {
  /** NaN without strict labels. */
  readonly agreement: number;
  readonly logLikelihood: number;
  /** NaN when the returns separate the labels (the likelihood grows without bound). */
  readonly beta: number;
  readonly pairs: number;
}

const fixed = (x: number) => (Number.isNaN(x) ? 'n/a' : Math.abs(x) < 5e-4 ? '0.000' : x.toFixed(3));

/** The cell of one pair: the distance, and a mark when the pair differs only by shaping. */
export function epicCell(p: EpicPair): HTMLElement {
  const td = h('td', { class: 'num epic', title: Number.isNaN(p.epic) ? NO_EPIC_HOVER : EPIC_HOVER }, fixed(p.epic));
  if (p.shapingOnly) td.append(' ', h('span', { class: 'badge shaping-only', title: SHAPING_ONLY_HOVER }, 'shaping only'));
  return td;
}

/** The distances of every pair as a symmetric matrix (0 on the diagonal). */
export function epicMatrix(names: readonly string[], pairs: readonly EpicPair[]): HTMLElement {
  const at = (i: number, j: number) => (i === j ? 0 : pairs.find((p) => (p.a === i && p.b === j) || (p.a === j && p.b === i))?.epic ?? NaN);
  return h('table', { class: 'epic-matrix', 'aria-label': 'EPIC distance of every pair of variants', title: EPIC_HOVER },
    h('thead', {}, h('tr', {}, h('th', {}, 'EPIC'), ...names.map((n) => h('th', { class: 'num', scope: 'col' }, n)))),
    h('tbody', {}, ...names.map((n, i) => h('tr', {}, h('th', { scope: 'row' }, n), ...names.map((_, j) => {
      const d = at(i, j);
      const td = h('td', { class: 'num', 'data-pair': i === j ? undefined : `${names[Math.min(i, j)]}/${names[Math.max(i, j)]}` }, fixed(d));
      // Darker for farther: the eye finds the different pairs first. Set through the CSSOM,
      // which the webview's content security policy allows (a style attribute it refuses).
      if (!Number.isNaN(d) && i !== j) td.style.background = `color-mix(in srgb, var(--vscode-charts-red, #c33) ${Math.round(d * 60)}%, transparent)`;
      return td;
    })))),
  );
}

/** How each variant's discounted returns fit the preference labels. */
export function preferencesTable(names: readonly string[], rows: readonly PreferenceRow[], files: number): HTMLElement {
  const best = Math.max(...rows.map((r) => r.logLikelihood));
  return h('div', { class: 'preferences' },
    h('h3', {}, `Preferences (${rows[0]?.pairs ?? 0} labelled pair${rows[0]?.pairs === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'})`),
    h('table', { class: 'preferences', 'aria-label': 'fit of each variant to the preference labels' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'variant'),
        h('th', { class: 'num', title: 'The fraction of strict labels whose preferred episode has the higher discounted return (a tie counts half).' }, 'agreement'),
        h('th', { class: 'num', title: 'The Bradley-Terry log-likelihood of the labels, P(a > b) = sigmoid(beta (G_a - G_b)): higher explains the labels better.' }, 'log-likelihood'),
        h('th', { class: 'num', title: 'The fitted beta >= 0; "separated" when the returns order every label correctly, so the likelihood keeps growing with beta.' }, 'β'))),
      h('tbody', {}, ...rows.map((r, i) => h('tr', { 'data-variant': names[i], class: r.logLikelihood === best ? 'best' : undefined },
        h('th', {}, names[i]),
        h('td', { class: 'num agreement' }, Number.isNaN(r.agreement) ? 'n/a' : r.agreement.toFixed(3)),
        h('td', { class: 'num' }, r.logLikelihood.toFixed(3)),
        h('td', { class: 'num' }, Number.isNaN(r.beta) ? 'separated' : r.beta.toPrecision(3))))),
    ),
  );
}
