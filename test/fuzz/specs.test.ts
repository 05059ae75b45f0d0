// Fuzzing of everything that reads a spec (pipeline.ts): byte-level mutations of the
// examples, specs from the grammar (test/syntax/spec-gen.ts, written neatly and messily),
// token soup, and valid specs with every feature (test/export/spec-gen.ts). Nothing throws,
// no step takes more than a second, the formatter is idempotent and keeps the diagnostics.
import { test } from 'node:test';
import fc from 'fast-check';
import { generateCase } from '../export/spec-gen';
import { messy, neat, specArb, specText } from '../syntax/spec-gen';
import { report, runs, seed } from './budget';
import { EXAMPLES } from './examples';
import { mutateText, mutationsArb } from './mutate';
import { pipeline } from './pipeline';

const texts = EXAMPLES.map((e) => e.text);

function property<T>(target: string, arb: fc.Arbitrary<T>, base: number, toText: (v: T) => string): void {
  test(`${target}: ${runs(base)} inputs, no throw, no step over a second, formatter idempotent and faithful`, () => {
    let inputs = 0;
    fc.assert(
      fc.property(arb, (v) => {
        inputs++;
        pipeline(toText(v));
      }),
      { numRuns: runs(base), seed: seed(), endOnFailure: true },
    );
    report({ target: `spec pipeline: ${target}`, inputs });
  });
}

property('mutated examples', fc.tuple(fc.nat(texts.length - 1), mutationsArb), 300, ([i, ms]) => mutateText(texts[i], ms));

property('grammar-generated specs', fc.tuple(specArb, fc.nat(), fc.boolean(), fc.boolean()), 200, ([spec, s, isMessy, breaks]) => specText(spec, isMessy ? messy(s, breaks) : neat));

const TOKENS = [
  'discount', 'horizon', 'continuing', 'signal', 'action', 'def', 'prop', 'exclusive', 'term', 'potential', 'machine', 'ltl', 'reward', 'task', 'shaping',
  'initial', 'terminal', 'when', 'otherwise', 'accept', 'reject', 'in', 'enum', 'number', 'int', 'bool', 'true', 'false', 'if', 'then', 'else',
  'X', 'WX', 'F', 'G', 'U', 'R', 'W', 'x', 'y', 'm', 'p', 'a', 'obs', 'info', '0', '1', '0.5', '1e3', '-', '+', '*', '/', '%', '^', '!', '&&', '||',
  '|', '&', '==', '!=', '<', '<=', '>', '>=', '->', '<->', '?', ':', '=', ',', '.', ';', "'", '(', ')', '[', ']', '{', '}', '\n', '//c\n', '/*', '*/',
];
property('token soup', fc.array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', '', '\n', '\t', '  ')), { maxLength: 120 }), 300, (ts) => ts.map(([t, s]) => t + s).join(''));

property('valid specs with every feature', fc.integer({ min: 0, max: 2 ** 30 }), 150, (s) => generateCase(s).spec);
