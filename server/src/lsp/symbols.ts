import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import type { Model } from '../names/model';
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
  const r = (s: { start: number; end: number }) => a.lines.range(s);
  return model.file.declarations.map((d): DocumentSymbol => {
    const base = { kind: KIND[d.kind], range: r(d.span) };
    if (!('name' in d)) {
      const detail = d.kind === 'exclusive' ? d.names.map((n) => n.text).join(', ') : 'value' in d && d.value !== undefined ? String(d.value) : '';
      return { ...base, name: d.kind, detail, selectionRange: r({ start: d.span.start, end: d.span.start + d.kind.length }) };
    }
    return { ...base, name: d.name.text || '?', detail: detail(model, d), selectionRange: r(d.name.span), children: children(a, model, d) };
  });
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

function children(a: DocumentAnalysis, model: Model, d: A.NamedDeclaration): DocumentSymbol[] | undefined {
  const r = (s: { start: number; end: number }) => a.lines.range(s);
  if (d.kind === 'machine') {
    const m = model.machines.find((x) => x.decl === d);
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
