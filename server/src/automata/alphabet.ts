// The label sets that can occur: LANGUAGE.md's `exclusive` declarations forbid some letters.

/** The label sets allowed by `exclusive` groups (each group: at most one of its atoms holds). */
export function allowedLetters(atoms: number, exclusive: readonly (readonly number[])[]): number[] {
  const masks = exclusive.map((group) => group.reduce((m, a) => (a >= 0 && a < atoms ? m | (1 << a) : m), 0));
  const out: number[] = [];
  for (let letter = 0; letter < 1 << atoms; letter++) {
    if (masks.every((m) => atMostOneBit(letter & m))) out.push(letter);
  }
  return out;
}

function atMostOneBit(x: number): boolean {
  return (x & (x - 1)) === 0;
}
