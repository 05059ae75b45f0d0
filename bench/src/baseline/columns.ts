// A trajectory of the benchmark spec held in memory as typed-array columns (one value per
// record), with each episode's record range and end. Both the evaluator and the hand-written
// loop read from here, so neither pays for parsing in the timed part.
import { FIELDS } from '../gen/bench-spec';

export interface Columns {
  readonly records: number;
  readonly steps: number;
  /** Column per field of FIELDS, one value per record (actions NaN on an episode's last record). */
  readonly values: Readonly<Record<(typeof FIELDS)[number], Float64Array>>;
  /** Episode e covers records start[e] .. start[e+1]-1. */
  readonly start: Int32Array;
  readonly terminated: Uint8Array;
}

interface RecordShape {
  readonly obs: readonly number[];
  readonly action?: readonly number[];
  readonly labels: readonly string[];
  readonly terminated?: boolean;
  readonly truncated?: boolean;
}

/** Columns of the parsed JSONL records (objects as JSON.parse gives them). */
export function toColumns(records: readonly unknown[]): Columns {
  const n = records.length;
  const values = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(n)])) as Record<(typeof FIELDS)[number], Float64Array>;
  const starts: number[] = [0];
  const terminated: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = records[i] as RecordShape;
    values.x[i] = r.obs[0];
    values.y[i] = r.obs[1];
    values.vx[i] = r.obs[2];
    values.vy[i] = r.obs[3];
    values.torque[i] = r.action ? r.action[0] : NaN;
    values.thrust[i] = r.action ? r.action[1] : NaN;
    values.hazard[i] = r.labels.includes('hazard') ? 1 : 0;
    if (r.terminated || r.truncated) {
      starts.push(i + 1);
      terminated.push(r.terminated ? 1 : 0);
    }
  }
  if (starts[starts.length - 1] !== n) {
    starts.push(n);
    terminated.push(0);
  }
  const start = Int32Array.from(starts);
  return { records: n, steps: n - (start.length - 1), values, start, terminated: Uint8Array.from(terminated) };
}
