// Lays out an imported reward machine as `.reward` source, the way a person would write it:
// declarations first, one transition a line with the columns aligned, then the reward.

export interface RenderedTransition {
  readonly from: string;
  readonly to: string;
  /** A `.reward` guard expression, or `otherwise`. */
  readonly guard: string;
  /** A `.reward` expression; absent for reward 0. */
  readonly reward?: string;
}

export interface RenderedMachine {
  readonly comments: readonly string[];
  readonly signals: readonly { readonly name: string; readonly source: string }[];
  readonly props: readonly string[];
  readonly name: string;
  /** Absent when the input's initial state was unreadable (the error says so). */
  readonly initial?: string;
  readonly terminals: readonly string[];
  readonly transitions: readonly RenderedTransition[];
  readonly reward: string;
}

const width = (xs: readonly string[]): number => xs.reduce((w, x) => Math.max(w, x.length), 0);

function transitionLines(ts: readonly RenderedTransition[]): string[] {
  const fromW = width(ts.map((t) => t.from));
  const toW = width(ts.map((t) => t.to));
  const guardW = width(ts.filter((t) => t.reward !== undefined).map((t) => t.guard));
  return ts.map((t) => {
    const head = `  ${t.from.padEnd(fromW)} -> ${t.to.padEnd(toW)} when ${t.guard}`;
    return t.reward === undefined ? head : `${head.padEnd(head.length - t.guard.length + guardW)} reward ${t.reward}`;
  });
}

export function renderMachine(m: RenderedMachine): string {
  const blocks: string[][] = [
    m.comments.map((c) => `// ${c}`),
    m.signals.map((s) => `signal ${s.name}: number = ${s.source}`),
    m.props.map((p) => `prop ${p}`),
    [
      `machine ${m.name} {`,
      ...(m.initial === undefined ? [] : [`  initial ${m.initial}`]),
      ...(m.terminals.length ? [`  terminal ${m.terminals.join(', ')}`] : []),
      ...transitionLines(m.transitions),
      '}',
    ],
    [`reward ${m.reward} { ${m.name} }`],
  ];
  return blocks.filter((b) => b.length > 0).map((b) => b.join('\n')).join('\n\n') + '\n';
}
