// The TextMate grammar through vscode-tmgrammar-test (the cases in test/grammar/cases, a
// generated robustness file), and the well-formedness of the grammar, language configuration
// and snippet JSON files that package.json contributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { expandSnippet } from './snippet-body';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GRAMMAR = join(ROOT, 'syntaxes', 'reward.tmLanguage.json');
const CASES = join(ROOT, 'test', 'grammar', 'cases');
const DECLARATION_KEYWORDS = [
  'discount', 'horizon', 'continuing', 'signal', 'action', 'def', 'prop', 'exclusive', 'term',
  'potential', 'machine', 'ltl', 'reward',
];

function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(join(ROOT, relative), 'utf8'));
}

function tmGrammarCli(): string {
  const pkg = createRequire(import.meta.url).resolve('vscode-tmgrammar-test/package.json');
  return join(dirname(pkg), 'dist', 'unit.js');
}

/** Runs the vscode-tmgrammar-test CLI on the given test files against the grammar. */
function runCases(files: readonly string[]): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [tmGrammarCli(), '--compact', '-g', GRAMMAR, ...files], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}${r.error ? String(r.error) : ''}` };
}

function withTempCase<T>(name: string, text: string, use: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'reward-grammar-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  const result = use(file);
  rmSync(dir, { recursive: true, force: true });
  return result;
}

test('every grammar test case passes', () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.reward')).map((f) => join(CASES, f));
  assert.ok(files.length >= 8, `expected the grammar cases in ${CASES}`);
  const { status, output } = runCases(files);
  assert.equal(status, 0, output);
});

test('the test CLI reports a wrong scope and a forbidden scope', () => {
  const wrong = [
    '// SYNTAX TEST "source.reward" "must fail"',
    'def F = 1',
    '//  ^ keyword.operator.temporal.reward',
    'ltl f = F a',
    '//      ^ - keyword.operator.temporal.reward',
    '',
  ].join('\n');
  const { status, output } = withTempCase('wrong.reward', wrong, (f) => runCases([f]));
  assert.notEqual(status, 0, output);
  assert.match(output, /wrong\.reward:2:.*missing required scopes:\W*keyword\.operator\.temporal\.reward/i);
  assert.match(output, /wrong\.reward:4:.*prohibited scopes:\W*keyword\.operator\.temporal\.reward/i);
});

// Pieces of half-written specs: unclosed brackets, blocks, enums, formulas, stray closers.
const GARBAGE = [
  '(', ')', '[', ']', '{', '}', ';', ',', "'", '"', '->', '<->', '/', '*', '*/', '//', '///', '#',
  'F', 'G[1,', 'X', 'WX', 'U', '=', ':', '?', 'in', 'if', 'enum {', 'machine m {', 'reward r {',
  'ltl f = F (', 'signal s: enum {', 'def d = (', 'prop', 'task', 'shaping', 'accept', 'reject',
  'when', 'initial', 'terminal', 'otherwise', 'a -> b when (', 'a, b ->', '0.5e', '1e-', "x'",
  '`', '\\', '$', 'é', '\t', 'obs[0', 'info.', '= obs[', 'discount', 'x', '0.1 *',
];
const STRAY_SCOPES =
  'meta.parens.reward meta.brackets.reward meta.enum.reward meta.block.machine.reward ' +
  'meta.block.reward.reward meta.transition.reward comment.block.reward comment.block.documentation.reward';
// Each probe is a declaration line with assertions that hold only if nothing before it leaks.
const PROBES: readonly (readonly string[])[] = [
  ['signal probe: number = obs[0]', `// <------ storage.type.signal.reward - ${STRAY_SCOPES}`,
    '//     ^^^^^ variable.other.signal.reward', '//                     ^^^^^^ string.unquoted.source-path.reward'],
  ['reward probe { x }', `// <------ storage.type.reward.reward - ${STRAY_SCOPES}`,
    '//     ^^^^^ entity.name.type.reward.reward'],
  ['ltl probe = F a', `// <--- storage.type.ltl.reward - ${STRAY_SCOPES}`,
    '//          ^ keyword.operator.temporal.reward'],
  ['def probe = F', `// <--- storage.type.def.reward - ${STRAY_SCOPES}`,
    '//          ^ variable.other.reward - keyword.operator.temporal.reward'],
];

/** A garbage line that opens no block comment (those run on, as in every C-like grammar). */
function garbageLine(tokens: readonly (readonly [string, string])[]): string {
  let line = tokens.map(([t, sep]) => t + sep).join('');
  while (line.includes('/*')) line = line.replace('/*', '/ *');
  // A line that starts with `//` and a caret would be read as an assertion by the test CLI.
  return line.startsWith('//') ? ` ${line}` : line;
}

test('no unfinished construct leaks past the next declaration line', () => {
  const token = fc.tuple(fc.constantFrom(...GARBAGE), fc.constantFrom('', ' ', '  '));
  const chunk = fc.tuple(
    fc.array(fc.array(token, { maxLength: 10 }).map(garbageLine), { minLength: 1, maxLength: 5 }),
    fc.constantFrom(...PROBES),
  );
  const chunks = fc.sample(chunk, { seed: 4242, numRuns: 200 });
  const text = [
    '// SYNTAX TEST "source.reward" "generated: garbage, then a declaration"',
    ...chunks.flatMap(([garbage, probe]) => [...garbage, ...probe]),
    '',
  ].join('\n');
  const { status, output } = withTempCase('recovery.generated.reward', text, (f) => runCases([f]));
  assert.equal(status, 0, output);
});

test('the grammar is a well-formed TextMate grammar for source.reward', () => {
  const grammar = readJson('syntaxes/reward.tmLanguage.json') as {
    scopeName: string;
    patterns: unknown[];
    repository: Record<string, unknown>;
  };
  assert.equal(grammar.scopeName, 'source.reward');
  const includes: string[] = [];
  const regexes: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'include' && typeof value === 'string') includes.push(value);
      else if (['match', 'begin', 'end'].includes(key) && typeof value === 'string') regexes.push(value);
      else walk(value);
    }
  };
  walk(grammar);
  const missing = includes.filter((i) => !(i.startsWith('#') && i.slice(1) in grammar.repository));
  assert.deepEqual(missing, [], 'includes that name no repository rule');
  const used = new Set(includes.map((i) => i.slice(1)));
  const unused = Object.keys(grammar.repository).filter((k) => !used.has(k));
  assert.deepEqual(unused, [], 'repository rules nothing includes');
  // Oniguruma is a superset of what these regexes use; a JS compile catches typos in rules that
  // the cases happen not to reach (vscode-textmate compiles lazily).
  for (const r of regexes) assert.doesNotThrow(() => new RegExp(r), r);
  for (const kw of DECLARATION_KEYWORDS) {
    assert.ok(`declaration-${kw}` in grammar.repository, `no declaration rule for \`${kw}\``);
  }
});

