import { diagnostic, type Diagnostic, type Fix, type Related } from '../base/diagnostic';
import type { Model } from '../names/model';
import type * as A from '../syntax/ast';
import { showNumber } from './intervals';
import { itemRole, itemWeight } from './item-roles';
import { potentialShape, ratioLiteral, sameRatio, type PotentialShape } from './potential-form';
import type { AnalysisCheck } from './registry';

// Shaping soundness (LANGUAGE.md section 7; Ng, Harada & Russell 1999; Grzes 2017):
// potential-shaped auxiliaries whose ratio is not gamma, and `shaping` without a discount.
// `potential-not-state-function` is the names checker's: the analyses never see that error.

export const shapingChecks: AnalysisCheck = (model) => [...ratioChecks(model), ...clippedShaping(model), ...discountChecks(model)];

/** The expression an item adds, and where it is written, when it can be a potential difference. */
export function itemExpression(model: Model, item: A.RewardItem): { expr: A.Expr; term?: A.ExprDecl } | undefined {
  const b = item.body;
  if (b.kind === 'expr') return { expr: b.expr };
  if (b.kind !== 'ref') return undefined;
  const d = model.declarations.get(b.name.text);
  return d?.kind === 'term' ? { expr: d.body, term: d } : undefined;
}

function ratioChecks(model: Model): Diagnostic[] {
  // Without a declared discount there is no gamma to judge a ratio against (discount-undeclared
  // covers `shaping` items; a hand-written difference states no intent either way).
  const gamma = model.discount;
  if (gamma === undefined) return [];
  const out: Diagnostic[] = [];
  for (const reward of model.rewards) {
    for (const item of reward.items) {
      if (itemRole(model, reward, item) !== 'auxiliary') continue;
      const source = itemExpression(model, item);
      if (!source) continue;
      const shape = potentialShape(model, source.expr, itemWeight(item));
      if (!shape) continue;
      const d = judge(model, reward, item, source, shape, gamma);
      if (d) out.push(d);
    }
  }
  return out;
}

function judge(model: Model, reward: A.RewardDecl, item: A.RewardItem, source: { expr: A.Expr; term?: A.ExprDecl }, shape: PotentialShape, gamma: number): Diagnostic | undefined {
  const related: Related[] = source.term ? [{ span: source.term.name.span, message: `the term '${source.term.name.text}' is defined here` }] : [];
  const what = `'${item.label}'`;
  const wrong = shape.parts.find((p) => !sameRatio(p.ratio, gamma) && !sameRatio(p.ratio, 1));
  if (wrong) {
    const r = showNumber(wrong.ratio);
    const g = showNumber(gamma);
    const lit = ratioLiteral(model, source.expr, wrong.ratio, gamma);
    const fixes: Fix[] = lit ? [{ title: `Use the declared discount ${g}`, edits: [{ span: lit.literal.span, newText: String(lit.value) }], preferred: true }] : [];
    return diagnostic('shaping-discount-mismatch', item.span,
      `${what} is a potential difference a * f(s') - b * f(s) with f = ${wrong.potential} and ratio a / b = ${r}, but the declared discount is ${g}. ` +
      `Shaping leaves the optimal policy unchanged only as gamma * phi(s') - phi(s) with the gamma the agent optimises (Ng, Harada & Russell 1999); ` +
      `with ratio ${r} it also pays for states for their own sake. Make the ratio ${g}, or declare 'potential' and add 'shaping'.`,
      { related, fixes });
  }
  if (gamma >= 1 || !shape.parts.some((p) => sameRatio(p.ratio, 1))) return undefined;
  const allOne = shape.parts.every((p) => sameRatio(p.ratio, 1));
  const f = shape.parts.find((p) => sameRatio(p.ratio, 1))!.potential;
  const g = showNumber(gamma);
  return diagnostic('not-potential-based', item.span,
    `${what} is a potential difference with ratio 1, f(s') - f(s) with f = ${f}, under discount ${g}: it is not potential-based shaping. ` +
    `Only gamma * phi(s') - phi(s) is guaranteed to leave the optimal policy unchanged (Ng, Harada & Russell 1999); ` +
    `the difference, (1 - ${g}) * f(s'), rewards states for their own sake and can make a worse path optimal. ` +
    `Rewrite it as 'potential' + 'shaping', or multiply the s' side by the discount (${g} * f' in place of f').`,
    { related, fixes: allOne ? [rewriteFix(model, reward, item, shape.potentialText)] : [] });
}

/**
 * `shaping` items above a `clip` line (LANGUAGE.md section 13): clipped with the rest, their
 * sum no longer telescopes, which breaks their policy invariance.
 */
