/** The label sets allowed by `exclusive` groups (each group: at most one of its atoms holds). */
export function allowedLetters(atoms: number, exclusive: readonly (readonly number[])[]): number[] {
  const masks = exclusive.map((g) => g.reduce((m, a) => m | (1 << a), 0));
  const out: number[] = [];
  for (let letter = 0; letter < 1 << atoms; letter++) {
    if (masks.every((m) => popcount(letter & m) <= 1)) out.push(letter);
  }
  return out;
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}