test('the language configuration parses and uses the grammar’s comment tokens', () => {
  const config = readJson('language-configuration.json') as {
    comments: { lineComment: string; blockComment: [string, string] };
  };
  assert.equal(config.comments.lineComment, '//');
  assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
});

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

/** Brackets balance outside comments, and every line at depth 0 starts a declaration. */
function shapeProblems(text: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const line of text.split('\n')) {
    const code = line.replace(/\/\/.*$/, '');
    if (stack.length === 0 && code.trim() !== '') {
      const first = /^[A-Za-z_]+/.exec(code)?.[0] ?? '';
      if (!DECLARATION_KEYWORDS.includes(first)) problems.push(`line does not start a declaration: ${line}`);
    }
    if (stack.length > 0 && code.trim() !== '' && !/^\t|^[}\])]/.test(code)) problems.push(`block line not indented with a tab: ${line}`);
    for (const c of code) {
      if ('([{'.includes(c)) stack.push(c);
      else if (c in pairs && stack.pop() !== pairs[c]) problems.push(`unbalanced ${c} in: ${line}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed ${stack.join('')}`);
  return problems;
}

test('every snippet has a prefix, a description and a well-formed body', () => {
  const snippets = readJson('snippets/reward.json') as Record<string, Snippet>;
  const names = Object.keys(snippets);
  for (const wanted of ['machine', 'ltl', 'reward', 'potential', 'shaping', 'signal']) {
    assert.ok(names.some((n) => [snippets[n].prefix].flat().includes(wanted)), `no snippet with prefix ${wanted}`);
  }
  for (const [name, s] of Object.entries(snippets)) {
    const prefixes = [s.prefix].flat();
    assert.ok(prefixes.length > 0 && prefixes.every((p) => typeof p === 'string' && p.trim() !== ''), `${name}: prefix`);
    assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
    const r = expandSnippet(s.body);
    assert.ok(r.ok, r.ok ? '' : `${name}: ${r.message} (offset ${r.offset})`);
    assert.ok(r.expansion.tabstops.has(1), `${name}: no first tabstop`);
    assert.deepEqual(shapeProblems(r.expansion.text), [], `${name} expands to:\n${r.expansion.text}`);
  }
});

test('the snippet shape check rejects what it should', () => {
  assert.deepEqual(shapeProblems('machine m {\n\tinitial s\n}\nreward r { m }'), []);
  assert.equal(shapeProblems('machine m {\n\tinitial s\n').length, 1);
  assert.equal(shapeProblems('machine m {\n  initial s\n}').length, 1);
  assert.equal(shapeProblems('x = 1').length, 1);
  assert.equal(shapeProblems('def x = (1]').length, 1);
});

test('snippet expansions are highlighted as declarations by the grammar', () => {
  const snippets = readJson('snippets/reward.json') as Record<string, Snippet>;
  const lines = ['// SYNTAX TEST "source.reward" "generated: expanded snippets"'];
  for (const s of Object.values(snippets)) {
    const r = expandSnippet(s.body);
    assert.ok(r.ok);
    for (const line of r.expansion.text.split('\n')) {
      lines.push(line);
      const kw = /^[a-z]+/.exec(line)?.[0];
      if (kw !== undefined) lines.push(`// <${'-'.repeat(kw.length)} storage.type.${kw}.reward`);
    }
  }
  const { status, output } = withTempCase('snippets.generated.reward', lines.join('\n') + '\n', (f) => runCases([f]));
  assert.equal(status, 0, output);
});
