import type { Diagnostic as LspDiagnostic, Position, Range } from 'vscode-languageserver';
import { automatonText } from './automaton';
import { codeActions } from './code-actions';
import { codeLenses } from './code-lens';
import { completion, fromAnalysis } from './completion';
import { toOffset, toSpan } from './convert';
import { lspDiagnostics } from './diagnostics';
import type { DocsLink } from './docs-link';
import { foldingRanges } from './folding';
import { formatEdits } from './formatting';
import { hover } from './hover';
import { inlayHints } from './inlay-hints';
import { definition, highlights, references } from './navigation';
import { prepareRename, rename } from './rename';
import { selectionRange } from './selection';
import { semanticTokensData } from './semantic-tokens';
import type { Settings } from './settings';
import { signatureHelp } from './signature-help';
import { documentSymbols, workspaceSymbols } from './symbols';
import type { TrajectoryFields } from './trajectory-fields';
import type { DocumentAnalysis } from './workspace-analysis';

// Every request on one document, as a function of its analysis and the request's parameters.
// One table, so that the same code answers on the server's event loop and in the analysis
// worker of a large document (analysis-worker.ts): parameters and results are plain data.

export interface FeatureContext {
  readonly settings: Settings;
  readonly snippets: boolean;
  /** The link to a code's page (docs-link.ts). */
  readonly pages: DocsLink;
  /** Fields of the configured trajectory, read once per settings generation. */
  readonly fields: () => Promise<TrajectoryFields>;
}

interface At {
  readonly position?: Position;
}

/** How a request may be answered while the current version is not analysed yet. */
export type Staleness =
  /** Only from the analysis of the current version. */
  | 'fresh'
  /** From the last analysis seen through the current text (its model, the current text): completion, signature help. */
  | 'text'
  /** From the last analysis, positions mapped around the edited region, nothing said about what the edit may change. */
  | 'mapped';

export interface Feature {
  readonly stale: Staleness;
  run(a: DocumentAnalysis, params: never, ctx: FeatureContext): unknown;
}

const at = (a: DocumentAnalysis, p: At) => toOffset(a.lines, p.position);

function feature<P>(stale: Staleness, run: (a: DocumentAnalysis, p: P, ctx: FeatureContext) => unknown): Feature {
  return { stale, run: run as Feature['run'] };
}

export const FEATURES = {
  diagnostics: feature('fresh', (a, _p: unknown, ctx) => ({ version: a.version, items: lspDiagnostics(a, ctx.settings, ctx.pages) })),
  hover: feature('mapped', (a, p: At) => hover(a, at(a, p))),
  completion: feature('text', (a, p: At, ctx) => completion(fromAnalysis(a), at(a, p), { snippets: ctx.snippets, fields: ctx.fields })),
  signatureHelp: feature('text', (a, p: At) => signatureHelp(a.analysis.text, at(a, p))),
  definition: feature('fresh', (a, p: At) => definition(a, at(a, p))),
  references: feature('fresh', (a, p: At & { context?: { includeDeclaration?: boolean } }) => references(a, at(a, p), p.context?.includeDeclaration !== false)),
  highlights: feature('fresh', (a, p: At) => highlights(a, at(a, p))),
  prepareRename: feature('fresh', (a, p: At) => prepareRename(a, at(a, p))),
  rename: feature('fresh', (a, p: At & { newName?: unknown }) => ({ changes: { [a.uri]: rename(a, at(a, p), String(p.newName)) } })),
  documentSymbols: feature('fresh', (a) => documentSymbols(a)),
  workspaceSymbols: feature('fresh', (a, p: { query: string }) => workspaceSymbols([a], p.query)),
  semanticTokens: feature('mapped', (a) => semanticTokensData(a)),
  formatting: feature('fresh', (a) => formatEdits(a.analysis.text)),
  folding: feature('fresh', (a) => foldingRanges(a)),
  selectionRanges: feature('fresh', (a, p: { positions?: Position[] }) => (p.positions ?? []).map((pos) => selectionRange(a, toOffset(a.lines, pos)))),
  inlayHints: feature('fresh', (a, p: { range?: Range }) => inlayHints(a, toSpan(a.lines, p.range))),
  codeLenses: feature('fresh', (a) => codeLenses(a)),
  codeActions: feature('fresh', (a, p: { range?: Range; context?: { diagnostics?: LspDiagnostic[]; only?: string[] } }, ctx) => codeActions(a, toSpan(a.lines, p.range), p.context?.diagnostics ?? [], p.context?.only, ctx.pages)),
  automaton: feature('fresh', (a, p: { name: string; format: 'dot' | 'mermaid' }) => automatonText(a.analysis.model, String(p.name), p.format)),
} satisfies Record<string, Feature>;

export type FeatureName = keyof typeof FEATURES;
