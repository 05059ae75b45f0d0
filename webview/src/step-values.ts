import type { EpisodeView, LtlStatus, PreviewMeta, StepValues } from '../../protocol/preview';

const STATUS: readonly LtlStatus[] = ['rejected', 'pending', 'accepted'];

/** A step's values read off an exact view (one column per step); undefined when the view is downsampled. */
export function stepFromView(meta: PreviewMeta, view: EpisodeView, t: number): StepValues | undefined {
  if (!view.exact || t < view.from || t >= view.to) return undefined;
  const i = t - view.from;
  return {
    episode: view.episode,
    t,
    reward: Float64Array.from(view.reward, (b) => b.lo[i]),
    components: view.components.map((cs) => Float64Array.from(cs, (b) => b.lo[i])),
    cumulative: Float64Array.from(view.cumulative, (b) => b.lo[i]),
    discounted: Float64Array.from(view.discounted, (b) => b.lo[i]),
    machines: view.machines.map((m, k) => meta.machines[k].states[m[i]] ?? '?'),
    ltl: view.ltl.map((l) => STATUS[l[i] + 1]),
    props: view.props.map((p) => p[i] > 0),
  };
}
