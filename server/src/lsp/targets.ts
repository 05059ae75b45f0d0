import type { Span } from '../base/span';
import type { Model, Occurrence, Target } from '../names/model';

// Queries over the model's occurrences: the name under the cursor and every place it is written.

export { occurrenceAt } from './derived';

export function sameTarget(a: Target, b: Target): boolean {
  switch (a.kind) {
    case 'declaration':
    case 'function':
      return b.kind === a.kind && b.name === a.name;
    case 'state':
      return b.kind === 'state' && b.machine === a.machine && b.state === a.state;
    case 'member':
      return b.kind === 'member' && b.owner === a.owner && b.member === a.member;
  }
}

/** Every occurrence of a target, once per span, in text order. */
export function occurrencesOf(model: Model, target: Target): Occurrence[] {
  const seen = new Set<string>();
  return model.occurrences
    .filter((o) => sameTarget(o.target, target))
    .filter((o) => {
      const key = `${o.span.start}:${o.span.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.span.start - b.span.start);
}

/** Where a target is declared: a declaration's name, a state's first mention, an enum member's entry. */
export function declarationSpan(model: Model, target: Target): Span | undefined {
  switch (target.kind) {
    case 'declaration':
      return model.declarations.get(target.name)?.name.span;
    case 'state':
      return model.machines.find((m) => m.name === target.machine)?.stateSpans.get(target.state);
    case 'member':
      return occurrencesOf(model, target).find((o) => o.declaration)?.span;
    case 'function':
      return undefined;
  }
}

/** The name a target is written as. */
export function targetName(target: Target): string {
  return target.kind === 'state' ? target.state : target.kind === 'member' ? target.member : target.name;
}
