// The reward-machine diagnostics of LANGUAGE.md section 7: unreachable and dead-end states,
// transitions that are never taken or that compete, farmable cycles, and machine shaping whose
// value iteration does not converge.
import { satisfy } from '../automata/bool';
import { diagnostic, type Diagnostic, type Fix, type Related } from '../base/diagnostic';
import { LineIndex } from '../base/line-index';
import { VALUE_ITERATION_SWEEPS, machineValues } from '../eval/machine-values';
import type { MachineInfo, MachineTransition, Model } from '../names/model';
import { closest } from '../names/suggest';
import type * as A from '../syntax/ast';
import { deleteListEntry, deleteStatement, disjoint, type Edit } from './edits';
import { and, labelSetText } from './guards';
import { type MachineGraph, machineGraph, positiveCycles, reachesAny, type WeightedEdge, witness } from './machine-graph';
import type { AnalysisCheck } from './registry';
import { constantValue, rewardUpperBound } from './reward-bound';

export const machineChecks: AnalysisCheck = (model) => {
  // One line index for the file, not one per machine: its cost grows with the text.
  const lines = new LineIndex(model.file.text);
  return [
    ...model.machines.flatMap((m) => (m.initial === undefined ? [] : machineDiagnostics(model, machineGraph(model, m), lines))),
    ...shapingConvergence(model),
  ];
};

function machineDiagnostics(model: Model, g: MachineGraph, lines: LineIndex): Diagnostic[] {
  return [
    ...fromTerminal(model, g),
    ...unsatisfiableGuards(g),
    ...overlaps(model.file.text, g, lines),
    ...unreachable(model, g),
    ...deadEnds(g),
    ...farmableCycles(model, g, lines),
  ];
}

const arrow = (t: MachineTransition): string => `'${t.from} -> ${t.to}'`;

/** The edit that removes transition `t` from its statement (the whole statement when it is its only source). */
function removeTransition(text: string, t: MachineTransition): Edit {
  const sources = t.statement.from;
  if (sources.every((f) => f.text === t.from)) return deleteStatement(text, t.statement.span);
  return deleteListEntry(sources, sources.findIndex((f) => f.text === t.from));
}

function fromTerminal(model: Model, g: MachineGraph): Diagnostic[] {
  const m = g.machine;
  return m.transitions
    .filter((t) => m.terminals.has(t.from))
    .map((t) => {
      const fix: Fix = { title: `Remove the transition ${arrow(t)}`, edits: [removeTransition(model.file.text, t)], preferred: true };
      const where = t.statement.from.length === 1 ? t.statement.span : t.statement.from.find((f) => f.text === t.from)!.span;
      return diagnostic(
        'transition-from-terminal',
        where,
        `The transition ${arrow(t)} leaves a terminal state: a machine in a terminal state stays there and emits 0 for the rest of the episode, so this transition is never taken${t.reward ? ' and its reward is never paid' : ''}. Remove it, or remove '${t.from}' from 'terminal' if the machine should go on from there.`,
        { fixes: [fix] },
      );
    });
}

function unsatisfiableGuards(g: MachineGraph): Diagnostic[] {
  const m = g.machine;
  const seen = new Set<A.Expr>();
  const out: Diagnostic[] = [];
  m.transitions.forEach((t, i) => {
    if (t.guard.kind === 'otherwise' || seen.has(t.guard)) return;
    seen.add(t.guard);
    const all = m.transitions.filter((u) => u.statement === t.statement);
    if (all.every((u) => m.terminals.has(u.from))) return;
    const f = g.guard[i];
    if (witness(g.table, f) !== undefined) return;
    out.push(
      diagnostic(
        'unsatisfiable-guard',
        t.guard.span,
        `This guard can never hold: ${whyUnsatisfiable(g, i)}. So ${all.map(arrow).join(', ')} ${all.length === 1 ? 'is' : 'are'} never taken${t.reward ? ' and its reward is never paid' : ''}. Fix the guard; to wait for events that cannot happen at the same step, go through an intermediate state.`,
      ),
    );
  });
  return out;
}

/** Whether the guard contradicts itself or only the groups of props that cannot hold together. */
function whyUnsatisfiable(g: MachineGraph, i: number): string {
  const f = g.guard[i];
  if (satisfy(f, g.table.atoms.length, []) === undefined) return 'it contradicts itself whatever the labels are';
  // The smallest set of groups that already rules it out, one group at a time.
  const names = (group: readonly number[]): string => group.map((a) => g.table.atoms[a].text).join(', ');
  const single = g.table.exclusive.find((grp) => satisfy(f, g.table.atoms.length, [grp]) === undefined);
  if (single) return `at most one of ${names(single)} holds at a step (${single.length === 2 && g.table.atoms[single[0]].test ? 'they exclude each other' : 'an exclusive group'})`;
  return `it needs props to hold together that 'exclusive' groups keep apart (${g.table.exclusive.map((grp) => `{${names(grp)}}`).join(', ')})`;
}

