import type { SelectionRange } from 'vscode-languageserver';
import type { Span } from '../base/span';
import type * as A from '../syntax/ast';
import type { DocumentAnalysis } from './workspace-analysis';

// Selection ranges: from the name under the cursor outwards through every node of the syntax
// tree that contains it, up to the declaration and the whole file.

export function selectionRange(a: DocumentAnalysis, offset: number): SelectionRange {
  const spans = enclosing(a.analysis.parsed.file, offset);
  let range: SelectionRange | undefined;
  for (const s of spans) range = { range: a.lines.range(s), parent: range };
  return range ?? { range: a.lines.range({ start: offset, end: offset }) };
}

/** Spans that contain `offset`, outermost first, each strictly inside the one before. */
export function enclosing(file: A.SpecFile, offset: number): Span[] {
  const out: Span[] = [{ start: 0, end: file.text.length }];
  const inside = (s: Span | undefined) => s !== undefined && offset >= s.start && offset <= s.end;
  const add = (s: Span | undefined) => {
    if (!inside(s)) return false;
    const last = out[out.length - 1];
    if (s!.start !== last.start || s!.end !== last.end) out.push(s!);
    return true;
  };
  const expr = (e: A.Expr | undefined): void => {
    // Iterative: expressions may nest a thousand deep.
    let x = e;
    while (x && add(x.span)) {
      if (x.kind === 'name') {
        add(x.name.span);
        return;
      }
      if (x.kind === 'call' && add(x.callee.span)) return;
      x = childExprs(x).find((c) => inside(c.span));
    }
  };
  const decl = file.declarations.find((d) => inside(d.span));
  if (!decl) return out;
  add(decl.span);
  switch (decl.kind) {
    case 'signal':
    case 'action':
      add(decl.name.span) || add(decl.type?.span) || add(decl.range?.span) || add(decl.source?.span);
      if (decl.type?.kind === 'enum') decl.type.members.some((m) => add(m.span));
      break;
    case 'def':
    case 'term':
    case 'potential':
      if (!add(decl.name.span)) expr(decl.body);
      break;
    case 'prop':
      if (!add(decl.name.span)) expr(decl.body);
      break;
    case 'exclusive':
      decl.names.some((n) => add(n.span));
      break;
    case 'machine': {
      if (add(decl.name.span)) break;
      const s = decl.statements.find((x) => inside(x.span));
      if (!s || !add(s.span)) break;
      if (s.kind === 'initial') add(s.state.span);
      else if (s.kind === 'terminal') s.states.some((t) => add(t.span));
      else if (!s.from.some((f) => add(f.span)) && !add(s.to.span)) {
        if (s.guard.kind === 'otherwise') add(s.guard.span);
        else if (inside(s.guard.span)) expr(s.guard);
        else expr(s.reward);
      }
      break;
    }
    case 'ltl':
      if (!add(decl.name.span)) [decl.formula, decl.accept, decl.reject].find((e) => e && inside(e.span) && (expr(e), true));
      break;
    case 'reward': {
      if (add(decl.name.span)) break;
      const item = decl.items.find((i) => inside(i.span));
      if (!item || !add(item.span)) break;
      const b = item.body;
      if (b.kind === 'ref' || b.kind === 'shaping') add(b.name.span);
      else if (b.kind === 'expr') expr(b.expr);
      break;
    }
    default:
      break;
  }
  return out;
}

function childExprs(e: A.Expr): readonly A.Expr[] {
  switch (e.kind) {
    case 'unary':
    case 'temporal':
      return [e.operand];
    case 'binary':
    case 'temporalBinary':
      return [e.left, e.right];
    case 'conditional':
      return [e.test, e.then, e.else];
    case 'call':
      return e.args;
    case 'paren':
      return [e.inner];
    default:
      return [];
  }
}
