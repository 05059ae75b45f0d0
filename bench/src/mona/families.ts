// The formula families of the automata benchmark, as text in the .reward `ltl` syntax (which
// reads Spot's precedence): the Dwyer, Avrunin and Corbett specification patterns (the 55 of
// Spot's `genltl --dac-patterns`, with [] as G and <> as F), the nested eventualities
// F(a1 && F(a2 && ... F an)), and bounded eventualities F[0,k].

export interface Family {
  readonly name: string;
  readonly formulas: readonly { readonly id: string; readonly text: string }[];
}

// Spot, spot/gen/formulas.cc, dac_pattern (Dwyer, Avrunin, Corbett, FMSP'98).
const DAC = [
  '[](!p0)', '<>p2 -> (!p0 U p2)', '[](p1 -> [](!p0))', '[]((p1 & !p2 & <>p2) -> (!p0 U p2))', '[](p1 & !p2 -> (!p0 W p2))',
  '<>(p0)', '!p2 W (p0 & !p2)', '[](!p1) | <>(p1 & <>p0)', '[](p1 & !p2 -> (!p2 W (p0 & !p2)))', '[](p1 & !p2 -> (!p2 U (p0 & !p2)))',
  '(!p0 W (p0 W (!p0 W (p0 W []!p0))))',
  '<>p2 -> ((!p0 & !p2) U (p2 | ((p0 & !p2) U (p2 | ((!p0 & !p2) U (p2 | ((p0 & !p2) U (p2 | (!p0 U p2)))))))))',
  '<>p1 -> (!p1 U (p1 & (!p0 W (p0 W (!p0 W (p0 W []!p0))))))',
  '[]((p1 & <>p2) -> ((!p0 & !p2) U (p2 | ((p0 & !p2) U (p2 |((!p0 & !p2) U (p2 | ((p0 & !p2) U (p2 | (!p0 U p2))))))))))',
  '[](p1 -> ((!p0 & !p2) U (p2 | ((p0 & !p2) U (p2 | ((!p0 & !p2) U(p2 | ((p0 & !p2) U (p2 | (!p0 W p2) | []p0)))))))))',
  '[](p0)', '<>p2 -> (p0 U p2)', '[](p1 -> [](p0))', '[]((p1 & !p2 & <>p2) -> (p0 U p2))', '[](p1 & !p2 -> (p0 W p2))',
  '!p0 W p3', '<>p2 -> (!p0 U (p3 | p2))', '[]!p1 | <>(p1 & (!p0 W p3))', '[]((p1 & !p2 & <>p2) -> (!p0 U (p3 | p2)))', '[](p1 & !p2 -> (!p0 W (p3 | p2)))',
  '[](p0 -> <>p3)', '<>p2 -> (p0 -> (!p2 U (p3 & !p2))) U p2', '[](p1 -> [](p0 -> <>p3))', '[]((p1 & !p2 & <>p2) -> ((p0 -> (!p2 U (p3 & !p2))) U p2))', '[](p1 & !p2 -> ((p0 -> (!p2 U (p3 & !p2))) W p2))',
  '<>p0 -> (!p0 U (p3 & !p0 & X(!p0 U p4)))', '<>p2 -> (!p0 U (p2 | (p3 & !p0 & X(!p0 U p4))))', '([]!p1) | (!p1 U (p1 & <>p0 -> (!p0 U (p3 & !p0 & X(!p0 U p4)))))',
  '[]((p1 & <>p2) -> (!p0 U (p2 | (p3 & !p0 & X(!p0 U p4)))))', '[](p1 -> (<>p0 -> (!p0 U (p2 | (p3 & !p0 & X(!p0 U p4))))))',
  '(<>(p3 & X<>p4)) -> ((!p3) U p0)', '<>p2 -> ((!(p3 & (!p2) & X(!p2 U (p4 & !p2)))) U (p2 | p0))', '([]!p1) | ((!p1) U (p1 & ((<>(p3 & X<>p4)) -> ((!p3) U p0))))',
  '[]((p1 & <>p2)->((!(p3 & (!p2) & X(!p2 U (p4 & !p2)))) U (p2|p0)))', '[](p1 -> (!(p3 & (!p2) & X(!p2 U (p4 & !p2))) U (p2 | p0) | [](!(p3 & X<>p4))))',
  '[] (p3 & X<> p4 -> X(<>(p4 & <> p0)))', '<>p2 -> (p3 & X(!p2 U p4) -> X(!p2 U (p4 & <> p0))) U p2', '[] (p1 -> [] (p3 & X<> p4 -> X(!p4 U (p4 & <> p0))))',
  '[] ((p1 & <>p2)->(p3 & X(!p2 U p4) -> X(!p2 U (p4 & <> p0))) U p2)', '[] (p1 -> (p3 & X(!p2 U p4) -> X(!p2 U (p4 & <> p0))) U (p2 |[] (p3 & X(!p2 U p4) -> X(!p2 U (p4 & <> p0)))))',
  '[] (p0 -> <>(p3 & X<>p4))', '<>p2 -> (p0 -> (!p2 U (p3 & !p2 & X(!p2 U p4)))) U p2', '[] (p1 -> [] (p0 -> (p3 & X<> p4)))',
  '[] ((p1 & <>p2) -> (p0 -> (!p2 U (p3 & !p2 & X(!p2 U p4)))) U p2)', '[] (p1 -> (p0 -> (!p2 U (p3 & !p2 & X(!p2 U p4)))) U (p2 | [](p0 -> (p3 & X<> p4))))',
  '[] (p0 -> <>(p3 & !p5 & X(!p5 U p4)))', '<>p2 -> (p0 -> (!p2 U (p3 & !p2 & !p5 & X((!p2 & !p5) U p4)))) U p2', '[] (p1 -> [] (p0 -> (p3 & !p5 & X(!p5 U p4))))',
  '[] ((p1 & <>p2) -> (p0 -> (!p2 U (p3 & !p2 & !p5 & X((!p2 & !p5) U p4)))) U p2)', '[] (p1 -> (p0 -> (!p2 U (p3 & !p2 & !p5 & X((!p2 & !p5) U p4)))) U (p2 | [] (p0 -> (p3 & !p5 & X(!p5 U p4)))))',
];

/** Spot's [] and <> as the language's G and F. */
const fromSpot = (s: string) => s.replace(/\[\]/g, ' G ').replace(/<>/g, ' F ');

export function dwyer(): Family {
  return { name: 'Dwyer patterns', formulas: DAC.map((s, i) => ({ id: `dac${i + 1}`, text: fromSpot(s) })) };
}

/** F(a1 && F(a2 && ... F an)) for n = 1 .. max. */
export function nested(max: number): Family {
  const one = (n: number) => {
    let f = `F a${n}`;
    for (let i = n - 1; i >= 1; i--) f = `F (a${i} && ${f})`;
    return f;
  };
  return { name: 'nested eventualities', formulas: Array.from({ length: max }, (_, i) => ({ id: `nested${i + 1}`, text: one(i + 1) })) };
}

/**
 * F[0,k] a for each k, and the bounded response G(a -> F[0,k] b) for k up to `responseMax`
 * (MONA needs minutes and gigabytes for it from k = 20 on).
 */
export function bounded(ks: readonly number[], responseMax: number): Family {
  return {
    name: 'bounded F[0,k]',
    formulas: [
      ...ks.map((k) => ({ id: `F[0,${k}]`, text: `F[0,${k}] a` })),
      ...ks.filter((k) => k <= responseMax).map((k) => ({ id: `G(a->F[0,${k}]b)`, text: `G (a -> F[0,${k}] b)` })),
    ],
  };
}
