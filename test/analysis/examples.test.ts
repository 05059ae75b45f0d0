// Every example spec gets exactly the diagnostics its `// expect: CODE` comments promise
// (examples/README.md): errors and warnings match exactly, line by line; a listed hint or
// information must appear, unlisted ones may.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { CODES, type Code } from '../../server/src/base/diagnostic';
import { LineIndex } from '../../server/src/base/line-index';

const dirs = ['examples', join('examples', 'gymnasium')];
const specs = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.reward')).map((f) => join(d, f)));

/** `line:code` for every expectation, 1-based lines. */
function expectations(text: string): string[] {
  const out: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /\/\/\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/.exec(line);
    if (m) for (const code of m[1].split(',')) out.push(`${i + 1}:${code.trim()}`);
  });
  return out.sort();
}

test('the examples directory holds the specs this test judges', () => {
  assert.ok(specs.length >= 12, `found only ${specs.length} specs`);
  assert.ok(specs.some((s) => s.includes('gymnasium')));
});

for (const spec of specs) {
  test(`${spec}: the diagnostics its comments promise`, () => {
    const text = readFileSync(spec, 'utf8');
    const a = analyze(text);
    const lines = new LineIndex(text);
    const got = a.diagnostics.map((d) => ({ key: `${lines.lineNumber(d.span.start)}:${d.code}`, severity: d.severity, message: d.message }));
    const expected = expectations(text);
    const loud = got.filter((d) => d.severity === 'error' || d.severity === 'warning');
    const expectedLoud = expected.filter((k) => {
      const severity = CODES[k.slice(k.indexOf(':') + 1) as Code];
      return severity === 'error' || severity === 'warning';
    });
    assert.deepEqual(loud.map((d) => d.key).sort(), expectedLoud, `errors and warnings of ${spec}:\n${loud.map((d) => `${d.key} ${d.message}`).join('\n')}`);
    for (const k of expected) assert.ok(got.some((d) => d.key === k), `${spec}: expected ${k}, got:\n${got.map((d) => `${d.key} ${d.severity}`).join('\n')}`);
  });
}

// The bad and the fixed example of each docs page of the shaping and incentive codes.
const PAGES: readonly Code[] = ['shaping-discount-mismatch', 'not-potential-based', 'discount-undeclared', 'auxiliary-may-dominate', 'living-reward-incentive', 'unbounded-reward'];

for (const code of PAGES) {
  test(`docs/diagnostics/${code}.md: the example gets ${code}, the fixed one does not`, () => {
    const page = readFileSync(join('docs', 'diagnostics', `${code}.md`), 'utf8');
    const blocks = [...page.matchAll(/```reward\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 2, 'a bad and a fixed example');
    const [bad, fixed] = blocks;
    const badCodes = analyze(bad).diagnostics.map((d) => d.code);
    assert.ok(badCodes.includes(code), `the example gets ${badCodes.join(', ') || 'nothing'}`);
    const after = analyze(fixed);
    assert.equal(after.hasErrors, false);
    assert.ok(!after.diagnostics.some((d) => d.code === code), `the fixed example still gets ${code}`);
  });
}
