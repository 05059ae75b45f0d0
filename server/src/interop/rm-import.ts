// `reward import rm`: turns a reward_machines task file into `.reward` source with the meaning
// that library gives it (RewardMachine._load_reward_machine and step, Toro Icarte et al.).
import { parseRmFile, type Guard, type Literal, type RewardFunction, type RmTransition } from './rm-format';
import { uncoveredLabelSet } from './rm-coverage';
import { renderMachine, type RenderedTransition } from './rm-render';

export interface RmImportResult {
  /** The .reward source. */
  readonly text: string;
  /** 1-based lines of the input. */
  readonly warnings: readonly { line: number; message: string }[];
  /** Unreadable lines: reported, the rest still imported. */
  readonly errors: readonly { line: number; message: string }[];
}

export interface RmImportOptions {
  /** The input's path as the user named it, for the header comment; defaults to `STEM.txt`. */
  readonly fileName?: string;
}

interface Message {
  line: number;
  message: string;
}

/** Where the reward functions of the mujoco tasks read their values: the reached state's info. */
const SIGNALS = {
  reward_ctrl: 'info.reward_ctrl',
  reward_run: 'info.reward_run',
} as const;
type SignalName = keyof typeof SIGNALS;

// Words that cannot name a machine without confusing the `.reward` parser: the reserved words
// and the words that start a declaration or mark an item.
const KEYWORDS = new Set([
  'true', 'false', 'if', 'then', 'else', 'in',
  'discount', 'horizon', 'continuing', 'signal', 'action', 'def', 'prop', 'exclusive', 'term',
  'potential', 'machine', 'ltl', 'reward', 'task', 'shaping', 'otherwise',
]);

/** A valid `.reward` name from a file stem: bad characters become `_`, a leading digit gets `_`. */
export function machineNameFromStem(stem: string): string {
  const cleaned = stem.replace(/[^A-Za-z0-9_]/g, '_');
  const name = cleaned === '' ? 'rm' : /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
  return KEYWORDS.has(name) ? `${name}_` : name;
}

/** `base`, or `base_2`, `base_3`, ... whichever is first not in `used`. */
export function freshName(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  let i = 2;
  while (used.has(`${base}_${i}`)) i++;
  return `${base}_${i}`;
}

const stateName = (k: number): string => `u${k}`;

function literalText(lit: Literal): string {
  if (lit.kind === 'const') return String(lit.value);
  return lit.negated ? `!${lit.name}` : lit.name;
}

/** `a&!b|c` becomes `a && !b || c`: `&&` binds tighter than `||` in `.reward` too. */
export function guardText(guard: Guard): string {
  return guard.map((conj) => conj.map(literalText).join(' && ')).join(' || ');
}

function signalsOf(r: RewardFunction): readonly SignalName[] {
  if (r.kind === 'control') return ['reward_ctrl'];
  if (r.kind === 'forward' || r.kind === 'backwards') return ['reward_run', 'reward_ctrl'];
  return [];
}

/** The `.reward` expression of a reward function; undefined for the default, 0. */
export function rewardText(r: RewardFunction): string | undefined {
  switch (r.kind) {
    case 'constant':
      return r.value === 0 ? undefined : String(r.value);
    case 'control':
      return "reward_ctrl'";
    case 'forward':
      return "reward_run' + reward_ctrl'";
    case 'backwards':
      return "-reward_run' + reward_ctrl'";
  }
}

/**
 * The transitions the library keeps, in the order it tries them. Its `delta_u[u1]` is a
 * dictionary keyed by the target, and every terminal target is first replaced by the one
 * `terminal_u`; a later line with the same key overwrites the value but keeps the key's place.
 * Decision: two transitions from one state to two *different* terminal states therefore share a
 * key too, and only the later one survives (its guard, reward and target), at the earlier
 * place, with a warning. That is what the library runs, so that is what the import keeps.
 */
