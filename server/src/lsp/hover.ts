import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { MachineInfo, Model, Target, Type } from '../names/model';
import { FUNCTIONS } from '../names/functions';
import type * as A from '../syntax/ast';
import { classText } from '../analysis/classes';
import { ltlFactsOf, rewardBounds, rewardClasses } from './derived';
import type { Interval } from '../analysis/intervals';
import { occurrenceAt } from './targets';
import type { DocumentAnalysis } from './workspace-analysis';

// Hover: what a name is, short, in Markdown. The first line says kind and type; then the doc
// comment; then what only this kind has (a machine's transitions, a formula's automaton).

export function hover(a: DocumentAnalysis, offset: number): Hover | null {
  const model = a.analysis.model;
  const o = occurrenceAt(model, offset);
  if (o) {
    const item = itemAt(model, offset);
    const itemLine = item && item.item.body.kind !== 'expr' ? `\n\n---\n\n${describeItem(model, item.reward, item.item)}` : '';
    const base = describeTarget(model, o.target);
    const value = base && base + itemLine;
    return value ? { contents: { kind: MarkupKind.Markdown, value }, range: a.lines.range(o.span) } : null;
  }
  const item = itemAt(model, offset);
  if (item) return { contents: { kind: MarkupKind.Markdown, value: describeItem(model, item.reward, item.item) }, range: a.lines.range(item.item.span) };
  return null;
}

export function describeTarget(model: Model, target: Target): string | undefined {
  switch (target.kind) {
    case 'function': {
      const f = FUNCTIONS.get(target.name);
      return f && `${code(f.signature)}: built-in function\n\n${f.doc}`;
    }
    case 'member': {
      const t = model.declType(target.owner);
      const index = t.kind === 'enum' ? t.members.indexOf(target.member) : -1;
      return `${code(target.member)}: member of enum ${code(target.owner)}${index >= 0 ? ` (index ${index})` : ''}`;
    }
    case 'state': {
      const m = model.machines.find((x) => x.name === target.machine);
      return m && describeState(model, m, target.state);
    }
    case 'declaration': {
      const d = model.declarations.get(target.name);
      return d && describeDeclaration(model, d);
    }
  }
}

function describeDeclaration(model: Model, d: A.NamedDeclaration): string {
  const parts = [headline(model, d)];
  if (d.doc) parts.push(d.doc);
  const extra = details(model, d);
  if (extra) parts.push(extra);
  return parts.join('\n\n');
}

function headline(model: Model, d: A.NamedDeclaration): string {
  const name = code(d.name.text);
  switch (d.kind) {
    case 'signal':
    case 'action': {
      const type = d.type?.kind === 'int' ? 'int' : showType(model.declType(d.name.text));
      const range = d.range ? ` in [${d.range.lo}, ${d.range.hi}]` : '';
      const source = d.source?.text ?? (d.kind === 'action' ? 'action' : d.name.text);
      return `**${d.kind}** ${name}: ${type}${range}\n\nsource: ${code(source)}${d.source ? '' : ' (default)'}`;
    }
    case 'def':
      return `**def** ${name}: ${showType(model.declType(d.name.text))} (state function)\n\n${code(`= ${excerpt(model, d.body)}`)}`;
    case 'prop':
      return d.body ? `**prop** ${name}: bool\n\n${code(`= ${excerpt(model, d.body)}`)}` : `**prop** ${name}: bool, external label (read from the record's \`labels\`)`;
    case 'term':
      return `**term** ${name}: number, per transition (s, a, s')\n\n${code(`= ${excerpt(model, d.body)}`)}`;
    case 'potential':
      return `**potential** ${name}: number (state function, for shaping)\n\n${code(`= ${excerpt(model, d.body)}`)}`;
    case 'machine':
      return `**machine** ${name}: reward machine`;
    case 'ltl':
      return `**ltl** ${name}: temporal formula (LTLf)\n\n${code(excerpt(model, d.formula))}`;
    case 'reward':
      return `**reward** ${name}${model.rewards[0] === d ? ' (the default)' : ''}`;
  }
}

