// Whether the guards of one reward_machines state hold on every label set. That library ends
// the episode when none holds, so the import needs an exact answer, not a heuristic.
import type { Guard } from './rm-format';

/** A conjunction as prop -> required value; `undefined` for one that can never hold. */
type Cube = ReadonlyMap<string, boolean>;

function toCube(literals: Guard[number]): Cube | undefined {
  const cube = new Map<string, boolean>();
  for (const lit of literals) {
    if (lit.kind === 'const') {
      if (!lit.value) return undefined;
      continue;
    }
    const want = !lit.negated;
    if (cube.get(lit.name) === !want) return undefined;
    cube.set(lit.name, want);
  }
  return cube;
}

/**
 * A label set (the props that hold, sorted) on which none of `guards` holds, or `undefined`
 * when they cover every label set. Props a guard does not mention are false in the witness.
 */
export function uncoveredLabelSet(guards: readonly Guard[]): readonly string[] | undefined {
  const cubes = guards.flatMap((g) => g.map(toCube)).filter((c): c is Cube => c !== undefined);
  const witness = findUncovered(cubes, new Map());
  if (witness === undefined) return undefined;
  return [...witness].filter(([, v]) => v).map(([p]) => p).sort();
}

// Enumerates assignments by splitting on one prop at a time (Shannon expansion): a branch stops
// as soon as some conjunction is already satisfied, so only props the guards mention are split on.
function findUncovered(cubes: readonly Cube[], fixed: ReadonlyMap<string, boolean>): ReadonlyMap<string, boolean> | undefined {
  if (cubes.some((c) => c.size === 0)) return undefined;
  if (cubes.length === 0) return fixed;
  const prop = cubes[0].keys().next().value as string;
  for (const value of [false, true]) {
    const rest = cubes
      .filter((c) => c.get(prop) !== !value)
      .map((c) => new Map([...c].filter(([p]) => p !== prop)));
    const found = findUncovered(rest, new Map([...fixed, [prop, value]]));
    if (found) return found;
  }
  return undefined;
}

/** True when some guard holds on every label set over the props the guards mention. */
export function guardsCoverAll(guards: readonly Guard[]): boolean {
  return uncoveredLabelSet(guards) === undefined;
}