function clippedShaping(model: Model): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const reward of model.rewards) {
    const c = reward.items.findIndex((i) => i.body.kind === 'clip');
    if (c < 0) continue;
    const clip = reward.items[c];
    for (const item of reward.items.slice(0, c)) {
      if (item.body.kind !== 'shaping') continue;
      const move = moveBelow(model.file.text, item, clip);
      out.push(diagnostic('not-potential-based', item.span,
        `'${item.label}' stands above '${clip.label}', so it is clipped with the items above it: a clipped potential difference no longer sums to gamma^T * phi(s_T) - phi(s_0) over an episode, ` +
        `and shaping keeps the optimal policy only while it telescopes (Ng, Harada & Russell 1999). Move it below the clip line, where it is added to the clipped sum.`,
        { related: [{ span: clip.span, message: 'the clip is here' }], fixes: move ? [move] : [] }));
    }
  }
  return out;
}

/** Moves an item's line to just below the clip line, when both stand alone on their lines. */
function moveBelow(text: string, item: A.RewardItem, clip: A.RewardItem): Fix | undefined {
  const line = (s: { start: number; end: number }) => {
    const start = lineStart(text, s.start);
    const nl = text.indexOf('\n', s.end);
    const end = nl < 0 ? text.length : nl + 1;
    return { start, end, alone: text.slice(start, s.start).trim() === '' && /^\s*(\/\/.*)?$/.test(text.slice(s.end, nl < 0 ? text.length : nl)) };
  };
  const a = line(item.span);
  const b = line(clip.span);
  if (!a.alone || !b.alone || text[b.end - 1] !== '\n') return undefined;
  return {
    title: `Move '${item.label}' below '${clip.label}'`,
    edits: [
      { span: { start: a.start, end: a.end }, newText: '' },
      { span: { start: b.end, end: b.end }, newText: text.slice(a.start, a.end) },
    ],
    preferred: true,
  };
}

/** Declares `potential NAME = phi` above the reward and puts `shaping NAME` in the item's place. */
export function rewriteFix(model: Model, reward: A.RewardDecl, item: A.RewardItem, potentialText: string): Fix {
  const name = freshName(model, item);
  const text = model.file.text;
  const at = lineStart(text, reward.span.start);
  const title = `Rewrite as 'potential ${name}' + 'shaping ${name}'`;
  const declare = { span: { start: at, end: at }, newText: `potential ${name} = ${potentialText}\n` };
  // Above a clip line the new shaping item would be clipped, which is not-potential-based
  // again: its line goes below the clip, as the move fix of clipped shaping does.
  const c = reward.items.findIndex((i) => i.body.kind === 'clip');
  const moved = c > reward.items.indexOf(item) ? moveBelow(text, item, reward.items[c]) : undefined;
  if (moved) {
    const start = lineStart(text, item.span.start);
    const [remove, insert] = moved.edits;
    const line = insert.newText;
    const rewritten = line.slice(0, item.span.start - start) + `shaping ${name}` + line.slice(item.span.end - start);
    return { title, edits: [declare, remove, { ...insert, newText: rewritten }], preferred: true };
  }
  return { title, edits: [declare, { span: item.span, newText: `shaping ${name}` }], preferred: true };
}

/** The name the rewrite gives the new potential: `phi_TERM` for a named term, else `phi`. */
export function freshName(model: Model, item: A.RewardItem): string {
  const base = item.body.kind === 'ref' ? `phi_${item.body.name.text}` : 'phi';
  let name = base;
  for (let k = 2; model.declarations.has(name); k++) name = `${base}${k}`;
  return name;
}

const lineStart = (text: string, offset: number): number => {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
};

function discountChecks(model: Model): Diagnostic[] {
  if (model.file.declarations.some((d) => d.kind === 'discount')) return [];
  const at = topOfFile(model.file);
  const fix: Fix = { title: "Add 'discount 0.99'", edits: [{ span: { start: at, end: at }, newText: 'discount 0.99\n' }], preferred: true };
  return model.rewards.flatMap((reward) => reward.items.flatMap((item) => {
    const b = item.body;
    if (b.kind !== 'shaping') return [];
    return [diagnostic('discount-undeclared', item.span,
      `'${item.label}' shapes with gamma, but the spec declares no 'discount', so evaluation uses gamma = 1. ` +
      `Shaping is policy-invariant only with the gamma the agent is trained with (Ng, Harada & Russell 1999), usually 0.99: declare it.` +
      (model.machines.some((m) => m.name === b.name.text) && b.discount !== undefined ? ` ('discount ${showNumber(b.discount)}' after the machine sets its value iteration, not gamma.)` : ''),
      { fixes: [fix] })];
  }));
}

/** Where a new first declaration goes: before the first declaration and its doc comment, after a header comment. */
function topOfFile(file: A.SpecFile): number {
  const first = file.declarations[0];
  if (!first) return file.text.length;
  let start = first.span.start;
  for (const c of [...file.comments].reverse()) {
    if (c.doc && c.span.end <= start && file.text.slice(c.span.end, start).trim() === '') start = c.span.start;
  }
  return lineStart(file.text, start);
}