function overlaps(text: string, g: MachineGraph, lines: LineIndex): Diagnostic[] {
  const m = g.machine;
  const out: Diagnostic[] = [];
  const indexed = m.transitions.map((t, i) => ({ t, i }));
  for (const { t: later, i: j } of indexed) {
    if (later.guard.kind === 'otherwise' || m.terminals.has(later.from)) continue;
    for (const { t: earlier, i } of indexed) {
      if (earlier.from !== later.from || earlier.order >= later.order || earlier.guard.kind === 'otherwise') continue;
      const w = witness(g.table, and(g.guard[i], g.guard[j]));
      if (w === undefined) continue;
      const labels = labelSetText(g.table, w);
      const related: Related[] = [{ span: earlier.statement.span, message: `${arrow(earlier)} is written first, so it is taken on ${labels}` }];
      out.push(
        diagnostic(
          'nondeterministic-transitions',
          later.statement.span,
          `When the labels are ${labels}, the guards of ${arrow(earlier)} (line ${lines.lineNumber(earlier.statement.span.start)}) and ${arrow(later)} both hold: the first written is taken, so ${arrow(later)} silently never fires on those labels. Make the guards disjoint, or declare 'exclusive' props if the environment guarantees they never hold together.`,
          { related, fixes: explicitOrder(text, earlier, later) },
        ),
      );
    }
  }
  return out;
}

/** `g2` becomes `g2 && !g1`: what runs now, written down (only for a single-source statement). */
function explicitOrder(text: string, earlier: MachineTransition, later: MachineTransition): Fix[] | undefined {
  const e = earlier.guard;
  const l = later.guard;
  if (later.statement.from.length !== 1 || e.kind === 'otherwise' || l.kind === 'otherwise') return undefined;
  if (e.span.end <= e.span.start || l.span.end <= l.span.start) return undefined;
  const src = (x: A.Expr): string => text.slice(x.span.start, x.span.end);
  // `&&` binds tighter than `||`, `->`, `<->` and `? :`; `!` binds tighter than any operator.
  const left = (l.kind === 'binary' && ['||', '->', '<->'].includes(l.op)) || l.kind === 'conditional' ? `(${src(l)})` : src(l);
  const atomic = e.kind === 'name' || e.kind === 'bool' || e.kind === 'paren' || e.kind === 'call' || e.kind === 'unary';
  const newText = `${left} && !${atomic ? src(e) : `(${src(e)})`}`;
  return [{ title: `Write the source order out: '${newText}'`, edits: [{ span: l.span, newText }] }];
}

function unreachable(model: Model, g: MachineGraph): Diagnostic[] {
  const m = g.machine;
  const reachable = [...g.reachable];
  return m.states
    .filter((s) => !g.reachable.has(s))
    .map((s) => {
      const guess = closest(s, reachable);
      const hint = guess ? ` (compare the reachable state '${guess}': is one of the two names misspelt?)` : '';
      return diagnostic(
        'unreachable-state',
        m.stateSpans.get(s)!,
        `State '${s}' of machine '${m.name}' is unreachable: no transition that can be taken leads to it from the initial state '${m.initial}'${hint}. Its transitions and rewards never happen, so what they pay for is never paid; most often a transition into it is missing or a state name is misspelt.`,
        { fixes: [{ title: `Remove unreachable state '${s}'`, edits: removeState(model.file.text, m, s) }] },
      );
    });
}

/** Deletes the transitions from and into `s` and its place in `terminal` lists. */
function removeState(text: string, m: MachineInfo, s: string): Edit[] {
  const edits: Edit[] = [];
  for (const st of m.decl.statements) {
    if (st.kind === 'transition') {
      const sources = st.from.filter((f) => f.text === s);
      if (sources.length === 0 && st.to.text !== s) continue;
      if (st.to.text === s || sources.length === st.from.length) edits.push(deleteStatement(text, st.span));
      else sources.forEach((f) => edits.push(deleteListEntry(st.from, st.from.indexOf(f))));
    } else if (st.kind === 'terminal') {
      const mine = st.states.filter((x) => x.text === s);
      if (mine.length === 0) continue;
      if (mine.length === st.states.length) edits.push(deleteStatement(text, st.span));
      else mine.forEach((x) => edits.push(deleteListEntry(st.states, st.states.indexOf(x))));
    }
  }
  return disjoint(edits);
}

