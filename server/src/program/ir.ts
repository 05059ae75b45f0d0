import type { Dfa } from '../automata/dfa';
import type { Span } from '../base/span';
import type { RecordLayout } from '../eval/layout';

/**
 * The lowered program: the meaning of a checked spec, once, for every backend.
 *
 * Data flows text -> tree -> checked model (names/) -> **program** (here) -> the generated
 * evaluator (eval/), the exports (export/), the bounds and interval analyses, the preview
 * and the automaton views. A backend reads only the program for the meaning of a spec; it
 * goes back to the tree only for text (spans, comments, labels as written).
 *
 * ## Values
 * One instruction array, `code`, for the whole spec (every reward block, machine, formula
 * and prop), flat and topologically ordered: an instruction's `args` are indexes of earlier
 * instructions, so every backend is one loop over the array and no pass recurses on the
 * shape of an expression (stack-safe by construction: a 100,000-term sum is 100,000
 * instructions, not a tree of depth 100,000). Common subexpressions are shared (hash-consed:
 * the same op on the same args is one instruction), so `x - x'` and a def used in ten items
 * each cost one read and one evaluation.
 *
 * Every instruction is pure: its value depends only on its args and on the step's inputs
 * (the two records, the `prev` values). A backend may therefore compute all of them eagerly
 * in array order, as the generated evaluator does: a conditional computes both branches and
 * picks one, which gives the same numbers as a lazy tree walk (NaN in the branch not taken
 * goes nowhere). The state a step reads (machine states, formula states, `prev` values)
 * is not an instruction; machines, formulas and items below read instructions by index.
 *
 * Numbers are float64. A bool is 0 or 1 (every boolean op yields exactly 0 or 1; any
 * nonzero input counts as true). An enum value is its member's 0-based index. A vector of
 * length N (`shape` N >= 1; 0 is a scalar) is N such numbers; vectors do not nest.
 *
 * ## Reading the step
 * Step t is (s_t, a_t, s_{t+1}). The evaluator receives records laid out by `layout`
 * (eval/layout.ts: one Float64Array per record, a vector occupying `shape` consecutive slots
 * from `slot`): `cur` holding s_t, `action` holding a_t (on a trajectory the same record as
 * `cur`; EPIC's drawn transitions pair a state with another record's action) and `next`
 * holding s_{t+1} (its action slots are never read). A `load` says which record
 * and which slots. A prop as a label L_t (in guards and `ltl` atoms) or a primed prop in an
 * item reads state names on `next` and actions on `cur`: lowering resolves that, so a
 * backend never thinks about labels or primes, only about `load.record`.
 *
 * `prev(NAME)` is a `prev` instruction reading slots of the evaluator's `prev` buffer
 * (`Program.prev`): at the end of every step the backend stores, for each entry, the value of
 * instruction `value` (NAME at this step) into its slots, and at an episode's start it fills
 * them with the entry's `initial` values (the declared default, else zeros).
 *
 * ## Items
 * Each reward block lists its items in source order with kind, role, weight and component
 * key decided here, once (`item-roles`: see `Role`). A step's reward is computed per block:
 *   1. every item except `clip` and `replace` gives a weighted value (`components[i]`);
 *   2. a `clip` (at most one) is worth clamp(S, lo, hi) - S, S the sum of the items above it
 *      (replace items excluded); items below it are added unclipped;
 *      The running sum then *is* clamp(S, lo, hi) (not S + (clamp - S), which may round).
 *   3. the first `replace` whose `when` holds is worth value - T, T everything else the step
 *      would pay (clip included); the other replace items are 0. The step's reward is then
 *      `value` itself when T is finite, NaN when it is not (a non-finite item still makes the
 *      step non-finite).
 * Summation order is source order (float addition is not associative; every backend adds in
 * this order so that results are bit-identical).
 */

/** 0 for a scalar, N >= 1 for a vector of N elements. */
export type Shape = number;

/** What an instruction's elements hold: numbers (enum member indexes included) or 0/1 truths. */
export type Element = 'number' | 'bool';

export type UnaryOp = '-' | '!';
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '^'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '&&' | '||' | '->' | '<->';

/** Which record a `load` reads: s_t (`cur`), a_t (`action`: on a trajectory the record of s_t) or s_{t+1} (`next`). */
export type RecordRef = 'cur' | 'action' | 'next';

export type Op =
  /** A number (bools 0/1, enum members their index). `value` is finite. */
  | { readonly op: 'const'; readonly value: number }
  /** Slots [slot, slot + max(1, shape)) of a record. */
  | { readonly op: 'load'; readonly record: RecordRef; readonly slot: number }
  /** Slots [slot, slot + max(1, shape)) of the `prev` buffer. */
  | { readonly op: 'prev'; readonly slot: number }
  /** Element-wise when the operand is a vector. */
  | { readonly op: 'unary'; readonly fn: UnaryOp }
  /** Element-wise; a scalar operand beside a vector applies to every element. */
  | { readonly op: 'binary'; readonly fn: BinaryOp }
  /** args [test, then, else]. A scalar test picks a whole branch; a vector test picks per element. */
  | { readonly op: 'cond' }
  /** A built-in of the function table (functions.ts), by name. */
  | { readonly op: 'call'; readonly fn: string }
  /** Element `index` of a vector arg. */
  | { readonly op: 'index'; readonly index: number }
  /** Elements start, start + step, ... below stop of a vector arg (step >= 1). */
  | { readonly op: 'slice'; readonly start: number; readonly stop: number; readonly step: number }
  /** A vector of its scalar args, in order (`[e1, e2, ...]`). */
  | { readonly op: 'pack' };

