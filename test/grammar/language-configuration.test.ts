// What the editor does with language-configuration.json: words, Enter in doc comments,
// indentation of blocks, folding markers, auto-closing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface OnEnterRule {
  beforeText: string;
  afterText?: string;
  previousLineText?: string;
  action: { indent: string; appendText?: string; removeText?: number };
}
interface LanguageConfiguration {
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string }[];
  surroundingPairs: [string, string][];
  folding: { markers: { start: string; end: string } };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: OnEnterRule[];
  wordPattern: string;
}

const config = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../language-configuration.json', import.meta.url)), 'utf8'),
) as LanguageConfiguration;

// VS Code compiles the patterns as JavaScript regexes; word patterns get the `g` flag.
const words = (line: string): string[] => line.match(new RegExp(config.wordPattern, 'g')) ?? [];

/** The action of the first rule that applies when Enter is pressed between `before` and `after`. */
function onEnter(before: string, after = '', previous = ''): OnEnterRule['action'] | undefined {
  const rule = config.onEnterRules.find(
    (r) =>
      new RegExp(r.beforeText).test(before) &&
      (r.afterText === undefined || new RegExp(r.afterText).test(after)) &&
      (r.previousLineText === undefined || new RegExp(r.previousLineText).test(previous)),
  );
  return rule?.action;
}

test('a word includes a trailing prime, and numbers are whole words', () => {
  assert.deepEqual(words("term progress = dist - dist'"), ['term', 'progress', 'dist', "dist'"]);
  assert.deepEqual(words("x' + 1e-3 * 0.5"), ["x'", '1e-3', '0.5']);
  assert.deepEqual(words('obs[0] info.room at_office2'), ['obs', '0', 'info', 'room', 'at_office2']);
});

test('Enter continues /// doc comments and only those line comments', () => {
  assert.deepEqual(onEnter('/// The delivery task'), { indent: 'none', appendText: '/// ' });
  assert.deepEqual(onEnter('  /// indented'), { indent: 'none', appendText: '/// ' });
  assert.equal(onEnter('// a plain comment'), undefined);
  assert.equal(onEnter('//// four slashes'), undefined);
  assert.equal(onEnter('def x = 1'), undefined);
});

test('Enter inside /** */ continues the block with a star', () => {
  assert.deepEqual(onEnter('/**', ' */'), { indent: 'indentOutdent', appendText: ' * ' });
  assert.deepEqual(onEnter('/** Potential for shaping'), { indent: 'none', appendText: ' * ' });
  assert.deepEqual(onEnter(' * more text', '', '/** first'), { indent: 'none', appendText: '* ' });
  assert.equal(onEnter('/** closed */'), undefined);
});

test('a line that opens a block indents the next one; a closing line outdents', () => {
  const increase = new RegExp(config.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
  for (const line of ['machine deliver {', 'reward main {  // items', 'def d = max(x,', 'signal x: number in [0,']) {
    assert.ok(increase.test(line), line);
  }
  for (const line of ['reward sparse { deliver }', 'def d = max(x, y)', '// {', 'initial start']) {
    assert.ok(!increase.test(line), line);
  }
  for (const line of ['}', '  }', ')', '\t]']) assert.ok(decrease.test(line), line);
  assert.ok(!decrease.test('  start -> done when goal'));
});

test('folding markers are // #region and // #endregion', () => {
  const start = new RegExp(config.folding.markers.start);
  const end = new RegExp(config.folding.markers.end);
  assert.ok(start.test('// #region signals') && start.test('  //#region'));
  assert.ok(end.test('// #endregion') && !start.test('// #endregion'));
  assert.ok(!start.test('def region = 1') && !end.test('// region ends here'));
});

test('brackets pair up, and quotes are never auto-closed (a prime is a quote character)', () => {
  const pairs = config.brackets.map(([o, c]) => o + c).sort();
  assert.deepEqual(pairs, ['()', '[]', '{}']);
  assert.deepEqual(config.surroundingPairs.map(([o, c]) => o + c).sort(), pairs);
  for (const [o, c] of config.brackets) {
    assert.ok(config.autoClosingPairs.some((p) => p.open === o && p.close === c), `${o} is auto-closed`);
  }
  assert.ok(config.autoClosingPairs.every((p) => !p.open.includes("'") && !p.open.includes('"')));
});
