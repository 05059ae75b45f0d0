// One row of the results table: what was measured, the figure, the reference measured in the
// same run, their ratio, the target and whether it was met (with why, when it was not).

export interface Target {
  /** What the target constrains: the ratio to the reference, or the figure itself. */
  readonly on: 'ratio' | 'figure';
  readonly op: '>=' | '<=';
  readonly value: number;
}

export interface Row {
  readonly suite: string;
  readonly what: string;
  readonly figure: number;
  readonly unit: string;
  readonly reference: number | null;
  readonly referenceWhat: string | null;
  /** figure / reference, unless `ratioWhat` says otherwise. */
  readonly ratio: number | null;
  readonly ratioWhat: string | null;
  readonly target: Target | null;
  /** null when the row has no target (information only). */
  readonly met: boolean | null;
  /** For a missed target: why, and what would close it. */
  readonly why: string | null;
  /** Anything else worth keeping: sample sizes, checks, raw samples. */
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface RowInput {
  readonly suite: string;
  readonly what: string;
  readonly figure: number;
  readonly unit: string;
  readonly reference?: number;
  readonly referenceWhat?: string;
  readonly ratio?: number;
  readonly ratioWhat?: string;
  readonly target?: Target;
  /** Called only when the target is missed. */
  readonly why?: (row: Omit<Row, 'why'>) => string;
  readonly detail?: Record<string, unknown>;
}

export function row(input: RowInput): Row {
  const reference = input.reference ?? null;
  const ratio = input.ratio ?? (reference !== null && reference !== 0 ? input.figure / reference : null);
  const target = input.target ?? null;
  let met: boolean | null = null;
  if (target) {
    const x = target.on === 'ratio' ? ratio : input.figure;
    met = x !== null && Number.isFinite(x) && (target.op === '>=' ? x >= target.value : x <= target.value);
  }
  const base = {
    suite: input.suite,
    what: input.what,
    figure: input.figure,
    unit: input.unit,
    reference,
    referenceWhat: input.referenceWhat ?? null,
    ratio,
    ratioWhat: input.ratioWhat ?? null,
    target,
    met,
    detail: input.detail ?? {},
  };
  const why = met === false ? (input.why ? input.why(base) : 'no explanation recorded') : null;
  return { ...base, why };
}

/** A suite's entry point prints its rows as one JSON line each, prefixed so that run.mjs can find them. */
export const ROW_PREFIX = '@@row ';

export function emit(r: Row): void {
  process.stdout.write(ROW_PREFIX + JSON.stringify(r) + '\n');
}

/** Whether the suite runs in the smoke mode (`npm run bench -- --quick`). */
export const isQuick = (): boolean => process.argv.includes('--quick');
