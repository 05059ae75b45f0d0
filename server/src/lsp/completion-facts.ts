import type { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import { ERROR, type Type } from '../names/model';
import type * as A from '../syntax/ast';
import type { CompletionSource, Names } from './completion';
import type { Outline } from './stale';
import type { DocumentAnalysis } from './workspace-analysis';

// What completion reads of one analysed version, as plain data (issue #15, point 3). The
// analysis thread of a large document sends it after each version (analysis-worker.ts), and the
// server's own thread answers completion from it (worker-document.ts): completion then never
// waits for that thread, which may be busy for a hundred milliseconds analysing the version
// just typed. The same rule as in place decides when it may answer (stale.ts): the version
// analysed, or only the inside of an expression edited since.

export interface CompletionFacts {
  readonly version: number;
  readonly text: string;
  /** model.declarations in its order (the first declaration of a repeated name), each with its type. */
  readonly names: readonly { readonly name: string; readonly kind: A.NamedDeclaration['kind']; readonly doc?: string; readonly type: Type }[];
  readonly machines: readonly { readonly name: string; readonly declared: string; readonly states: readonly string[]; readonly initial?: string; readonly terminals: readonly string[] }[];
  readonly comments: readonly A.Comment[];
  /** Every declaration's kind, span and name span (what `expressionOnly` reads). */
  readonly declarations: readonly { readonly kind: string; readonly span: Span; readonly name?: { readonly span: Span } }[];
}

export function completionFacts(a: DocumentAnalysis): CompletionFacts {
  const model = a.analysis.model;
  const file = a.analysis.parsed.file;
  return {
    version: a.version,
    text: a.analysis.text,
    names: [...model.declarations].map(([name, d]) => ({ name, kind: d.kind, ...(d.doc !== undefined ? { doc: d.doc } : {}), type: model.declType(name) })),
    machines: model.machines.map((m) => ({ name: m.name, declared: m.decl.name.text, states: m.states, ...(m.initial !== undefined ? { initial: m.initial } : {}), terminals: [...m.terminals] })),
    comments: file.comments,
    declarations: file.declarations.map((d) => ({ kind: d.kind, span: d.span, ...('name' in d && d.name ? { name: { span: d.name.span } } : {}) })),
  };
}

/** The names of `facts` as completion reads a model. */
export function namesOf(facts: CompletionFacts): Names {
  const declarations = new Map(facts.names.map((n) => [n.name, { kind: n.kind, name: { text: n.name }, doc: n.doc }]));
  const types = new Map(facts.names.map((n) => [n.name, n.type]));
  return {
    declarations,
    declType: (name) => types.get(name) ?? ERROR,
    machines: facts.machines.map((m) => ({ name: m.name, decl: { name: { text: m.declared } }, states: m.states, initial: m.initial, terminals: new Set(m.terminals) })),
  };
}

export const outlineOfFacts = (facts: CompletionFacts): Outline => facts;

/** The source of a completion in the analysed version itself. */
export const sourceOfFacts = (facts: CompletionFacts, names: Names, lines: LineIndex): CompletionSource => ({ text: facts.text, lines, comments: facts.comments, names });
