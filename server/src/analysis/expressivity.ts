// The expressivity diagnostics of LANGUAGE.md section 7: rewards that depend on history, formulas
// that can never be accepted in a continuing task or whose verdict is known in advance, and
// machines that a Markov reward would express as well.
import { diagnostic, type Diagnostic } from '../base/diagnostic';
import type { Model } from '../names/model';
import { ltlAutomaton } from '../program/lower';
import type * as A from '../syntax/ast';
import { walk } from '../syntax/walk';
import { exprReadsPrevious, type LtlFacts, ltlFacts, type MachineFacts, machineFacts, readsPrevious } from './classes';
import type { AnalysisCheck } from './registry';

export const expressivityChecks: AnalysisCheck = (model) => {
  const machines = new Map(model.machines.filter((m) => m.initial !== undefined).map((m) => [m.name, machineFacts(model, m)]));
  const ltls = new Map(model.ltls.map((l) => [l.name.text, ltlFacts(model, l.name.text)]));
  return [...markovMachines(model, machines), ...formulaChecks(model, ltls), ...historyDependent(model, machines, ltls)];
};

function markovMachines(model: Model, facts: ReadonlyMap<string, MachineFacts>): Diagnostic[] {
  return model.machines.flatMap((m) =>
    facts.get(m.name)?.markov
      ? [
          diagnostic(
            'machine-is-markov',
            m.decl.name.span,
            `Machine '${m.name}' pays the same in every state for the same labels: its reward does not depend on its state, so it is a Markov reward over the labels of the step. A term says this more simply (labels are read on the state reached: 'coffee' in a guard is 'coffee'' in a term) and keeps the objective Markov, with no machine state for the policy to track.`,
          ),
        ]
      : [],
  );
}

function formulaChecks(model: Model, facts: ReadonlyMap<string, LtlFacts | undefined>): Diagnostic[] {
  return model.ltls.flatMap((l) => {
    const f = facts.get(l.name.text);
    if (!f) return uncompilable(model, l);
    const name = l.name.text;
    if (f.valid || f.unsatisfiable) {
      const [what, pays] = f.valid ? ['holds on every trace (it is valid)', 'accept'] : ['holds on no trace (it is unsatisfiable)', 'reject'];
      return [
        diagnostic(
          'ltl-trivial',
          l.name.span,
          `The formula '${name}' ${what}, given the declared props and 'exclusive' groups: its verdict is known before the episode starts, so the item pays '${pays}' whatever the agent does and carries no signal for learning. Check for a missing 'F', '&&' where sequencing ('F (a && F b)') was meant, or props that an 'exclusive' group keeps apart.`,
        ),
      ];
    }
    if (model.continuing && !f.hasAcceptingSink) {
      return [
        diagnostic(
          'ltl-not-finitary',
          l.name.span,
          `In this continuing spec the formula '${name}' can never be accepted: no finite prefix makes every continuation satisfy it (it is a ${f.temporalClass} property; only guarantee-like properties are settled by a finite prefix), and a continuing task never ends to be judged as a whole. The item can only pay 'reject', or nothing. Reward the event at the step it happens instead (e.g. a term that penalises the bad label), use a formula with a goal ('F ...'), or make the spec episodic with 'horizon'.`,
        ),
      ];
    }
    return [];
  });
}

function historyDependent(model: Model, machines: ReadonlyMap<string, MachineFacts>, ltls: ReadonlyMap<string, LtlFacts | undefined>): Diagnostic[] {
  // What to do about it is said once per reward block, on its first such item; the others
  // say what they depend on and point to it (issue #18: one paragraph, not one per item).
  return model.rewards.flatMap((r) => {
    let first: string | undefined;
    const advice = (label: string, full: string): string => {
      if (first === undefined) {
        first = label;
        return full;
      }
      return `As for '${first}' above, give the policy that input too.`;
    };
    return r.items.flatMap((item) => {
      const previous = previousReads(model, item);
      if (previous) {
        return [
          diagnostic(
            'non-markovian-reward',
            item.span,
            `'${item.label}' reads ${previous}: what it pays depends on the previous step as well, R(s_{t-1}, a_{t-1}, s, a, s'), not only on the step (s, a, s'). ` +
              advice(item.label, `A policy that sees only the environment state cannot be optimal in general: give it the previous values as input (the exported wrappers add them to the observation, as they add machine states).`),
          ),
        ];
      }
      if (item.body.kind !== 'ref') return [];
      const name = item.body.name.text;
      const m = machines.get(name);
      if (m && !m.markov) {
        return [
          diagnostic(
            'non-markovian-reward',
            item.span,
            `'${name}' is a reward machine: what it pays depends on the history of the episode (which of its ${m.states} states it is in), not only on the step (s, a, s'). ` +
              advice(item.label, `A policy that sees only the environment state cannot be optimal in general: give it the machine state as input ('reward export python' writes a wrapper that adds it to the observation).`),
          ),
        ];
      }
      const l = ltls.get(name);
      if (l && !l.valid && !l.unsatisfiable) {
        return [
          diagnostic(
            'non-markovian-reward',
            item.span,
            `'${name}' is a temporal formula: whether it pays depends on the history of the episode (the state of its ${l.states}-state automaton, a ${l.temporalClass} property), not only on the step (s, a, s'). ` +
              advice(item.label, `A policy that sees only the environment state cannot be optimal in general: give it the formula's state as input ('reward export python' writes a wrapper that adds it to the observation).`),
          ),
        ];
      }
      return [];
    });
  });
}

/** What of the previous step an item reads (`prev(a)`, or a term that reads it), for the message; undefined when nothing. */
function previousReads(model: Model, item: A.RewardItem): string | undefined {
  const b = item.body;
  const exprs = b.kind === 'expr' ? [b.expr] : b.kind === 'replace' ? [b.value, b.when] : [];
  for (const e of exprs) {
    const direct = firstPrev(e);
    if (direct) return direct;
    if (exprReadsPrevious(model, e)) return 'a term that reads prev';
  }
  if (b.kind === 'ref' && readsPrevious(model, b.name.text)) {
    const d = model.declarations.get(b.name.text);
    const direct = d && (d.kind === 'term' || d.kind === 'def') ? firstPrev(d.body) : undefined;
    return direct ? `${direct} (through '${b.name.text}')` : `prev (through '${b.name.text}')`;
  }
  return undefined;
}

function firstPrev(e: A.Expr): string | undefined {
  let found: string | undefined;
  walk(e, (x) => {
    if (found) return false;
    if (x.kind === 'prev') found = `prev(${x.name.text})`;
    return found === undefined;
  });
  return found;
}

/**
 * A formula the automata cannot compile (more than 16 props, or a table past its bound) is an
 * error here, not only when `reward eval` or an export refuses it (docs/language.md).
 */
function uncompilable(model: Model, l: A.LtlDecl): Diagnostic[] {
  try {
    ltlAutomaton(model, l);
    return [];
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [
      diagnostic(
        'type-mismatch',
        l.name.span,
        `${why[0].toUpperCase()}${why.slice(1)}. Nothing can evaluate or export it: split it into smaller formulas over fewer props (several ltl items, or a machine for the sequence), or name a combination of props by one prop.`,
      ),
    ];
  }
}