function details(model: Model, d: A.NamedDeclaration): string | undefined {
  if (d.kind === 'machine') {
    const m = model.machines.find((x) => x.decl === d);
    return m && machineDetails(model, m);
  }
  if (d.kind === 'ltl') {
    const accept = d.accept ? excerpt(model, d.accept) : '1';
    const reject = d.reject ? excerpt(model, d.reject) : '0';
    const f = ltlFactsOf(model, d.name.text);
    const automaton = f
      ? `class: ${f.temporalClass}${f.valid ? ', valid (always accepted)' : f.unsatisfiable ? ', unsatisfiable' : ''}\n\nautomaton: ${f.states} state${f.states === 1 ? '' : 's'} (minimal DFA)`
      : 'automaton: too large to compile';
    return `accept ${code(accept)}, reject ${code(reject)}\n\n${automaton}`;
  }
  if (d.kind === 'reward') {
    const bounds = rewardBounds(model, d);
    const cls = attempt(() => classText(rewardClasses(model, d)!));
    if (!bounds || !cls) return d.items.map((i) => `- ${code(i.label)}`).join('\n') || 'no items';
    const items = bounds.items.map((b) => `- ${code(b.item.task ? `task ${b.label}` : b.label)}: ${boundsText(b.perStep, b.total)}`);
    return `class: ${cls}\n\nper step ${interval(bounds.perStep)}${bounds.total ? `, return ${interval(bounds.total)}` : ''}\n\n${items.join('\n') || 'no items'}`;
  }
  return undefined;
}

function machineDetails(model: Model, m: MachineInfo): string {
  const states = m.states.map((s) => code(s) + (s === m.initial ? ' (initial)' : '') + (m.terminals.has(s) ? ' (terminal)' : '')).join(', ');
  const lines = m.transitions.slice(0, 20).map((t) => `- ${code(transitionText(model, t))}`);
  if (m.transitions.length > 20) lines.push(`- ... ${m.transitions.length - 20} more`);
  return `states: ${states || 'none'}\n\ntransitions:\n${lines.join('\n') || '- none'}`;
}

function describeState(model: Model, m: MachineInfo, state: string): string {
  const role = [state === m.initial ? 'initial' : '', m.terminals.has(state) ? 'terminal' : ''].filter(Boolean).join(', ');
  const out = m.transitions.filter((t) => t.from === state);
  const lines = out.map((t) => `- ${code(transitionText(model, t))}`);
  return `${code(state)}: ${role ? `${role} ` : ''}state of machine ${code(m.name)}\n\n${lines.length ? `transitions:\n${lines.join('\n')}` : 'no transitions from this state'}`;
}

function transitionText(model: Model, t: MachineInfo['transitions'][number]): string {
  const guard = t.guard.kind === 'otherwise' ? 'otherwise' : excerpt(model, t.guard);
  return `${t.from} -> ${t.to} when ${guard}${t.reward ? ` reward ${excerpt(model, t.reward)}` : ''}`;
}

function describeItem(model: Model, reward: A.RewardDecl, item: A.RewardItem): string {
  const b = item.body;
  const kind =
    b.kind === 'shaping' ? `shaping by ${code(b.name.text)}${b.discount !== undefined ? `, discount ${b.discount}` : ''}`
      : b.kind === 'const' ? 'constant per-step item'
        : b.kind === 'expr' ? 'expression item'
          : b.kind === 'clip' ? 'clip of the sum above'
            : b.kind === 'replace' ? 'replacement of the reward'
              : `item ${code(b.name.text)}`;
  const bound = rewardBounds(model, reward)?.items.find((b) => b.item === item);
  const cls = rewardClasses(model, reward)?.items[reward.items.indexOf(item)];
  return `reward item ${code(item.label)} of ${code(reward.name.text)}${item.task ? ' (task)' : ''}: ${kind}${cls ? `\n\nclass: ${classText(cls)}` : ''}${bound ? `\n\nbounds: ${boundsText(bound.perStep, bound.total)}` : ''}`;
}

export function boundsText(perStep: Interval, total: Interval | undefined): string {
  return `${interval(perStep)} per step, ${total ? `return ${interval(total)}` : 'return unbounded'}`;
}

export function interval(i: Interval): string {
  return `[${num(i.lo)}, ${num(i.hi)}]`;
}

const num = (x: number) => (x === Infinity ? '∞' : x === -Infinity ? '-∞' : String(Number(x.toPrecision(4))));

function itemAt(model: Model, offset: number): { reward: A.RewardDecl; item: A.RewardItem } | undefined {
  for (const reward of model.rewards) {
    for (const item of reward.items) if (offset >= item.span.start && offset <= item.span.end) return { reward, item };
  }
  return undefined;
}

export function showType(t: Type): string {
  if (t.kind === 'vector') return `vector[${t.length}]${t.element === 'bool' ? ' of bools' : ''}`;
  return t.kind === 'enum' ? `enum { ${t.members.join(', ')} }` : t.kind === 'error' ? 'unknown' : t.kind;
}

function excerpt(model: Model, e: { readonly span: { readonly start: number; readonly end: number } }): string {
  const s = model.file.text.slice(e.span.start, e.span.end).replace(/\s+/g, ' ').trim();
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}

/** The analyses behind bounds and classes expect a sound model; on a broken one, hover shows less. */
function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

const code = (s: string) => '`' + s.replace(/`/g, "'") + '`';
