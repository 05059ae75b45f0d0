// The names Show Automaton can draw, found in the text: declaration keywords start a
// declaration only at the start of a line (LANGUAGE.md section 2), so a line scan is exact
// enough to offer a choice; the server decides what the name really is.

export interface AutomatonCandidate {
  readonly kind: 'machine' | 'ltl';
  readonly name: string;
  /** 0-based line of the declaration. */
  readonly line: number;
}

export function automatonCandidates(text: string): readonly AutomatonCandidate[] {
  const out: AutomatonCandidate[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^\s*(machine|ltl)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(line);
    if (m) out.push({ kind: m[1] as 'machine' | 'ltl', name: m[2], line: i });
  });
  return out;
}

/** The candidate declared closest above the cursor line: the one the cursor is most likely in. */
export function candidateAt(candidates: readonly AutomatonCandidate[], line: number): AutomatonCandidate | undefined {
  return candidates.filter((c) => c.line <= line).at(-1);
}
