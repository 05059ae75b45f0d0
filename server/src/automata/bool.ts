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

/**
 * A formula flattened to postfix, children before parents: evaluation is one loop over it, so a
 * guard of 100,000 `&&`s is evaluated without recursion. Built once per formula.
 */
interface Postfix {
  readonly nodes: readonly BoolF[];
  /** Per node, the indexes of its children's values in `nodes`. */
  readonly kids: readonly (readonly number[])[];
}

const postfixes = new WeakMap<BoolF, Postfix>();

const childrenOf = (f: BoolF): readonly BoolF[] => (f.kind === 'const' || f.kind === 'atom' ? [] : f.kind === 'not' ? [f.f] : [f.l, f.r]);

function postfix(f: BoolF): Postfix {
  const known = postfixes.get(f);
  if (known) return known;
  const nodes: BoolF[] = [];
  const kids: number[][] = [];
  // A node shared by two parents is listed once.
  const index = new Map<BoolF, number>();
  const stack: { f: BoolF; expanded: boolean }[] = [{ f, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (index.has(top.f)) {
      stack.pop();
      continue;
    }
    const cs = childrenOf(top.f);
    if (!top.expanded) {
      top.expanded = true;
      for (let i = cs.length - 1; i >= 0; i--) if (!index.has(cs[i])) stack.push({ f: cs[i], expanded: false });
      continue;
    }
    stack.pop();
    index.set(top.f, nodes.length);
    nodes.push(top.f);
    kids.push(cs.map((c) => index.get(c)!));
  }
  const p = { nodes, kids };
  postfixes.set(f, p);
  return p;
}

/** Kleene three-valued evaluation: undefined when the known atoms do not decide f. */
function evalPartial(f: BoolF, read: (atom: number) => 0 | 1 | undefined): 0 | 1 | undefined {
  const { nodes, kids } = postfix(f);
  const values: (0 | 1 | undefined)[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    const k = kids[i];
    switch (n.kind) {
      case 'const':
        values[i] = n.value ? 1 : 0;
        break;
      case 'atom':
        values[i] = read(n.atom);
        break;
      case 'not': {
        const v = values[k[0]];
        values[i] = v === undefined ? undefined : v === 1 ? 0 : 1;
        break;
      }
      case 'and':
      case 'or': {
        const l = values[k[0]];
        const r = values[k[1]];
        const dominant = n.kind === 'and' ? 0 : 1;
        values[i] = l === dominant || r === dominant ? dominant : l === undefined || r === undefined ? undefined : l;
        break;
      }
      case 'implies': {
        const l = values[k[0]];
        const r = values[k[1]];
        values[i] = l === 0 || r === 1 ? 1 : l === undefined || r === undefined ? undefined : 0;
        break;
      }
      case 'iff': {
        const l = values[k[0]];
        const r = values[k[1]];
        values[i] = l === undefined || r === undefined ? undefined : l === r ? 1 : 0;
        break;
      }
    }
  }
  return values[nodes.length - 1];
}

function atomsOf(f: BoolF): Set<number> {
  const out = new Set<number>();
  for (const n of postfix(f).nodes) if (n.kind === 'atom') out.add(n.atom);
  return out;
}
