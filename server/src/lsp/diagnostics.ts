import { DiagnosticSeverity, DiagnosticTag, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../base/diagnostic';
import type { DocsLink } from './docs-link';
import type { Settings } from './settings';
import type { DocumentAnalysis } from './workspace-analysis';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The LSP form of every diagnostic of one analysed document, after the user's severity settings. */
export function lspDiagnostics(a: DocumentAnalysis, settings: Settings, docs: DocsLink): LspDiagnostic[] {
  return a.analysis.diagnostics.flatMap((d) => {
    const severity = settings.severity.get(d.code) ?? d.severity;
    return severity === 'off' ? [] : [lspDiagnostic(a, d, docs, severity)];
  });
}

export function lspDiagnostic(a: DocumentAnalysis, d: Diagnostic, docs: DocsLink, severity: Severity = d.severity): LspDiagnostic {
  const out: LspDiagnostic = {
    range: a.lines.range(d.span),
    severity: SEVERITY[severity],
    code: d.code,
    codeDescription: { href: docs(d.code) },
    source: 'rewardsmith',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: a.uri, range: a.lines.range(r.span) }, message: r.message }));
  }
  if (d.unnecessary) out.tags = [DiagnosticTag.Unnecessary];
  return out;
}
