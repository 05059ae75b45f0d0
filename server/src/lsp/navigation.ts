import { DocumentHighlightKind, type DocumentHighlight, type Location } from 'vscode-languageserver';
import { declarationSpan, occurrenceAt, occurrencesOf } from './targets';
import type { DocumentAnalysis } from './workspace-analysis';

// Definition, references and highlights: one document is the whole program, so every answer
// stays in it.

export function definition(a: DocumentAnalysis, offset: number): Location | null {
  const o = occurrenceAt(a.analysis.model, offset);
  if (!o) return null;
  const span = declarationSpan(a.analysis.model, o.target);
  return span ? { uri: a.uri, range: a.lines.range(span) } : null;
}

export function references(a: DocumentAnalysis, offset: number, includeDeclaration: boolean): Location[] {
  const o = occurrenceAt(a.analysis.model, offset);
  if (!o) return [];
  return occurrencesOf(a.analysis.model, o.target)
    .filter((x) => includeDeclaration || !x.declaration)
    .map((x) => ({ uri: a.uri, range: a.lines.range(x.span) }));
}

export function highlights(a: DocumentAnalysis, offset: number): DocumentHighlight[] {
  const o = occurrenceAt(a.analysis.model, offset);
  if (!o) return [];
  return occurrencesOf(a.analysis.model, o.target).map((x) => ({
    range: a.lines.range(x.span),
    kind: x.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}
