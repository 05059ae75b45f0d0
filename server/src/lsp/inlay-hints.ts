import { InlayHintKind, type InlayHint } from 'vscode-languageserver';
import type { Span } from '../base/span';
import type { DocumentAnalysis } from './workspace-analysis';

// Inlay hints say what the text leaves implicit: the discount a `shaping` item uses when none
// is written after it.

export function inlayHints(a: DocumentAnalysis, range: Span): InlayHint[] {
  const model = a.analysis.model;
  const out: InlayHint[] = [];
  for (const reward of model.rewards) {
    for (const item of reward.items) {
      if (item.span.end < range.start || item.span.start > range.end) continue;
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
  return out;
}
