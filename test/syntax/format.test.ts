// `reward fmt`: golden tests (input -> expected output) for every construct and for comments
// everywhere, then properties over generated specs: idempotence, the tree unchanged, and the
// output independent of the input's spacing.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { format } from '../../server/src/syntax/print';
import { parse } from '../../server/src/syntax/parse';
import { withoutSpans } from './tree';
import { messy, neat, specArb, specText } from './spec-gen';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/syntax/${name}`, import.meta.url), 'utf8');

/** Formats `input` (lines joined with \n) and expects `expected`; the result is stable. */
function golden(input: string[] | string, expected: string[] | string, options?: { indent?: number }) {
  const text = typeof input === 'string' ? input : input.join('\n') + '\n';
  const want = typeof expected === 'string' ? expected : expected.join('\n') + '\n';
  const r = format(text, options);
  assert.equal(r.text, want);
  assert.equal(r.changed, text !== want);
  assert.deepEqual(format(r.text, options), { text: want, changed: false }, 'formatting twice changes nothing');
}

/** The tree without positions, and with the text that follows the layout (component labels,
 *  source paths) compared without spaces and with `|` `&` spelled `||` `&&`. */
function meaning(text: string): unknown {
  const r = parse(text);
  assert.deepEqual(r.diagnostics.map((d) => d.message), [], text);
  const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/\|\|?/g, '||').replace(/&&?/g, '&&');
  return JSON.parse(
    JSON.stringify(withoutSpans(r.file.declarations), (k, v) => ((k === 'label' || k === 'text') && typeof v === 'string' ? squeeze(v) : v)),
  );
}
const commentTexts = (text: string) => parse(text).file.comments.map((c) => c.text.trimEnd());

describe('spacing', () => {
  test('operators are spaced, calls and parentheses hug', () => {
    golden(['def a=-x^2+abs (x-6)*2', "term p = dist-dist'", 'def m = max( a ,b,c )'], ['def a = -x^2 + abs(x - 6) * 2', "term p = dist - dist'", 'def m = max(a, b, c)']);
  });

  test('`^` binds tightest and is written without spaces; signs hug their operand', () => {
    golden(['def p = x ^ 2 + 2 ^ - 1 + ( - x ) ^ 2', 'def n = - - x', 'def b = ! ! a'], ['def p = x^2 + 2^-1 + (-x)^2', 'def n = - -x', 'def b = !!a']);
  });

  test('`|` and `&` are printed `||` and `&&`', () => {
    golden(['prop p = a|b&c', 'ltl f = F a | G b & c'], ['prop p = a || b && c', 'ltl f = F a || G b && c']);
  });

  test('parentheses exactly as written, never added or dropped', () => {
    golden(['def a = ((x))', 'def b = ( a + b ) * c', 'def c = a + b * c', 'def d = -(x)'], ['def a = ((x))', 'def b = (a + b) * c', 'def c = a + b * c', 'def d = -(x)']);
  });

  test('numbers exactly as written', () => {
    golden(['def n = 1e-3+.5+2.+1E3+0.10+007'], ['def n = 1e-3 + .5 + 2. + 1E3 + 0.10 + 007']);
  });

  test('conditionals, comparisons, primes', () => {
    golden(["term t = at_goal'?1:0", 'def c = if a then b else if c then d else e', 'prop q = x>=1&&y!=2||z<->w->v'], [
      "term t = at_goal' ? 1 : 0",
      'def c = if a then b else if c then d else e',
      'prop q = x >= 1 && y != 2 || z <-> w -> v',
    ]);
  });
});

describe('declarations', () => {
  test('discount, horizon, continuing; one declaration per line', () => {
    golden('discount   0.99 ;horizon 500;continuing', ['discount 0.99', 'horizon 500', 'continuing']);
  });

  test('signals and actions: type colon hugs the name, ranges and paths are compact', () => {
    golden(['signal  x : number in [ -1 , 10 ] = obs [ 0 ]', 'signal y:int=obs.pos[2]', 'signal room : enum {hall,kitchen ,  office} = info . room', 'action move:enum{up,down}', 'signal c: bool', 'action a'], [
      'signal x: number in [-1, 10] = obs[0]',
      'signal y: int = obs.pos[2]',
      'signal room: enum { hall, kitchen, office } = info.room',
      'action move: enum { up, down }',
      'signal c: bool',
      'action a',
    ]);
  });

  test('an enum written over several lines keeps its lines, members indented', () => {
    golden(['signal door: enum {', '      open,', 'shut', '    }'], ['signal door: enum {', '  open,', '  shut', '}']);
  });

  test('def, term, potential, prop, exclusive', () => {
    golden(['def d=abs(x-6)', "term p=d-d'", 'potential phi=-d', 'prop c=room==kitchen', 'prop plant', 'exclusive c,plant ,  mail'], [
      'def d = abs(x - 6)',
      "term p = d - d'",
      'potential phi = -d',
      'prop c = room == kitchen',
      'prop plant',
      'exclusive c, plant, mail',
    ]);
  });

  test('ltl: temporal operators, bounds, accept and reject', () => {
    golden(['ltl safe = F(coffee&&F at_office)&&G!plant accept 1   reject -1', 'ltl b=F[2,4] a U !b W c R d&&X WX e', 'ltl g = G [ 0 , 3 ] ( a )'], [
      'ltl safe = F (coffee && F at_office) && G !plant accept 1 reject -1',
      'ltl b = F[2, 4] a U !b W c R d && X WX e',
      'ltl g = G[0, 3] (a)',
    ]);
  });

  test('blank lines: kept where there were some, collapsed to one; none at the start or end', () => {
    golden('\n\n\ndef a = 1\ndef b = 2\n\n\n\ndef c = 3\n\ndef d = 4\n\n\n', ['def a = 1', 'def b = 2', '', 'def c = 3', '', 'def d = 4']);
  });

  test('an empty file stays empty; whitespace alone becomes empty', () => {
    assert.deepEqual(format(''), { text: '', changed: false });
    assert.deepEqual(format('  \n\n\t\n'), { text: '', changed: true });
  });
});

describe('blocks', () => {
  test('machine: statements on their own lines, indented by 2, arrows aligned', () => {
    golden(['machine deliver { initial start; terminal done,broken', 'start -> carrying when coffee && !plant', 'start->broken when plant reward -1', '        carrying ->done when at_office&&!plant reward 1', '}'], [
      'machine deliver {',
      '  initial start',
      '  terminal done, broken',
      '  start    -> carrying when coffee && !plant',
      '  start    -> broken   when plant               reward -1',
      '  carrying -> done     when at_office && !plant reward 1',
      '}',
    ]);
  });

  test('transitions with several sources, `otherwise`, or no guard take no part in the alignment of `when`', () => {
    golden(['machine m {', 'a, b -> c when otherwise', 'c -> a', 'a -> b when x', '}'], ['machine m {', '  a, b -> c when otherwise', '  c -> a', '  a -> b when x', '}']);
  });

  test('reward: items on their own lines; a one-line block opens up', () => {
    golden(['reward main{deliver;0.1*progress', '  -0.01', 'task  ( x\' - x )', 'shaping   phi discount 0.9', '2*(cond); +2 * a', '}', 'reward sparse { deliver }'], [
      'reward main {',
      '  deliver',
      '  0.1 * progress',
      '  -0.01',
      "  task (x' - x)",
      '  shaping phi discount 0.9',
      '  2 * (cond)',
      '  +2 * a',
      '}',
      'reward sparse {',
      '  deliver',
      '}',
    ]);
  });

  test('empty blocks stay on one line', () => {
    golden(['machine m {', '}', 'reward r {   }'], ['machine m {}', 'reward r {}']);
  });

  test('blank lines inside a block are kept, but not right after `{` or before `}`', () => {
    golden(['reward r {', '', '  a', '', '', '  b', '', '}'], ['reward r {', '  a', '', '  b', '}']);
  });

  test('the indent option', () => {
    golden(['reward r { a; b }', 'term t = (', 'x', ')'], ['reward r {', '    a', '    b', '}', 'term t = (', '    x', ')'], { indent: 4 });
  });

  test('a block statement named like a declaration keyword stays behind `;`, so that it cannot start a declaration', () => {
    golden(['machine m { reward -> b; initial reward; b -> reward }', 'reward r { a; discount }', 'def discount = 1'], [
      'machine m { reward -> b',
      '  initial reward',
      '  b -> reward',
      '}',
      'reward r {',
      '  a; discount',
      '}',
      'def discount = 1',
    ]);
  });

  test('contextual words keep their meaning: `task`, `shaping`, `machine task`, `def shaping`, `F` outside ltl', () => {
    const input = ['machine task { initial a }', 'def shaping = F + 1', 'prop F', 'reward r { task; shaping; task shaping; shaping task discount 0.9 }'];
    golden(input, ['machine task {', '  initial a', '}', 'def shaping = F + 1', 'prop F', 'reward r {', '  task', '  shaping', '  task shaping', '  shaping task discount 0.9', '}']);
    assert.deepEqual(meaning(format(input.join('\n')).text), meaning(input.join('\n')));
  });
});

describe('version 2 (LANGUAGE.md sections 10 and 13)', () => {
  test('vector types, source slices and defaults are compact', () => {
    golden(
      ['action a : vector [ 8 ] in [ -1 , 1 ]', 'signal q: vector[7] = obs [ 0 : 14 : 2 ]', 'signal v: number = info.x_velocity   default   -1', 'signal g: vector[3] = info.goal default [ 0.5 ,0,-0.2 ]'],
      ['action a: vector[8] in [-1, 1]', 'signal q: vector[7] = obs[0:14:2]', 'signal v: number = info.x_velocity default -1', 'signal g: vector[3] = info.goal default [0.5, 0, -0.2]'],
    );
  });

  test('indexes and slices hug their operand; slice colons are tight; vector literals are spaced like calls', () => {
    golden(
      ["def h = qpos [ 2 ]+q' [0]", 'def s = ( u-v ) [ 0 : 2 ] + v[ 2: ] + v[::2]', 'def g = [ 0.5,0.0 , 0.2 ]', 'term r = sum( ( a-prev ( a ) )^2 )', 'def c = x ? v[1:3] : w[0 : 2]'],
      ["def h = qpos[2] + q'[0]", 'def s = (u - v)[0:2] + v[2:] + v[::2]', 'def g = [0.5, 0.0, 0.2]', 'term r = sum((a - prev(a))^2)', 'def c = x ? v[1:3] : w[0:2]'],
    );
  });

  test('items as expressions, clip and replace lines', () => {
    golden(
      ['reward r {', '  -ctrl', '  0.5*max(0,x)', '  ctrl*-0.1', '  +  0.5 * x', '  clip [ 0,inf ]', '  clip [-inf , +2]', "  replace -100 when crashed'||abs(x')>=1", '}'],
      ['reward r {', '  -ctrl', '  0.5 * max(0, x)', '  ctrl * -0.1', '  +0.5 * x', '  clip [0, inf]', '  clip [-inf, +2]', "  replace -100 when crashed' || abs(x') >= 1", '}'],
    );
  });

  test('a one-line block of version-2 items opens up', () => {
    golden(['reward r { a; clip [0, inf]; replace -1 when done }'], ['reward r {', '  a', '  clip [0, inf]', '  replace -1 when done', '}']);
  });
});

describe('line breaks inside brackets', () => {
  test('are kept where the user put them, continuation lines indented by the open brackets', () => {
    golden(['term outcome = (', '      if at_goal\' then 1', '   else if plant\' then -1', '        else 0', ')', 'def m = max(a,', 'b, min(c,', '  d))'], [
      'term outcome = (',
      "  if at_goal' then 1",
      "  else if plant' then -1",
      '  else 0',
      ')',
      'def m = max(a,',
      '  b, min(c,',
      '    d))',
    ]);
  });

  test('inside a block, continuation lines are indented from the block', () => {
    golden(['reward r {', '(a +', 'b)', '}'], ['reward r {', '  (a +', '    b)', '}']);
  });
});

describe('comments', () => {
  test('a comment at the end of a line stays at the end of that line', () => {
    golden(['discount 0.9    // gamma', 'horizon 10;continuing // both'], ['discount 0.9 // gamma', 'horizon 10', 'continuing // both']);
  });

  test('trailing comments of consecutive lines are aligned', () => {
    golden(['signal z: number = obs[0]   // height', 'signal angle: number = obs[1] // angle', '', 'prop p // alone'], [
      'signal z: number = obs[0]     // height',
      'signal angle: number = obs[1] // angle',
      '',
      'prop p // alone',
    ]);
  });

  test('comments inside a block stay inside, at the block indentation', () => {
    golden(['machine m {  // states', '// first', 'initial a /* the start */', '    /* before the close */', '}', '// after'], [
      'machine m { // states',
      '  // first',
      '  initial a /* the start */',
      '  /* before the close */',
      '}',
      '// after',
    ]);
  });

  test('doc comments stay above their declaration and stay its documentation', () => {
    const input = ['/// The x position.', 'signal x: number', '/** The task. */', 'machine m { initial a }', '/// not a doc', '', 'def y = 1'];
    golden(input, ['/// The x position.', 'signal x: number', '/** The task. */', 'machine m {', '  initial a', '}', '/// not a doc', '', 'def y = 1']);
    const docs = (t: string) => parse(t).file.declarations.map((d) => d.doc);
    assert.deepEqual(docs(format(input.join('\n')).text), ['The x position.', 'The task.', undefined]);
  });

  test('comments inside expressions, before and after declarations, and at the file edges', () => {
    golden(['/* head */', 'def x = 1 /* mid */ + 2 // end', '/* lead */ def y = f(a /* arg */, b)', 'term t = (', '  // inside', '  a', ')', '// tail'], [
      '/* head */',
      'def x = 1 /* mid */ + 2 // end',
      '/* lead */ def y = f(a /* arg */, b)',
      'term t = (',
      '  // inside',
      '  a',
      ')',
      '// tail',
    ]);
  });

  test('a comment between two statements joined by `;` stays with the first', () => {
    golden(['reward r { a /* of a */; b }'], ['reward r {', '  a /* of a */', '  b', '}']);
  });

  test('multi-line block comments are kept verbatim; trailing spaces of line comments go', () => {
    golden('/* one\n     two */\ndef x = 1 // spaces   \n', '/* one\n     two */\ndef x = 1 // spaces\n');
  });

  test('every comment of the messy fixture survives, in order', () => {
    const input = fixture('messy.input.reward');
    assert.deepEqual(commentTexts(format(input).text), commentTexts(input));
  });
});

describe('golden files', () => {
  for (const name of ['messy', 'office-coffee', 'lunarlander-v3']) {
    test(`${name}.input.reward formats to ${name}.expected.reward`, () => {
      golden(fixture(`${name}.input.reward`), fixture(`${name}.expected.reward`));
    });
  }

  test('a formatted file is left alone', () => {
    const formatted = fixture('messy.expected.reward');
    assert.deepEqual(format(formatted), { text: formatted, changed: false });
  });
});

describe('safety', () => {
  test('a file with syntax errors is returned unchanged', () => {
    for (const text of ['def a = 1 +* 2\ndef   b=3\n', 'machine m {\n  initial a\nreward r { m }', 'def a = 1\n/* open', 'def x = 1 @ 2', `def x = ${'('.repeat(1001)}1${')'.repeat(1001)}`]) {
      assert.deepEqual(format(text), { text, changed: false });
    }
  });

  test('line ends: \\r\\n stays \\r\\n; a byte-order mark stays', () => {
    golden('def a=1\r\n\r\n\r\ndef b=2\r\n', 'def a = 1\r\n\r\ndef b = 2\r\n');
    golden('\ufeffdef a=1', '\ufeffdef a = 1\n');
  });

  test('the meaning never changes on the golden inputs', () => {
    for (const name of ['messy', 'office-coffee', 'lunarlander-v3']) {
      const input = fixture(`${name}.input.reward`);
      assert.deepEqual(meaning(format(input).text), meaning(input), name);
    }
  });

  test('deep and long expressions format without crashing', () => {
    const deep = `def x = ${'('.repeat(1000)}-a${')'.repeat(1000)}*2\n`;
    assert.equal(format(deep).text, `def x = ${'('.repeat(1000)}-a${')'.repeat(1000)} * 2\n`);
    const long = `def x = ${Array(20000).fill('a').join('+')}\n`;
    assert.equal(format(long).text, `def x = ${Array(20000).fill('a').join(' + ')}\n`);
  });
});

describe('properties over generated specs', () => {
  const cases = fc.tuple(specArb, fc.integer());

  test('the generator writes valid specs, neat and messy', () => {
    fc.assert(
      fc.property(cases, ([spec, seed]) => {
        for (const text of [specText(spec, neat), specText(spec, messy(seed, false)), specText(spec, messy(seed, true))]) {
          assert.deepEqual(parse(text).diagnostics.map((d) => d.message), [], text);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('format is idempotent and keeps the tree and the comments', () => {
    fc.assert(
      fc.property(cases, fc.boolean(), ([spec, seed], breaks) => {
        const input = specText(spec, messy(seed, breaks));
        const once = format(input);
        assert.equal(once.changed, once.text !== input);
        assert.deepEqual(format(once.text), { text: once.text, changed: false }, `not idempotent on:\n${input}`);
        assert.deepEqual(meaning(once.text), meaning(input), `meaning changed:\n${input}\n---\n${once.text}`);
        assert.deepEqual(commentTexts(once.text), commentTexts(input));
      }),
      { numRuns: 300 },
    );
  });

  test('the output does not depend on spacing, `;` or repeated blank lines', () => {
    fc.assert(
      fc.property(cases, ([spec, seed]) => {
        const fromNeat = format(specText(spec, neat)).text;
        const fromMessy = format(specText(spec, messy(seed, false))).text;
        // A formatter that gave up on either (and returned its input) fails this too.
        assert.equal(fromMessy, fromNeat);
      }),
      { numRuns: 300 },
    );
  });
});
