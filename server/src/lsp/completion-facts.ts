import type { LineIndex } from '../base/line-index';
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
// Compact, because the server's thread receives it after every version and must stay free for
// the other documents: spans in typed arrays (a copy of bytes, not of objects), the names only
// when they changed (typing inside an expression changes none), decoded only when a completion
// asks.

export interface CompletionFacts {
  readonly version: number;
  readonly text: string;
  /** The comments' spans: start, end, for each in order (their text is the text's). */
  readonly comments: Int32Array;
  /** Every declaration: its kind (an index of DECLARATION_KINDS), start, end, its name's start and end (-1: none). */
  readonly declarations: Int32Array;
  /** Absent when they are those of the version before (from the same worker). */
  readonly names?: EncodedNames;
}

/** model.declarations in its order (the first declaration of a repeated name), with their types, and the machines. */
export interface EncodedNames {
  /** The names, one a line. */
  readonly list: string;
  /** Each name's kind (an index of DECLARATION_KINDS) and type (an index of `types`). */
  readonly kinds: Uint8Array;
  readonly typeOf: Int32Array;
  readonly types: readonly Type[];
  /** The names with a doc comment: index, doc. */
  readonly docs: readonly (readonly [number, string])[];
  readonly machines: readonly { readonly name: string; readonly declared: string; readonly states: readonly string[]; readonly initial?: string; readonly terminals: readonly string[] }[];
}

const DECLARATION_KINDS: readonly A.Declaration['kind'][] = ['discount', 'horizon', 'continuing', 'signal', 'action', 'def', 'prop', 'exclusive', 'term', 'potential', 'machine', 'ltl', 'reward'];
const KIND_CODE = new Map(DECLARATION_KINDS.map((k, i) => [k, i]));

/** The facts of an analysed version; `names` omitted when equal to `previous` (what the same thread sent last). */
export function completionFacts(a: DocumentAnalysis, previous: EncodedNames | undefined): { facts: CompletionFacts; names: EncodedNames } {
  const file = a.analysis.parsed.file;
  const comments = new Int32Array(2 * file.comments.length);
  file.comments.forEach((c, i) => comments.set([c.span.start, c.span.end], 2 * i));
  const declarations = new Int32Array(5 * file.declarations.length);
  file.declarations.forEach((d, i) => {
    const name = 'name' in d && d.name ? d.name.span : undefined;
    declarations.set([KIND_CODE.get(d.kind)!, d.span.start, d.span.end, name ? name.start : -1, name ? name.end : -1], 5 * i);
  });
  const names = encodeNames(a);
  const same = previous !== undefined && sameNames(previous, names);
  return { facts: { version: a.version, text: a.analysis.text, comments, declarations, ...(same ? {} : { names }) }, names: same ? previous : names };
}

function encodeNames(a: DocumentAnalysis): EncodedNames {
  const model = a.analysis.model;
  const list: string[] = [];
  const kinds = new Uint8Array(model.declarations.size);
  const typeOf = new Int32Array(model.declarations.size);
  const types: Type[] = [];
  const typeIndex = new Map<string, number>();
  const docs: [number, string][] = [];
  let i = 0;
  for (const [name, d] of model.declarations) {
    list.push(name);
    kinds[i] = KIND_CODE.get(d.kind)!;
    const t = model.declType(name);
    const key = JSON.stringify(t);
    let index = typeIndex.get(key);
    if (index === undefined) {
      index = types.length;
      types.push(t);
      typeIndex.set(key, index);
    }
    typeOf[i] = index;
    if (d.doc !== undefined) docs.push([i, d.doc]);
    i++;
  }
  const machines = model.machines.map((m) => ({ name: m.name, declared: m.decl.name.text, states: m.states, ...(m.initial !== undefined ? { initial: m.initial } : {}), terminals: [...m.terminals] }));
  return { list: list.join('\n'), kinds, typeOf, types, docs, machines };
}

const sameArray = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
};

function sameNames(a: EncodedNames, b: EncodedNames): boolean {
  return a.list === b.list && sameArray(a.kinds, b.kinds) && sameArray(a.typeOf, b.typeOf) && JSON.stringify([a.types, a.docs, a.machines]) === JSON.stringify([b.types, b.docs, b.machines]);
}

/** The names as completion reads a model. */
export function namesOf(encoded: EncodedNames): Names {
  const list = encoded.list === '' ? [] : encoded.list.split('\n');
  const docs = new Map(encoded.docs);
  const declarations = new Map(list.map((name, i) => [name, { kind: DECLARATION_KINDS[encoded.kinds[i]] as A.NamedDeclaration['kind'], name: { text: name }, doc: docs.get(i) }]));
  const types = new Map(list.map((name, i) => [name, encoded.types[encoded.typeOf[i]]]));
  return {
    declarations,
    declType: (name) => types.get(name) ?? ERROR,
    machines: encoded.machines.map((m) => ({ name: m.name, decl: { name: { text: m.declared } }, states: m.states, initial: m.initial, terminals: new Set(m.terminals) })),
  };
}

/** The comments of the facts' text, as completion reads them. */
export function commentsOf(facts: CompletionFacts): CompletionSource['comments'] {
  const out: { span: { start: number; end: number }; block: boolean; text: string }[] = [];
  for (let i = 0; i < facts.comments.length; i += 2) {
    const text = facts.text.slice(facts.comments[i], facts.comments[i + 1]);
    out.push({ span: { start: facts.comments[i], end: facts.comments[i + 1] }, block: text.startsWith('/*'), text });
  }
  return out;
}

/** What `expressionOnly` reads of the facts' version. */
export function outlineOfFacts(facts: CompletionFacts): Outline {
  const d = facts.declarations;
  const declarations: Outline['declarations'][number][] = [];
  for (let i = 0; i < d.length; i += 5) declarations.push({ kind: DECLARATION_KINDS[d[i]], span: { start: d[i + 1], end: d[i + 2] }, ...(d[i + 3] >= 0 ? { name: { span: { start: d[i + 3], end: d[i + 4] } } } : {}) });
  const comments: { span: { start: number; end: number } }[] = [];
  for (let i = 0; i < facts.comments.length; i += 2) comments.push({ span: { start: facts.comments[i], end: facts.comments[i + 1] } });
  return { text: facts.text, comments, declarations };
}

/** The source of a completion in the analysed version itself. */
export const sourceOfFacts = (facts: CompletionFacts, comments: CompletionSource['comments'], names: Names, lines: LineIndex): CompletionSource => ({ text: facts.text, lines, comments, names });
