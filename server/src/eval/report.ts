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
