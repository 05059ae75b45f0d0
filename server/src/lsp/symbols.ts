import { SymbolKind, type DocumentSymbol, type Range, type WorkspaceSymbol } from 'vscode-languageserver';
import { LineIndex } from '../base/line-index';
import type { Span } from '../base/span';
import type { MachineInfo, Model } from '../names/model';
import type * as A from '../syntax/ast';
import { showType } from './hover';
import type { DocumentAnalysis } from './workspace-analysis';

// The outline: every declaration, machines with their states, rewards with their items,
// enum signals with their members.

const KIND: Record<A.Declaration['kind'], SymbolKind> = {
  discount: SymbolKind.Constant,
  horizon: SymbolKind.Constant,
  continuing: SymbolKind.Constant,
  signal: SymbolKind.Variable,
  action: SymbolKind.Variable,
  def: SymbolKind.Function,
  prop: SymbolKind.Boolean,
  exclusive: SymbolKind.Array,
  term: SymbolKind.Method,
  potential: SymbolKind.Property,
  machine: SymbolKind.Class,
  ltl: SymbolKind.Interface,
  reward: SymbolKind.Module,
};

export function documentSymbols(a: DocumentAnalysis): DocumentSymbol[] {
  const model = a.analysis.model;
  const machines = new Map(model.machines.map((m) => [m.decl as A.Declaration, m]));
  if (!a.chunks) return model.file.declarations.map((d) => symbolOf(model, machines, d, (s) => a.lines.range(s)));
  // By chunk: a chunk's symbols are kept while its tree and their details are unchanged, and
  // moved when only its line changed; a keystroke computes one declaration's symbols.
  const out: DocumentSymbol[] = [];
  for (const c of a.chunks) {
    const ds = c.placed.file.declarations;
    const key = ds.map((d) => detailKey(model, machines, d)).join('\n');
    let part = CHUNK_SYMBOLS.get(c.local);
    if (!part || part.key !== key) {
      const lines = new LineIndex(c.text);
      // The symbols of the chunk's own tree, lines counted from the chunk (which starts a line: characters stay).
      const placed = (s: Span) => {
        const r = lines.range({ start: s.start - c.start, end: s.end - c.start });
        return { start: { line: r.start.line + c.line, character: r.start.character }, end: { line: r.end.line + c.line, character: r.end.character } };
      };
      part = { key, line: c.line, symbols: ds.map((d) => symbolOf(model, machines, d, placed)) };
      CHUNK_SYMBOLS.set(c.local, part);
    } else if (part.line !== c.line) {
      part = { key, line: c.line, symbols: part.symbols.map((x) => moved(x, c.line - part!.line)) };
      CHUNK_SYMBOLS.set(c.local, part);
    }
    for (const x of part.symbols) out.push(x);
  }
  return out;
}

/** Per chunk parse, its symbols, the line they were computed at and their details' key (weak: dropped with the chunk). */
const CHUNK_SYMBOLS = new WeakMap<object, { readonly key: string; readonly line: number; readonly symbols: readonly DocumentSymbol[] }>();

/** What a declaration's symbol reads beyond its own tree: its detail and, for a machine, its states' roles. */
function detailKey(model: Model, machines: ReadonlyMap<A.Declaration, MachineInfo>, d: A.Declaration): string {
  if (!('name' in d)) return d.kind;
  const m = d.kind === 'machine' ? machines.get(d) : undefined;
  return m ? `${detail(model, d)} ${m.states.join(',')} ${m.initial} ${[...m.terminals].join(',')}` : detail(model, d);
}

function moved(s: DocumentSymbol, lines: number): DocumentSymbol {
  const r = (x: Range): Range => ({ start: { line: x.start.line + lines, character: x.start.character }, end: { line: x.end.line + lines, character: x.end.character } });
  return { ...s, range: r(s.range), selectionRange: r(s.selectionRange), ...(s.children ? { children: s.children.map((c) => moved(c, lines)) } : {}) };
}

function symbolOf(model: Model, machines: ReadonlyMap<A.Declaration, MachineInfo>, d: A.Declaration, r: (s: Span) => Range): DocumentSymbol {
  const base = { kind: KIND[d.kind], range: r(d.span) };
  if (!('name' in d)) {
    const detail = d.kind === 'exclusive' ? d.names.map((n) => n.text).join(', ') : 'value' in d && d.value !== undefined ? String(d.value) : '';
    return { ...base, name: d.kind, detail, selectionRange: r({ start: d.span.start, end: d.span.start + d.kind.length }) };
  }
  return { ...base, name: d.name.text || '?', detail: detail(model, d), selectionRange: r(d.name.span), children: children(machines, d, r) };
}

function detail(model: Model, d: A.NamedDeclaration): string {
  switch (d.kind) {
    case 'signal':
    case 'action':
    case 'def':
      return `${d.kind}: ${showType(model.declType(d.name.text))}`;
    case 'prop':
      return d.body ? 'prop' : 'prop (external label)';
    case 'reward':
      return model.rewards[0] === d ? 'reward (default)' : 'reward';
    default:
      return d.kind;
  }
}

function children(machines: ReadonlyMap<A.Declaration, MachineInfo>, d: A.NamedDeclaration, r: (s: Span) => Range): DocumentSymbol[] | undefined {
  if (d.kind === 'machine') {
    const m = machines.get(d);
    if (!m) return undefined;
    return m.states.map((s) => {
      const span = m.stateSpans.get(s)!;
      const role = [s === m.initial ? 'initial' : '', m.terminals.has(s) ? 'terminal' : ''].filter(Boolean).join(', ');
      return { name: s, detail: role ? `state (${role})` : 'state', kind: SymbolKind.EnumMember, range: r(span), selectionRange: r(span) };
    });
  }
  if (d.kind === 'reward') {
    return d.items.map((i) => ({ name: i.label || '?', detail: itemKind(i), kind: SymbolKind.Field, range: r(i.span), selectionRange: r(i.span) }));
  }
  if ((d.kind === 'signal' || d.kind === 'action') && d.type?.kind === 'enum') {
    return d.type.members.map((m) => ({ name: m.text, detail: 'member', kind: SymbolKind.EnumMember, range: r(m.span), selectionRange: r(m.span) }));
  }
  return undefined;
}

function itemKind(i: A.RewardItem): string {
  const b = i.body;
  const k = b.kind === 'shaping' ? 'shaping' : b.kind === 'const' ? 'constant' : b.kind === 'expr' ? 'expression' : 'item';
  return i.task ? `task ${k}` : k;
}

/** Symbols of every open document whose name contains the query's characters in order (case-insensitive). */
export function workspaceSymbols(docs: readonly DocumentAnalysis[], query: string): WorkspaceSymbol[] {
  const q = query.toLowerCase();
  const matches = (name: string) => {
    let i = 0;
    for (const c of name.toLowerCase()) if (c === q[i]) i++;
    return i === q.length;
  };
  const out: WorkspaceSymbol[] = [];
  for (const a of docs) {
    for (const s of documentSymbols(a)) {
      // discount, horizon, continuing and exclusive name nothing.
      const named = s.kind !== SymbolKind.Constant && s.kind !== SymbolKind.Array;
      if (named && matches(s.name)) out.push({ name: s.name, kind: s.kind, location: { uri: a.uri, range: s.selectionRange } });
      for (const c of s.children ?? []) {
        if (matches(c.name) && c.kind === SymbolKind.EnumMember) out.push({ name: c.name, kind: c.kind, containerName: s.name, location: { uri: a.uri, range: c.selectionRange } });
      }
    }
  }
  return out;
}