function loadLikeLibrary(
  transitions: readonly RmTransition[],
  terminals: ReadonlySet<number>,
  warn: (m: Message) => void,
): readonly RmTransition[] {
  const kept: RmTransition[] = [];
  const slot = new Map<string, number>();
  for (const t of transitions) {
    if (terminals.has(t.from)) {
      warn({
        line: t.line,
        message: `transition out of terminal state ${stateName(t.from)} skipped: reward_machines ignores transitions from terminal states`,
      });
      continue;
    }
    const key = `${t.from} ${terminals.has(t.to) ? 'terminal' : t.to}`;
    const at = slot.get(key);
    if (at === undefined) {
      slot.set(key, kept.length);
      kept.push(t);
      continue;
    }
    const earlier = kept[at];
    const message =
      earlier.to === t.to
        ? `repeated transition ${stateName(t.from)} -> ${stateName(t.to)} (first on line ${earlier.line}): ` +
          `this line's guard and reward replace the earlier ones, at the earlier place, as in reward_machines`
        : `${stateName(t.from)} -> ${stateName(t.to)} and ${stateName(t.from)} -> ${stateName(earlier.to)} (line ${earlier.line}) ` +
          `both lead to a terminal state, which reward_machines merges into one: this line replaces line ${earlier.line}`;
    warn({ line: t.line, message });
    kept[at] = t;
  }
  return kept;
}

export function importRewardMachine(source: string, stem: string, options: RmImportOptions = {}): RmImportResult {
  const file = parseRmFile(source);
  const warnings: Message[] = [];
  const warn = (m: Message): void => {
    warnings.push(m);
  };
  const terminals = new Set(file.terminals);
  const kept = loadLikeLibrary(file.transitions, terminals, warn);

  const initial = file.initial?.state;
  if (file.initial && terminals.has(file.initial.state)) {
    warn({
      line: file.initial.line,
      message: `the initial state ${stateName(file.initial.state)} is terminal: the machine never moves (reward_machines stops with an error here)`,
    });
  }

  // Every non-terminal state the machine can be in, in order of first mention.
  const states = [...new Set([...(initial === undefined ? [] : [initial]), ...kept.flatMap((t) => [t.from, t.to])])].filter(
    (s) => !terminals.has(s),
  );
  const endName = freshName('u_end', new Set([...states, ...terminals].map(stateName)));

  // That library ends the episode when no guard of the current state holds, with reward 0 as its
  // comments intend (its code would pay the reward of a transition into a terminal state instead,
  // a defect not copied here). A state none of whose guards can fail needs nothing.
  const lastFrom = new Map(kept.map((t, i) => [t.from, i]));
  const guardsFrom = new Map<number, Guard[]>();
  for (const t of kept) {
    const own = guardsFrom.get(t.from);
    if (own) own.push(t.guard);
    else guardsFrom.set(t.from, [t.guard]);
  }
  const fallsOff = new Set<number>();
  for (const s of states) {
    const guards = guardsFrom.get(s) ?? [];
    if (uncoveredLabelSet(guards) !== undefined) fallsOff.add(s);
    if (guards.length === 0) {
      const line = kept.find((t) => t.to === s)?.line ?? file.initial?.line ?? 1;
      warn({
        line,
        message: `state ${stateName(s)} has no transitions: reward_machines stops with an error when it gets there; the import ends the episode instead (${stateName(s)} -> ${endName})`,
      });
    }
  }
  const toEnd = (s: number): RenderedTransition => ({ from: stateName(s), to: endName, guard: 'otherwise' });
  const transitions: RenderedTransition[] = kept.flatMap((t, i) => {
    const own: RenderedTransition = { from: stateName(t.from), to: stateName(t.to), guard: guardText(t.guard), reward: rewardText(t.reward) };
    return fallsOff.has(t.from) && lastFrom.get(t.from) === i ? [own, toEnd(t.from)] : [own];
  });
  transitions.push(...states.filter((s) => fallsOff.has(s) && !lastFrom.has(s)).map(toEnd));

  const props = [...new Set(kept.flatMap((t) => t.guard.flat().flatMap((l) => (l.kind === 'prop' ? [l.name] : []))))].sort();
  const signalNames = new Set(kept.flatMap((t) => signalsOf(t.reward)));
  const signals = (Object.keys(SIGNALS) as SignalName[]).filter((n) => signalNames.has(n)).map((name) => ({ name, source: SIGNALS[name] }));
  const rewardName = 'main';
  const name = freshName(machineNameFromStem(stem), new Set([...props, ...signalNames, rewardName]));

  const comments = [
    `Imported by \`reward import rm\` from ${options.fileName ?? `${stem}.txt`} (reward_machines text format).`,
    ...(fallsOff.size
      ? [`${endName}: reward_machines ends the episode (reward 0) when no guard of the current state holds.`]
      : []),
  ];
  const text = renderMachine({
    comments,
    signals,
    props,
    name,
    initial: initial === undefined ? undefined : stateName(initial),
    terminals: [...[...terminals].map(stateName), ...(fallsOff.size ? [endName] : [])],
    transitions,
    reward: rewardName,
  });
  return { text, warnings: [...warnings].sort((a, b) => a.line - b.line), errors: file.errors };
}
