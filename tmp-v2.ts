import { analyze } from './server/src/analysis/analyze';
import { itemBounds } from './server/src/analysis/bounds';
import { classifyReward, classText } from './server/src/analysis/classes';
const t = `discount 0.99
horizon 100
action a: vector[8] in [-1, 1]
signal x: number in [0, 10] = obs[0]
signal q: vector[3] in [0, 2] = obs[1:4]
prop done = x > 9
term ctrl = sum(a^2)
term rate = sum((a - prev(a))^2)
term prog = x - prev(x)
potential phi = -x
reward main {
  task (done' ? 10 : 0)
  -0.1 * sum(a^2)
  -0.01 * rate
  prog
  shaping phi
  norm(q) + q[1] + mean(q[0:2]) + sin(x) + pi
  clip [0, inf]
  replace -100 when x' > 9.5
}
`;
const a = analyze(t);
console.log(a.diagnostics.map((d) => d.code + ': ' + d.message.slice(0, 120)));
if (!a.hasErrors) for (const r of a.model.rewards) { for (const i of itemBounds(a.model, r).items) console.log(i.label, i.perStep, i.total); console.log(classifyReward(a.model, r).items.map(c => c.label + ' ' + classText(c))); }
