// Every imported file is valid `.reward`: the project's own parser reads it with no diagnostic,
// and finds the declarations and transitions the import wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { importRewardMachine } from '../../server/src/interop/rm-import';
import { parse } from '../../server/src/syntax/parse';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reward_machines');

const SYNTHETIC: Record<string, string> = {
  cheetah: ['0', '[]', "(0,0,'!a',RewardForward())", "(0,1,'a',RewardBackwards())", "(1,1,'True',ConstantRewardFunction(-0.5))", "(1,0,'!!b|False',RewardControl())"].join('\n'),
  repeats: ['0', '[2, 3]', "(0,2,'a',ConstantRewardFunction(1e-7))", "(0,3,'b',ConstantRewardFunction(-1))", "(2,0,'c',ConstantRewardFunction(5))", "(0,1,'c',ConstantRewardFunction(1e300))"].join('\n'),
  broken: ["__import__('os')", '[oops', "(0,1,'a&',Foo())", "(0,1,'a',ConstantRewardFunction(2))"].join('\n'),
  '9 lives.v2': ['0', '[1]', "(0,1,'a',ConstantRewardFunction(1))"].join('\n'),
  a: ['0', '[1]', "(0,1,'a',ConstantRewardFunction(1))"].join('\n'),
};

function inputs(): [string, string][] {
  const files = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.txt')).map((f) => join(d.name, f)));
  return [
    ...files.map((f): [string, string] => [f.replace(/^.*\/|\.txt$/g, ''), readFileSync(join(FIXTURES, f), 'utf8')]),
    ...Object.entries(SYNTHETIC),
  ];
}

test('every imported file parses with no diagnostics', () => {
  for (const [stem, source] of inputs()) {
    const r = importRewardMachine(source, stem);
    const { file, diagnostics } = parse(r.text);
    assert.deepEqual(diagnostics.map((d) => d.message), [], `${stem}:\n${r.text}`);
    const machines = file.declarations.filter((d) => d.kind === 'machine');
    assert.equal(machines.length, 1, stem);
    const machine = machines[0];
    if (machine.kind !== 'machine') continue;
    const written = r.text.split('\n').filter((l) => l.includes(' -> ')).length;
    assert.equal(machine.statements.filter((s) => s.kind === 'transition').length, written, stem);
    const props = file.declarations.filter((d) => d.kind === 'prop').length;
    assert.equal(props, r.text.split('\n').filter((l) => l.startsWith('prop ')).length, stem);
    assert.equal(file.declarations.filter((d) => d.kind === 'reward').length, 1, stem);
  }
});
