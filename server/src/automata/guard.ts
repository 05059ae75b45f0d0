// A readable boolean expression for a set of letters, e.g. `a && !b || c`, for edge labels.
// Letters outside the allowed alphabet are don't-cares, so `exclusive` groups shorten guards.

/**
 * A sum of products over `names` that holds on every letter of `on`, on no letter of `off`,
 * and anything on the others. Each product is grown from one uncovered letter by dropping
 * literals while it stays clear of `off`; products covered by the others are then dropped.
 */
export function guardText(on: readonly number[], off: readonly number[], names: readonly string[]): string {
  if (on.length === 0) return 'false';
  const atoms = names.length;
  const cubes: { care: number; value: number }[] = [];
  const covers = (cube: { care: number; value: number }, letter: number): boolean => (letter & cube.care) === cube.value;
  for (const letter of on) {
    if (cubes.some((c) => covers(c, letter))) continue;
    let care = (1 << atoms) - 1;
    for (let a = 0; a < atoms; a++) {
      const wider = care & ~(1 << a);
      if (!off.some((x) => (x & wider) === (letter & wider))) care = wider;
    }
    cubes.push({ care, value: letter & care });
  }
  // Drop, one at a time, products whose letters the remaining ones already cover.
  const needed = [...cubes];
  for (const c of cubes) {
    const others = needed.filter((o) => o !== c);
    if (on.every((x) => !covers(c, x) || others.some((o) => covers(o, x)))) needed.splice(needed.indexOf(c), 1);
  }
  return needed
    .map((c) => {
      const literals: string[] = [];
      for (let a = 0; a < atoms; a++) {
        if (c.care & (1 << a)) literals.push(c.value & (1 << a) ? names[a] : `!${names[a]}`);
      }
      return literals.length === 0 ? 'true' : literals.join(' && ');
    })
    .join(' || ');
}
