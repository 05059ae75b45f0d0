import { CodeActionKind, type CodeAction, type Diagnostic as LspDiagnostic, type Range } from 'vscode-languageserver';
import type { Span } from '../base/span';
import { lspDiagnostic } from './diagnostics';
import type { DocsLink } from './docs-link';
import { minimalEdits } from './formatting';
import { organiseDeclarations } from './organise';
import type { DocumentAnalysis } from './workspace-analysis';

/** The kind of "Organise declarations", a source action (CodeActionKind.SourceOrganizeImports is about imports). */
export const ORGANISE_KIND = `${CodeActionKind.Source}.organizeDeclarations`;

/**
 * Quick fixes: the `fixes` of the diagnostics touching `range`; and the source action that
 * orders the declarations. `only` is the client's filter of kinds.
 */
export function codeActions(a: DocumentAnalysis, range: Span, contextDiagnostics: readonly LspDiagnostic[], only: readonly string[] | undefined, docs: DocsLink): CodeAction[] {
  const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  const out: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const touching = a.analysis.diagnostics
      .filter((d) => d.span.end >= range.start && d.span.start <= range.end)
      .map((d) => {
        const ours = lspDiagnostic(a, d, docs);
        return { d, ours, sent: sentCopy(contextDiagnostics, ours) };
      });
    // The client names the diagnostics it asks about (a squiggle, a Problems entry): their fixes
    // only, not those of another diagnostic that happens to overlap. Its copies may be of an
    // older version and match none of ours: then every fix touching the range.
    const asked = touching.filter((t) => t.sent);
    for (const { d, ours, sent } of asked.length > 0 ? asked : touching) {
      if (!d.fixes?.length) continue;
      const lsp = sent ?? ours;
      for (const fix of d.fixes) {
        out.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [lsp],
          isPreferred: fix.preferred,
          edit: { changes: { [a.uri]: fix.edits.map((e) => ({ range: a.lines.range(e.span), newText: e.newText })) } },
        });
      }
    }
  }
  if (wants(ORGANISE_KIND)) {
    const organised = organiseDeclarations(a.analysis.text);
    if (organised !== undefined) {
      out.push({ title: 'Organise declarations', kind: ORGANISE_KIND, edit: { changes: { [a.uri]: minimalEdits(a.analysis.text, organised) } } });
    }
  }
  return out;
}

/** The client's copy of a diagnostic when it sent one (same code and range). */
function sentCopy(sent: readonly LspDiagnostic[], ours: LspDiagnostic): LspDiagnostic | undefined {
  const same = (r: Range, s: Range) => r.start.line === s.start.line && r.start.character === s.start.character && r.end.line === s.end.line && r.end.character === s.end.character;
  return sent.find((d) => d.code === ours.code && same(d.range, ours.range));
}
