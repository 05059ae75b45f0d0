// Checks that an imported file means what reward_machines makes of the original: the library's
// loading and stepping are re-enacted here straight from the text (a port of its
// `_load_reward_machine`, `evaluate_dnf` and `step`, with 0 paid when no guard holds, as its
// comments intend), and the emitted `.reward` machine is run with LANGUAGE.md section 4's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importRewardMachine } from '../../server/src/interop/rm-import';

type Info = { readonly reward_ctrl: number; readonly reward_run: number };
type RewardFn = (info: Info) => number;

// ---- the library, from the original text ----

function evaluateDnf(formula: string, trueProps: string): boolean {
  if (formula.includes('|')) return formula.split('|').some((f) => evaluateDnf(f, trueProps));
  if (formula.includes('&')) return formula.split('&').every((f) => evaluateDnf(f, trueProps));
  if (formula.startsWith('!')) return !evaluateDnf(formula.slice(1), trueProps);
  if (formula === 'True') return true;
  if (formula === 'False') return false;
  return trueProps.includes(formula);
}

const LIBRARY_REWARDS: Record<string, (arg: string) => RewardFn> = {
  ConstantRewardFunction: (c) => () => Number(c),
  RewardControl: () => (i) => i.reward_ctrl,
  RewardForward: () => (i) => i.reward_run + i.reward_ctrl,
  RewardBackwards: () => (i) => -i.reward_run + i.reward_ctrl,
};

const TERMINAL_U = -1;
interface Library {
  readonly u0: number;
  readonly delta: ReadonlyMap<number, ReadonlyMap<number, { formula: string; reward: RewardFn }>>;
}

function loadLibrary(text: string): Library {
  const lines = text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter((l) => l !== '');
  const u0 = Number(lines[0]);
  const terminals = new Set((lines[1].match(/\d+/g) ?? []).map(Number));
  const delta = new Map<number, Map<number, { formula: string; reward: RewardFn }>>();
  for (const line of lines.slice(2)) {
    const m = /^\((\d+),(\d+),'([^']*)',(\w+)\(([^)]*)\)\)$/.exec(line.replace(/\s/g, ''));
    assert.ok(m, `test reader cannot read ${line}`);
    const u1 = Number(m[1]);
    if (terminals.has(u1)) continue;
    const u2 = terminals.has(Number(m[2])) ? TERMINAL_U : Number(m[2]);
    if (!delta.has(u1)) delta.set(u1, new Map());
    delta.get(u1)!.set(u2, { formula: m[3], reward: LIBRARY_REWARDS[m[4]](m[5]) });
  }
  return { u0, delta };
}

function libraryStep(lib: Library, u: number, props: string, info: Info): { u: number; reward: number } {
  for (const [u2, { formula, reward }] of lib.delta.get(u) ?? []) {
    if (evaluateDnf(formula, props)) return { u: u2, reward: reward(info) };
  }
  return { u: TERMINAL_U, reward: 0 };
}

// ---- the imported `.reward` machine, from the emitted text ----

interface Imported {
  readonly initial: string;
  readonly terminals: ReadonlySet<string>;
  readonly transitions: readonly { from: string; to: string; guard: string; reward: RewardFn }[];
}

const IMPORTED_REWARDS: Record<string, RewardFn> = {
  "reward_ctrl'": (i) => i.reward_ctrl,
  "reward_run' + reward_ctrl'": (i) => i.reward_run + i.reward_ctrl,
  "-reward_run' + reward_ctrl'": (i) => -i.reward_run + i.reward_ctrl,
};

function loadImported(text: string): Imported {
  const initial = /^ {2}initial (\w+)$/m.exec(text)?.[1];
  assert.ok(initial, 'no initial line');
  const terminals = new Set((/^ {2}terminal (.+)$/m.exec(text)?.[1] ?? '').split(', ').filter(Boolean));
  const transitions = [...text.matchAll(/^ {2}(\w+) +-> (\w+) +when (.+?)(?: +reward (.+))?$/gm)].map((m) => ({
    from: m[1],
    to: m[2],
    guard: m[3],
    reward: m[4] === undefined ? () => 0 : (IMPORTED_REWARDS[m[4]] ?? (() => Number(m[4]))),
  }));
  return { initial, terminals, transitions };
}

function guardHolds(guard: string, props: string): boolean {
  return guard.split(' || ').some((conj) =>
    conj.split(' && ').every((lit) => {
      const atom = lit.replace(/^!/, '');
      const value = atom === 'true' ? true : atom === 'false' ? false : props.includes(atom);
      return lit.startsWith('!') ? !value : value;
    }),
  );
}

function importedStep(m: Imported, u: string, props: string, info: Info): { u: string; reward: number } {
  if (m.terminals.has(u)) return { u, reward: 0 };
  const own = m.transitions.filter((t) => t.from === u);
  const taken =
    own.find((t) => t.guard !== 'otherwise' && guardHolds(t.guard, props)) ?? own.find((t) => t.guard === 'otherwise');
  return taken ? { u: taken.to, reward: taken.reward(info) } : { u, reward: 0 };
}

// ---- the comparison ----

const LETTERS = 'abcdefghn';
const labelSet = fc.subarray([...LETTERS]).map((xs) => xs.join(''));
const info = fc.record({
  reward_ctrl: fc.double({ min: -1, max: 0, noNaN: true }),
  reward_run: fc.double({ min: -5, max: 5, noNaN: true }),
});
const trace = fc.array(fc.tuple(labelSet, info), { maxLength: 40 });

function assertSameBehaviour(name: string, source: string): void {
  const r = importRewardMachine(source, 'm');
  assert.deepEqual(r.errors, [], name);
  const lib = loadLibrary(source);
  const imported = loadImported(r.text);
  fc.assert(
    fc.property(trace, (steps) => {
      let lu = lib.u0;
      let iu = imported.initial;
      for (const [props, inf] of steps) {
        const l = libraryStep(lib, lu, props, inf);
        const i = importedStep(imported, iu, props, inf);
        assert.equal(i.reward, l.reward, `${name}: reward from u${lu} on {${props}}`);
        const libraryDone = l.u === TERMINAL_U;
        assert.equal(imported.terminals.has(i.u), libraryDone, `${name}: episode end from u${lu} on {${props}}`);
        if (libraryDone) return;
        assert.equal(i.u, `u${l.u}`, `${name}: next state from u${lu} on {${props}}`);
        lu = l.u;
        iu = i.u;
      }
    }),
    { numRuns: 200, seed: 42 },
  );
}

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reward_machines');

test('every fixture steps exactly as reward_machines steps it', () => {
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of readdirSync(join(FIXTURES, dir.name)).filter((x) => x.endsWith('.txt'))) {
      assertSameBehaviour(`${dir.name}/${f}`, readFileSync(join(FIXTURES, dir.name, f), 'utf8'));
    }
  }
});

test('repeats, merged terminal targets and transitions out of terminals step as in reward_machines', () => {
  const source = [
    '0',
    '[3, 4]',
    "(0,1,'a',ConstantRewardFunction(0))",
    "(0,0,'!a&!b',ConstantRewardFunction(-1))",
    "(0,1,'a&c|b',ConstantRewardFunction(2))",
    "(1,3,'d',ConstantRewardFunction(10))",
    "(1,1,'!d&!e',RewardForward())",
    "(1,4,'e',ConstantRewardFunction(-10))",
    "(3,0,'True',ConstantRewardFunction(99))",
    "(0,0,'!!c&False',RewardControl())",
  ].join('\n');
  assertSameBehaviour('synthetic', source);
});
