// A formula written in the .reward `ltl` syntax, read by the project's own parser (so Spot's
// precedence is the language's), as the automata's formula over numbered atoms.
import type { Ltl } from '../../../server/src/automata/ltl';
import { toLtl } from '../../../server/src/eval/ltl';
import { parse } from '../../../server/src/syntax/parse';

export interface NamedLtl {
  readonly formula: Ltl;
  /** Atom names, index = atom number. */
  readonly atoms: readonly string[];
}

export function readFormula(text: string): NamedLtl {
  const props = [...new Set(text.match(/\b[a-z]\d+\b|\b[ab]\b/g) ?? [])];
  const spec = `${props.map((p) => `prop ${p}`).join('\n')}\nltl f = ${text}\n`;
  const parsed = parse(spec);
  if (parsed.diagnostics.length > 0) throw new Error(`cannot read the formula '${text}': ${parsed.diagnostics[0].message}`);
  const decl = parsed.file.declarations.find((d) => d.kind === 'ltl');
  if (!decl || decl.kind !== 'ltl') throw new Error(`no formula in '${text}'`);
  const { formula, atoms } = toLtl(decl.formula);
  return { formula, atoms };
}
