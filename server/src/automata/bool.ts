// Machine guards as propositional formulas over atoms: evaluation and exact satisfiability
// under `exclusive` groups (for `unsatisfiable-guard` and `nondeterministic-transitions`).

export type BoolF =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'atom'; readonly atom: number }
  | { readonly kind: 'not'; readonly f: BoolF }
  | { readonly kind: 'and' | 'or' | 'implies' | 'iff'; readonly l: BoolF; readonly r: BoolF };

/** Whether atom `atom` is in the label set `letter` (atoms beyond 31 too: letters are numbers). */
export function hasAtom(letter: number, atom: number): boolean {
  return atom < 31 ? ((letter >>> atom) & 1) === 1 : Math.floor(letter / 2 ** atom) % 2 === 1;
}

export function evalBool(f: BoolF, letter: number): boolean {
  return evalPartial(f, (a) => (hasAtom(letter, a) ? 1 : 0)) === 1;
}

/**
 * A witness label set (bitmask) allowed by `exclusive` that satisfies f, or undefined. Exact:
 * a backtracking search over the atoms f mentions, pruned by three-valued evaluation; atoms
 * f does not mention stay false, which no `exclusive` group forbids.
 */
export function satisfy(f: BoolF, atoms: number, exclusive: readonly (readonly number[])[]): number | undefined {
  const mentioned = [...atomsOf(f)].filter((a) => a >= 0 && a < atoms).sort((x, y) => x - y);
  const value = new Map<number, 0 | 1>();
  const rivals = new Map<number, number[]>();
  for (const group of exclusive) {
    for (const a of group) rivals.set(a, [...(rivals.get(a) ?? []), ...group.filter((b) => b !== a)]);
  }
  // Atoms out of range are never in a label set: they read false.
  const read = (a: number): 0 | 1 | undefined => (a >= 0 && a < atoms ? value.get(a) : 0);
  const search = (i: number): boolean => {
    const v = evalPartial(f, read);
    if (v !== undefined) return v === 1;
    const a = mentioned[i];
    for (const choice of [1, 0] as const) {
      if (choice === 1 && (rivals.get(a) ?? []).some((b) => value.get(b) === 1)) continue;
      value.set(a, choice);
      if (search(i + 1)) return true;
    }
    value.delete(a);
    return false;
  };
  if (!search(0)) return undefined;
  return mentioned.reduce((letter, a) => (value.get(a) === 1 ? letter + 2 ** a : letter), 0);
}

/** Kleene three-valued evaluation: undefined when the known atoms do not decide f. */
function evalPartial(f: BoolF, read: (atom: number) => 0 | 1 | undefined): 0 | 1 | undefined {
  switch (f.kind) {
    case 'const':
      return f.value ? 1 : 0;
    case 'atom':
      return read(f.atom);
    case 'not': {
      const v = evalPartial(f.f, read);
      return v === undefined ? undefined : v === 1 ? 0 : 1;
    }
    case 'and':
    case 'or': {
      const l = evalPartial(f.l, read);
      const dominant = f.kind === 'and' ? 0 : 1;
      if (l === dominant) return dominant;
      const r = evalPartial(f.r, read);
      if (r === dominant) return dominant;
      return l === undefined || r === undefined ? undefined : l;
    }
    case 'implies': {
      const l = evalPartial(f.l, read);
      if (l === 0) return 1;
      const r = evalPartial(f.r, read);
      if (r === 1) return 1;
      return l === undefined || r === undefined ? undefined : 0;
    }
    case 'iff': {
      const l = evalPartial(f.l, read);
      const r = evalPartial(f.r, read);
      return l === undefined || r === undefined ? undefined : l === r ? 1 : 0;
    }
  }
}

function atomsOf(f: BoolF, out: Set<number> = new Set()): Set<number> {
  if (f.kind === 'atom') out.add(f.atom);
  else if (f.kind === 'not') atomsOf(f.f, out);
  else if (f.kind !== 'const') (atomsOf(f.l, out), atomsOf(f.r, out));
  return out;
}
