import type { EpisodeSummary } from './evaluate';
import type { StepView as Runner } from './runner';

/** The step object of LANGUAGE.md section 8, for the step the runner just took. */
export function stepObject(episode: number, r: Runner): StepObject {
  const p = r.program;
  const components: Record<string, number> = {};
  p.keys.forEach((k, i) => (components[k] = r.components[i]));
  const machines: Record<string, string> = {};
  p.machines.forEach((m, i) => (machines[m.name] = m.states[r.machineState[i]]));
  const ltl: Record<string, 'pending' | 'accepted' | 'rejected'> = {};
  p.ltls.forEach((l, i) => (ltl[l.name] = r.ltlVerdict(i)));
  const props: Record<string, boolean> = {};
  p.props.forEach((q, i) => (props[q.name] = r.props[i] === 1));
  return { episode, t: r.t - 1, reward: r.reward, components, machines, ltl, props };
}

export interface StepObject {
  readonly episode: number;
  readonly t: number;
  readonly reward: number;
  readonly components: Record<string, number>;
  readonly machines: Record<string, string>;
  readonly ltl: Record<string, 'pending' | 'accepted' | 'rejected'>;
  readonly props: Record<string, boolean>;
}

/** The episode object of LANGUAGE.md section 8. */
export const episodeObject = (e: EpisodeSummary) => ({ episode: e.episode, steps: e.steps, return: e.return, discounted_return: e.discounted_return, end: e.end });

/** A number as JSON writes it: non-finite values are `null` (LANGUAGE.md section 3). */
const jsonNumber = (x: number) => (x - x === 0 ? String(x) : 'null');

/**
 * The step object of `stepObject` as JSON text, without building the object: the keys are
 * escaped once per program and the line is one string concatenation per value. It prints
 * exactly what `JSON.stringify(stepObject(episode, r))` prints (test/cli checks it).
 */
export function stepJsonWriter(program: Runner['program']): (episode: number, r: Runner) => string {
  const q = (s: string) => JSON.stringify(s);
  const componentKeys = program.keys.map((k, i) => (i === 0 ? '' : ',') + q(k) + ':');
  const machineKeys = program.machines.map((m, i) => (i === 0 ? '' : ',') + q(m.name) + ':');
  const machineStates = program.machines.map((m) => m.states.map(q));
  const ltlKeys = program.ltls.map((l, i) => (i === 0 ? '' : ',') + q(l.name) + ':');
  const verdicts = ['"rejected"', '"pending"', '"accepted"'];
  const propTrue = program.props.map((p, i) => (i === 0 ? '' : ',') + q(p.name) + ':true');
  const propFalse = program.props.map((p, i) => (i === 0 ? '' : ',') + q(p.name) + ':false');
  // Printing a double is the costliest part of a step line (shortest round-trip digits), and
  // most components repeat their last value (constants, a machine's 0, an idle term): each
  // keeps the text of its last value.
  const lastValue = new Float64Array(componentKeys.length).fill(NaN);
  const lastText = componentKeys.map(() => 'null');
  return (episode, r) => {
    let s = '{"episode":' + episode + ',"t":' + (r.t - 1) + ',"reward":' + jsonNumber(r.reward) + ',"components":{';
    const c = r.components;
    for (let i = 0; i < componentKeys.length; i++) {
      const v = c[i];
      // (0 and -0 print alike; NaN never equals the last value and prints `null` again.)
      if (v !== lastValue[i]) {
        lastValue[i] = v;
        lastText[i] = jsonNumber(v);
      }
      s += componentKeys[i] + lastText[i];
    }
    s += '},"machines":{';
    for (let i = 0; i < machineKeys.length; i++) s += machineKeys[i] + machineStates[i][r.machineState[i]];
    s += '},"ltl":{';
    for (let i = 0; i < ltlKeys.length; i++) s += ltlKeys[i] + verdicts[r.ltlStatus[i] + 1];
    s += '},"props":{';
    for (let i = 0; i < propTrue.length; i++) s += r.props[i] === 1 ? propTrue[i] : propFalse[i];
    return s + '}}';
  };
}

/**
 * The columns of the CSV and table output after `episode`, `t`, `reward`: each component by
 * its key, then `machine:NAME`, `ltl:NAME`, `prop:NAME`, so that a machine and the item that
 * names it (`keydoor`, `machine:keydoor`) never share a column name.
 */
export function stepColumns(program: Runner['program']): string[] {
  return [
    ...program.keys,
    ...program.machines.map((m) => `machine:${m.name}`),
    ...program.ltls.map((l) => `ltl:${l.name}`),
    ...program.props.map((p) => `prop:${p.name}`),
  ];
}

/** The cells of one step row, in the order of `stepColumns`, numbers as `num` prints them. */
export function stepCells(episode: number, r: Runner, num: (x: number) => string): string[] {
  const p = r.program;
  const cells = [String(episode), String(r.t - 1), num(r.reward)];
  for (let i = 0; i < p.keys.length; i++) cells.push(num(r.components[i]));
  for (let i = 0; i < p.machines.length; i++) cells.push(p.machines[i].states[r.machineState[i]]);
  for (let i = 0; i < p.ltls.length; i++) cells.push(r.ltlVerdict(i));
  for (let i = 0; i < p.props.length; i++) cells.push(r.props[i] === 1 ? 'true' : 'false');
  return cells;
}
