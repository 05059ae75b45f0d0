// Problems of a run, kept with bounded memory: a file of ten million bad records must not mean
// ten million objects. The first `limit` problems are kept whole, in the order they came; the
// rest are counted per file, field and kind, and those counts are exact.

import type { DataProblem } from './problem';

/** The default number of problems kept whole (docs/trajectories.md, "Problems"). */
export const PROBLEMS_KEPT = 1000;

/** Distinct (file, field, kind) groups counted; beyond it, further groups share one entry. */
const MAX_GROUPS = 1000;

/** Problems beyond the kept ones, counted by where they are and what they say. */
export interface OmittedProblems {
  readonly file: string;
  readonly field: string;
  /** The message with its numbers and quoted values replaced by `N` and `...`. */
  readonly kind: string;
  readonly count: number;
  /** The first line (1-based) where a problem of this group was met. */
  readonly first_line: number;
}

export class ProblemLog {
  private readonly keptList: DataProblem[] = [];
  private readonly groups = new Map<string, { file: string; field: string; kind: string; count: number; first_line: number }>();
  private omittedCount = 0;

  constructor(readonly limit = PROBLEMS_KEPT) {}

  add(p: DataProblem): void {
    if (this.keptList.length < this.limit) {
      this.keptList.push(p);
      return;
    }
    this.omittedCount++;
    const kind = problemKind(p.message);
    let key = `${p.file}\u0000${p.field}\u0000${kind}`;
    let group = this.groups.get(key);
    if (group === undefined && this.groups.size >= MAX_GROUPS) {
      key = '\u0000other';
      group = this.groups.get(key);
      if (group === undefined) {
        group = { file: '', field: '', kind: 'other problems (too many kinds to count apart)', count: 0, first_line: p.line };
        this.groups.set(key, group);
      }
    }
    if (group === undefined) {
      group = { file: p.file, field: p.field, kind, count: 0, first_line: p.line };
      this.groups.set(key, group);
    }
    group.count++;
  }

  /** The first `limit` problems, in the order they came. */
  get kept(): readonly DataProblem[] {
    return this.keptList;
  }

  /** How many problems there were in all. */
  get total(): number {
    return this.keptList.length + this.omittedCount;
  }

  /** How many problems were only counted. */
  get omitted(): number {
    return this.omittedCount;
  }

  /** The counted problems by file, field and kind, in the order each group was first met. */
  omittedGroups(): OmittedProblems[] {
    return [...this.groups.values()].map((g) => ({ ...g }));
  }
}

const QUOTED = /"(?:[^"\\]|\\.)*"|'[^']*'/g;
const NUMBER = /-?\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b|-?Infinity|NaN/gi;

/** What a message says once the values it quotes are taken out: the kind of the problem. */
export function problemKind(message: string): string {
  return message.replace(QUOTED, '...').replace(NUMBER, 'N');
}
