import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { Span } from '../base/span';
import type { ItemBound } from '../analysis/bounds';
import type { Interval } from '../analysis/intervals';
import { rewardBounds } from './derived';
import { boundsText, interval } from './hover';
import type { DocumentAnalysis } from './workspace-analysis';

// Inlay hints say what the text leaves implicit: the bounds of every reward item (per step,
// from the declared ranges) and the discount a `shaping` item uses when none is written.

// On a line with a syntax error no hint is drawn: the item the parser saw there may end
// anywhere (between a name and its prime). While the spec has errors, an item whose bounds the
// broken model cannot give keeps those of the last version without errors (same reward, same
// item as written), and is left without a hint if there are none.

export function inlayHints(a: DocumentAnalysis, range: Span): InlayHint[] {
  const model = a.analysis.model;
  const out: InlayHint[] = [];
  const broken = brokenLines(a);
  for (const reward of model.rewards) {
    const bounds = rewardBounds(model, reward)?.items ?? [];
    for (const item of reward.items) {
      if (item.span.end < range.start || item.span.start > range.end) continue;
      const first = a.lines.position(item.span.start).line;
      const last = a.lines.position(item.span.end).line;
      if (broken.some((l) => l >= first && l <= last)) continue;
      let bound: Pick<ItemBound, 'perStep' | 'total'> | undefined = bounds.find((x) => x.item === item);
      let kept = false;
      if (a.analysis.hasErrors && (!bound || !finite(bound.perStep))) {
        bound = lastSoundBound(a, reward.name.text, item.label);
        kept = bound !== undefined;
      }
      if (bound) {
        out.push({
          position: a.lines.position(item.span.end),
          label: `∈ ${interval(bound.perStep)}`,
          kind: InlayHintKind.Type,
          paddingLeft: true,
          tooltip: `Weighted value at one step: ${boundsText(bound.perStep, bound.total)} (from the declared ranges${kept ? ', as of the last version without errors' : ''}).`,
        });
      }
      const b = item.body;
      if (b.kind !== 'shaping' || b.discount !== undefined) continue;
      const gamma = model.discount;
      out.push({
        position: a.lines.position(item.span.end),
        label: gamma === undefined ? 'γ = 1 (no discount declared)' : `γ = ${gamma}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: gamma === undefined ? "No 'discount' is declared: shaping uses gamma = 1 (see discount-undeclared)." : `Shaping uses the declared discount ${gamma}.`,
      });
    }
  }
  return out.sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}

const finite = (i: Interval) => Number.isFinite(i.lo) && Number.isFinite(i.hi);

/** The lines that hold a syntax error, sorted. */
function brokenLines(a: DocumentAnalysis): number[] {
  const lines = new Set<number>();
  for (const d of a.analysis.diagnostics) {
    if (d.code !== 'syntax-error') continue;
    const from = a.lines.position(d.span.start).line;
    const to = a.lines.position(d.span.end).line;
    for (let l = from; l <= to; l++) lines.add(l);
  }
  return [...lines];
}

function lastSoundBound(a: DocumentAnalysis, reward: string, label: string): Pick<ItemBound, 'perStep' | 'total'> | undefined {
  const sound = a.lastSound?.analysis.model;
  const r = sound?.rewards.find((x) => x.name.text === reward);
  const item = r?.items.find((i) => i.label === label);
  if (!sound || !r || !item) return undefined;
  const bound = rewardBounds(sound, r)?.items.find((x) => x.item === item);
  return bound && finite(bound.perStep) ? bound : undefined;
}
