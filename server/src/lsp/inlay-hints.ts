import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { Span } from '../base/span';
import { rewardBounds } from './derived';
import { boundsText, interval } from './hover';
import type { DocumentAnalysis } from './workspace-analysis';

// Inlay hints say what the text leaves implicit: the bounds of every reward item (per step,
// from the declared ranges) and the discount a `shaping` item uses when none is written.

export function inlayHints(a: DocumentAnalysis, range: Span): InlayHint[] {
  const model = a.analysis.model;
  const out: InlayHint[] = [];
  for (const reward of model.rewards) {
    const bounds = rewardBounds(model, reward)?.items ?? [];
    for (const item of reward.items) {
      if (item.span.end < range.start || item.span.start > range.end) continue;
      const bound = bounds.find((x) => x.item === item);
      if (bound) {
        out.push({
          position: a.lines.position(item.span.end),
          label: `∈ ${interval(bound.perStep)}`,
          kind: InlayHintKind.Type,
          paddingLeft: true,
          tooltip: `Weighted value at one step: ${boundsText(bound.perStep, bound.total)} (from the declared ranges).`,
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