export type Instr = Op & {
  readonly args: readonly number[];
  readonly shape: Shape;
  readonly element: Element;
};

/** A state-carrying input: what `prev(NAME)` reads. */
export interface PrevEntry {
  /** The declaration named. */
  readonly name: string;
  /** First slot in the `prev` buffer; the entry holds max(1, shape) slots. */
  readonly slot: number;
  readonly shape: Shape;
  /** The instruction whose value at step t is `prev(NAME)` at step t + 1. */
  readonly value: number;
  /** The values on an episode's first step: the declared default, else zeros. */
  readonly initial: readonly number[];
}

export interface Transition {
  readonly to: number;
  /** Instruction of the guard read as a label (on a_t, s_{t+1}); absent for `otherwise`. */
  readonly guard?: number;
  /** Instruction of the transition reward on (s_t, a_t, s_{t+1}); absent when 0. */
  readonly reward?: number;
  /** The statement's span in the spec (for views and messages). */
  readonly span: Span;
}

export interface Machine {
  readonly name: string;
  readonly states: readonly string[];
  readonly initial: number;
  readonly terminal: readonly boolean[];
  /** Per state, its written transitions in source order; first guard that holds wins, then `otherwise`. */
  readonly transitions: readonly (readonly Transition[])[];
}

export interface Ltl {
  readonly name: string;
  /** The minimal DFA over `atoms` (bit k of a letter: atoms[k] holds). */
  readonly dfa: Dfa;
  /** The props of the formula, in order of first use. */
  readonly atoms: readonly string[];
  /** Instruction of each atom's label L_t. */
  readonly atomCode: readonly number[];
  /** The label sets the `exclusive` groups allow. */
  readonly letters: readonly number[];
  /** Per DFA state: 1 every continuation accepted, -1 none is, 0 open. */
  readonly verdict: Int8Array;
  /** Instructions of the values emitted on the deciding step (on s_t, a_t, s_{t+1}). */
  readonly accept: number;
  readonly reject: number;
}

export interface Prop {
  readonly name: string;
  /** Instruction of the label L_t (on a_t, s_{t+1}). */
  readonly label: number;
  /** External (`prop NAME` with no body): read from the record's labels. */
  readonly external: boolean;
}

/**
 * An item's role, decided here once for the preview, the analyses and the exports
 * (LANGUAGE.md sections 6 and 13; docs/language.md records the choices):
 * - `task`: machines, `ltl` items, items marked `task`, `replace` items, and every value
 *   item of a block that has no task item at all (a plain Markov reward);
 * - `auxiliary`: the other value items;
 * - `shaping`: `shaping` items, marked `task` or not (they telescope);
 * - `clip`: the clip line.
 */
export type Role = 'task' | 'auxiliary' | 'shaping' | 'clip';

export type ItemKind =
  /** weight * value. A constant item is a `const` value of weight 1. */
  | { readonly kind: 'value'; readonly weight: number; readonly value: number }
  /** weight * the machine's transition reward this step. */
  | { readonly kind: 'machine'; readonly weight: number; readonly machine: number }
  /** weight * the formula's accept/reject value on its deciding step, else 0. */
  | { readonly kind: 'ltl'; readonly weight: number; readonly ltl: number }
  /** gamma * phi(s_{t+1}) - phi(s_t), phi(s_{t+1}) := 0 when the step terminates the episode. */
  | { readonly kind: 'potential'; readonly current: number; readonly next: number }
  /** gamma * Phi(u_{t+1}) - Phi(u_t) over the machine's states, Phi(u_{t+1}) := 0 on termination. */
  | { readonly kind: 'machine-shaping'; readonly machine: number; readonly potential: readonly number[] }
  /** clamp(S, lo, hi) - S over the items above (replace excluded); lo, hi may be infinite. */
  | { readonly kind: 'clip'; readonly lo: number; readonly hi: number }
  /** When `when` holds (first such replace): value - (everything else of the step), else 0. */
  | { readonly kind: 'replace'; readonly value: number; readonly when: number };

export type Item = ItemKind & {
  /** The component key (LANGUAGE.md section 8): the item as written, ` #2` for repeats. */
  readonly key: string;
  /** The item as written, without `task`, whitespace collapsed. */
  readonly label: string;
  readonly role: Role;
  readonly span: Span;
};

export interface Reward {
  readonly name: string;
  readonly items: readonly Item[];
  /** Index of the clip item, -1 when none. */
  readonly clip: number;
}

export interface Program {
  readonly layout: RecordLayout;
  /** gamma: the declared discount, or 1 when none is declared. */
  readonly gamma: number;
  readonly continuing: boolean;
  readonly horizon?: number;
  readonly code: readonly Instr[];
  readonly prev: readonly PrevEntry[];
  /** Slots of the `prev` buffer. */
  readonly prevWidth: number;
  /** Every declared prop, in declaration order (the `props` of the output). */
  readonly props: readonly Prop[];
  /** Every declared machine, in declaration order. */
  readonly machines: readonly Machine[];
  /** Every declared `ltl` item, in declaration order. */
  readonly ltls: readonly Ltl[];
  /** Every reward block, the default first. */
  readonly rewards: readonly Reward[];
  /** Per declaration (def, term, potential, prop body) read on s_t, its instruction when lowered. */
  readonly declarations: ReadonlyMap<string, number>;
}
