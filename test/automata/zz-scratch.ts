import { ltlToDfa } from '../../server/src/automata/dfa';
import type { Ltl } from '../../server/src/automata/ltl';
const a = (i: number): Ltl => ({ kind: 'atom', atom: i });
for (let rep = 0; rep < 1; rep++) {
  let t = performance.now();
  let f: Ltl = { kind: 'eventually', f: a(11) };
  for (let i = 10; i >= 0; i--) f = { kind: 'eventually', f: { kind: 'and', l: a(i), r: f } };
  ltlToDfa(f, 12);
  console.log('chain', performance.now() - t); t = performance.now();
  ltlToDfa({ kind: 'eventually', f: a(0), bound: [0, 50] }, 12);
  console.log('F50', performance.now() - t);
}
