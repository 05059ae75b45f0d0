/** One problem found in a trajectory file: where it is and what was expected. */
export interface DataProblem {
  readonly file: string;
  /** 1-based, as in human-facing messages. */
  readonly line: number;
  /** The field path as written in specs (`obs[0]`, `labels`), or `""` when no field can be named. */
  readonly field: string;
  readonly message: string;
}

export function dataProblem(file: string, line: number, field: string, message: string): DataProblem {
  return { file, line, field, message };
}