function deadEnds(g: MachineGraph): Diagnostic[] {
  const m = g.machine;
  if (m.terminals.size === 0) return [];
  const canEnd = reachesAny(g, m.terminals);
  const terminalList = [...m.decl.statements].reverse().find((st): st is Extract<A.MachineStatement, { kind: 'terminal' }> => st.kind === 'terminal' && st.states.length > 0);
  return m.states
    .filter((s) => g.reachable.has(s) && !m.terminals.has(s) && !canEnd.has(s))
    .map((s) => {
      const exits = m.transitions.some((t) => t.from === s);
      const fix: Fix[] | undefined =
        !exits && terminalList
          ? [{ title: `Declare '${s}' terminal`, edits: [{ span: { start: terminalList.states.at(-1)!.span.end, end: terminalList.states.at(-1)!.span.end }, newText: `, ${s}` }] }]
          : undefined;
      return diagnostic(
        'no-path-to-terminal',
        m.stateSpans.get(s)!,
        `From state '${s}' of machine '${m.name}' no terminal state (${[...m.terminals].join(', ')}) can be reached: once there, the task can never be completed and every later reward of the machine is lost. ${exits ? 'Add a transition towards a terminal state, or make the state terminal if it is a failure.' : `If '${s}' is a failure, declare it terminal so that the episode's outcome is decided there.`}`,
        { fixes: fix },
      );
    });
}

function farmableCycles(model: Model, g: MachineGraph, lines: LineIndex): Diagnostic[] {
  const m = g.machine;
  const edges: WeightedEdge[] = [];
  m.transitions.forEach((t, i) => {
    if (!g.live[i] || !g.reachable.has(t.from) || m.terminals.has(t.to)) return;
    const weight = rewardUpperBound(model, t.reward);
    if (weight !== undefined) edges.push({ index: i, from: t.from, to: t.to, weight });
  });
  // Of parallel transitions the best paying one is the one to farm.
  const best = new Map<string, WeightedEdge>();
  for (const e of edges) {
    const key = `${e.from}\u0000${e.to}`;
    const b = best.get(key);
    if (!b || e.weight > b.weight) best.set(key, e);
  }
  return positiveCycles([...best.values()]).map((cycle) => {
    // Start the cycle at its first transition in source order, where it is reported.
    const first = cycle.reduce((a, e) => (m.transitions[e.index].statement.span.start < m.transitions[a.index].statement.span.start ? e : a));
    const k = cycle.indexOf(first);
    const ordered = [...cycle.slice(k), ...cycle.slice(0, k)];
    const sum = ordered.reduce((a, e) => a + e.weight, 0);
    const exact = ordered.every((e) => constantValue(model, m.transitions[e.index].reward) !== undefined);
    const path = [...ordered.map((e) => e.from), ordered[0].from].join(' -> ');
    const terms = ordered.map((e) => number(e.weight)).join(' + ');
    const at = (e: WeightedEdge) => m.transitions[e.index].statement.span;
    return diagnostic(
      'positive-reward-cycle',
      at(ordered[0]),
      `The cycle ${path} of machine '${m.name}' ${exact ? `pays ${number(sum)} per round (${terms})` : `can pay up to ${number(sum)} per round (at most ${terms}, from the declared ranges)`}: going round it pays every time, so the return is unbounded with discount 1 and an agent can learn to farm the cycle instead of ${m.terminals.size > 0 ? 'finishing the task' : 'doing what the machine rewards once'}. Make every cycle sum to at most 0 (take back on the way back what the way out paid), pay for the outcome only, or help learning with 'shaping ${m.name}' instead.`,
      {
        related: ordered.slice(1).map((e) => ({ span: at(e), message: `then ${arrow(m.transitions[e.index])} (line ${lines.lineNumber(at(e).start)})` })),
      },
    );
  });
}

const number = (v: number): string => String(Number(v.toPrecision(12)));

/** LANGUAGE.md section 6: value iteration that does not converge is an error on the shaping item. */
function shapingConvergence(model: Model): Diagnostic[] {
  const machines = new Map(model.machines.map((m) => [m.name, m]));
  return model.rewards.flatMap((r) =>
    r.items.flatMap((item) => {
      const b = item.body;
      if (b.kind !== 'shaping') return [];
      const m = machines.get(b.name.text);
      if (!m || m.initial === undefined) return [];
      const gamma = b.discount ?? model.discount ?? 1;
      if (machineValues(m, gamma).converged) return [];
      return [
        diagnostic(
          'positive-reward-cycle',
          item.span,
          `Value iteration over machine '${m.name}' with discount ${gamma} does not converge within ${VALUE_ITERATION_SWEEPS.toLocaleString('en-US')} sweeps: the state values grow without bound around a cycle whose constant rewards do not sum to 0${gamma === 1 ? ' (with discount 1 every cycle must sum to exactly 0)' : ''}. The shaping potential falls back to 0, so this item adds nothing. Give the shaping a discount below 1 (e.g. 'shaping ${m.name} discount 0.99'), or make the machine's cycles sum to 0.`,
          { severity: 'error' },
        ),
      ];
    }),
  );
}
