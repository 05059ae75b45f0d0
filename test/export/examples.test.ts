// The exported module and `reward eval --format json` agree on every example spec with every
// trajectory beside it, and on hostile data files (the fixtures of test/fixtures/data and the
// files written below: every problem the readers report).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/analysis/analyze';
import { compareRuns, runPythonBatch, tempDir, tsEval, writeModule, type PyCase } from './harness';

const ROOT = join(import.meta.dirname, '..', '..');
const EXAMPLES = [join(ROOT, 'examples'), join(ROOT, 'examples', 'gymnasium')];
const DATA = join(ROOT, 'test', 'fixtures', 'data');

interface Case {
  readonly name: string;
  readonly spec: string;
  readonly files: readonly string[];
  readonly reward?: string;
}

function exampleCases(): Case[] {
  const cases: Case[] = [];
  for (const dir of EXAMPLES) {
    const names = readdirSync(dir);
    for (const specName of names.filter((n) => n.endsWith('.reward'))) {
      const stem = specName.slice(0, -'.reward'.length);
      const spec = join(dir, specName);
      const files = names.filter((n) => n.startsWith(stem + '.') && /\.(jsonl|json|csv)$/.test(n)).map((n) => join(dir, n));
      const rewards = analyze(readFileSync(spec, 'utf8')).model.rewards.map((r) => r.name.text);
      for (const reward of rewards) {
        cases.push({ name: `${specName} --reward ${reward} (all)`, spec, files, reward });
        for (const f of files) cases.push({ name: `${specName} --reward ${reward} ${f}`, spec, files: [f], reward });
      }
    }
  }
  return cases;
}

/** A spec over the fields of test/fixtures/data (the office run), using every kind of item. */
const OFFICE_SPEC = `discount 0.9
signal x: int in [0, 4] = obs[0]
signal y: int in [0, 4] = obs[1]
signal room: enum { hall, kitchen, office } = info.room
action move: enum { up, down, left, right }
prop e
prop f
prop g
prop n
prop east = move == right
exclusive e, f, g, n
def d = abs(x - 2) + abs(y - 2)
term progress = d - d'
potential phi = -d
machine m {
  initial start
  terminal done
  start -> coffee when f
  coffee -> done when g reward 1
  start, coffee -> start when n reward -1
}
ltl fetch = F (f && F g) accept 2 reject -2
reward main {
  m
  fetch
  0.5 * progress
  shaping phi
  shaping m
  (room == kitchen ? 1 : 0)
  -0.01
}
`;

/** Trajectory files that exercise every problem the readers report. */
const HOSTILE: Readonly<Record<string, string>> = {
  'bom-crlf.jsonl': '\ufeff{"obs":[1,1],"info":{"room":"hall"},"action":"up"}\r\n\r\n  \t\r\n{"obs":[1,2],"info":{"room":"kitchen"},"action":"right","labels":"f"}\r\n{"obs":[2,2],"info":{"room":"office"},"labels":["g"],"terminated":true}\r\n',
  'nan.jsonl': [
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[NaN,1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[Infinity,1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[-Infinity,1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[1,NaNx],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[2,2],"info":{"room":"office"},"labels":"g","truncated":true}',
  ].join('\n'),
  'malformed.jsonl': [
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up"',
    '[1,2,3]',
    '"just a string with \\u00e9 and a long tail that goes on and on and on"',
    '{"obs":[1,1] "info":{}}',
    '{"obs":[1,1],"info":{"room":"h\\qall"}}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up"}',
    '{"a": tru}',
    '{"a": "unterminated}',
    '{"a": 1} trailing',
    '{"a": "\u0001"}',
    '{"a": -}',
    '{"a": \'single\'}',
    '{"obs":[3,3],"info":{"room":"hall"},"action":"left"}',
    '{"obs":[2,3],"info":{"room":"office"},"labels":"g","terminated":true}',
  ].join('\n'),
  'types.jsonl': [
    '{"obs":[1.5,1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":["1",1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[1,1],"info":{"room":"attic"},"action":"up"}',
    '{"obs":[1,1],"info":{"room":7},"action":"up"}',
    '{"obs":[1,1],"info":{"room":1},"action":3}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"jump"}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":{"move":"down"}}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":{"other":"down"}}',
    '{"obs":[9,1],"info":{"room":"hall"},"action":"up","labels":5}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","labels":["f",3]}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","labels":"fzq"}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","labels":["e","unknown"]}',
    '{"obs":{"0":2,"1":2},"info":{"room":"hall"},"action":"up"}',
    '{"obs":[1],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[1,1],"info":null,"action":"up"}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","terminated":"yes"}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","truncated":2}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","terminated":0,"truncated":null}',
    '{"obs":[-1,5],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":1}',
  ].join('\n'),
  'episodes.jsonl': [
    '{"episode":0,"obs":[1,1],"info":{"room":"hall"},"action":"up"}',
    '{"episode":0,"obs":[1,2],"info":{"room":"kitchen"},"action":"up","labels":"f"}',
    '{"episode":"1","obs":[1,1],"info":{"room":"hall"},"action":"up"}',
    '{"episode":1,"obs":[1,2],"info":{"room":"hall"},"action":"up"}',
    '{"episode":1.5,"obs":[1,3],"info":{"room":"hall"},"action":"up"}',
    '{"episode":[1],"obs":[1,3],"info":{"room":"hall"},"action":"up"}',
    '{"episode":[1],"obs":[1,3],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[1,3],"info":{"room":"hall"}}',
    '{"obs":[2,3],"info":{"room":"hall"},"action":"up","terminated":true}',
    '{"obs":[2,3],"info":{"room":"hall"}}',
    '{"obs":[2,3],"info":{"room":"hall"},"action":"up"}',
    '{"obs":["bad",3],"info":{"room":"hall"},"terminated":true}',
    '{"obs":[2,3],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[2,3],"info":{"room":"hall"},"action":"up"}',
    '{"obs":[2,4],"info":{"room":"hall"},"action":"up","terminated":true}',
  ].join('\n'),
  'empty.jsonl': '',
  'blank.jsonl': '\n   \n\t\n',
  'empty.csv': '',
  'header-only.csv': 'obs[0],obs[1],info.room,action\n',
  'empty.json': '   ',
  'empty-array.json': '[]',
  'hostile.csv': [
    'episode,obs[0],obs[1],info.room,action,labels,terminated,truncated,obs[0],obs',
    '0,1,1,hall,up,,,,,',
    '0,1,2,"kitchen",right,f,false,,,',
    '0,1,2,"kit""chen",right,f|g,false,,,',
    '0,"1",2,kitchen,"right",,,,,',
    '0,nan,2,kitchen,right,,,,,',
    '0,-inf,2,kitchen,right,,,,,',
    '0,1,2,kitchen,right,,,,,,extra',
    '0,1,2,kitchen,right,,,,,,',
    '0,2,2,"multi',
    'line",right,,,,,',
    '0,2,2,office,,g,TRUE,,,',
    '1,5,5,0,3,| e | f |,0,1,,',
    '1,5,5,0,,e,maybe,,,',
    '',
    '2,1,1,hall,up,,,,,',
    '2,1,1,hall,up,,,,,',
    '2,1,1,"never closed,up,,,,,',
    '2,1,1,hall,up,,,,,',
    '2,2,2,office,,g,true,,,',
  ].join('\r\n'),
  'paths.csv': 'obs[1],obs[0],info.room,action,action.move,weird name,labels[1]\n1,1,hall,up,up,3,f\n2,2,office,,,,g\n',
  'shapes.json': JSON.stringify([
    { episode: 0, steps: [{ obs: [1, 1], info: { room: 'hall' }, action: 'up' }, { obs: [2, 2], info: { room: 'office' }, labels: 'g', terminated: true }] },
    { episode: 0, steps: [{ obs: [1, 1], info: { room: 'hall' }, action: 'up' }, 7, { obs: [1, 2], info: { room: 'hall' } }] },
    'not an episode',
    { episode: 2 },
    { episode: 3, steps: 'nope' },
    { episode: 4, steps: [{ obs: [1, 1], info: { room: 'hall' }, action: 'up' }, { obs: [1, 1], info: { room: 'hall' }, action: 'up' }] },
  ], null, 2),
  'broken.json': '[\n {"episode": 0, "steps": [\n  {"obs": [1, 1], "info": {"room": "hall"}, "action": "up"},\n  {"obs": [1, NaN], "info": {"room": "hall"}, "action": "up"},\n  {"obs": [1, 2 "info": {}},\n  {"obs": [2, 2], "info": {"room": "office"}, "labels": "g", "terminated": true}\n ]},\n {"episode": 1, "steps": [ {"obs": [1, 1]} ]}, garbage\n]\n',
  'truncated.json': '{"episode": 0, "steps": [{"obs": [1, 1], "info": {"room": "hall"}, "action": "up"}, {"obs": [1, 1], "info": {"room": "h',
  'unicode.jsonl': [
    '{"obs":[1,1],"info":{"room":"hall \ud83d\ude00 \u00e9"},"action":"up"}',
    '{"obs":[1,1],"info":{"room":"\\ud83d\\ude00\\ud800"},"action":"up"}',
    '{"obs":[1,1],"info":{"room":"\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00\ud83d\ude00x"},"action":"up"}',
    '{"obs":[1,1],"info":{"room":"\ud83d\ude00"} x}',
    '{"obs":[1,1],"info":{"room":"hall"},"action":"up","labels":"\ud83d\ude00f"}',
    '{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":true}',
  ].join('\n'),
  'proto.jsonl': '{"obs":[1,1],"info":{"room":"hall","__proto__":{"x":1}},"action":"up","constructor":1}\n{"obs":[1,1],"info":{"toString":"hall"},"action":"up"}\n{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":true}\n',
  // Leading zeros are not JSON: both readers skip the line (the module's JSON scanner once took them).
  'leading-zeros.jsonl': '{"obs":[1,1],"info":{"room":"hall"},"action":"up"}\n{"obs":[01,1],"info":{"room":"hall"},"action":"up"}\n{"obs":[-01,1],"info":{"room":"hall"},"action":"up"}\n{"obs":[00,1],"info":{"room":"hall"},"action":"up"}\n{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":true}\n',
  // A field no path reads, nested 700 levels (the readers take 1,000): the record is kept.
  'deep-unread.jsonl': `{"obs":[1,1],"info":{"room":"hall","deep":${'['.repeat(700)}${']'.repeat(700)}},"action":"up"}\n{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":true}\n`,
  // A header with none of the spec's columns: one problem, every row skipped (LANGUAGE.md section 13).
  'foreign-header.csv': 'foo,bar\n1,2\n3,4\n',
  'numbers.jsonl': '{"obs":[1e0,1.0e+0],"info":{"room":"hall"},"action":"up","episode":1e400}\n{"obs":[0.1e1,-0],"info":{"room":"hall"},"action":"up","episode":1e400}\n{"obs":[12345678901234567890123,1],"info":{"room":"hall"},"action":"up"}\n{"obs":[2,2],"info":{"room":"office"},"labels":"g","terminated":true}\n',
};

test('the exported module agrees with reward eval on every example and its trajectories', async (t) => {
  const dir = tempDir();
  const cases = exampleCases();
  assert.ok(cases.length >= 20, `${cases.length} example cases`);
  const modules = new Map<string, string>();
  const pyCases: PyCase[] = cases.map((c, i) => {
    let module = modules.get(c.spec);
    if (!module) {
      module = join(dir, `example_${i}.py`);
      writeModule(readFileSync(c.spec, 'utf8'), module);
      modules.set(c.spec, module);
    }
    return { module, argv: [...c.files, ...(c.reward ? ['--reward', c.reward] : [])] };
  });
  const py = runPythonBatch(pyCases, dir);
  let identical = 0;
  for (let i = 0; i < cases.length; i++) {
    const ts = await tsEval(cases[i].spec, cases[i].files, cases[i].reward);
    assert.equal(ts.code, 0, `${cases[i].name}: ${ts.err}`);
    assert.equal(compareRuns(ts, py[i]), undefined, cases[i].name);
    if (ts.out === py[i].out) identical++;
  }
  // Equal to 1e-9 is the contract; the same bytes is what the port aims at (exp, log, tanh and
  // pow may differ from V8's in the last bit on some C libraries).
  t.diagnostic(`${identical} of ${cases.length} runs print the same bytes`);
});

test('the exported module agrees with reward eval on hostile data files, problem for problem', async () => {
  const dir = tempDir();
  const spec = join(dir, 'office.reward');
  writeFileSync(spec, OFFICE_SPEC);
  const module = join(dir, 'office.py');
  writeModule(OFFICE_SPEC, module);
  const files = [
    ...readdirSync(DATA).filter((n) => /\.(jsonl|json|csv)$/.test(n)).map((n) => join(DATA, n)),
    ...Object.entries(HOSTILE).map(([name, text]) => {
      const f = join(dir, name);
      writeFileSync(f, text);
      return f;
    }),
  ];
  const runs = [...files.map((f) => [f]), files];
  const py = runPythonBatch(runs.map((argv) => ({ module, argv })), dir);
  let problems = 0;
  for (let i = 0; i < runs.length; i++) {
    const ts = await tsEval(spec, runs[i]);
    assert.equal(compareRuns(ts, py[i]), undefined, runs[i].join(' '));
    assert.equal(ts.out, py[i].out, `byte-identical output for ${runs[i].join(' ')}`);
    if (runs[i].length === 1) problems += (JSON.parse(ts.out) as { problems: unknown[] }).problems.length;
  }
  // The hostile files do produce problems (the comparison is not vacuous).
  assert.ok(problems >= 60, `${problems} problems`);
});

test('unreadable files and bad arguments: exit 1 with one line, as reward eval', async () => {
  const dir = tempDir();
  const spec = join(dir, 'office.reward');
  writeFileSync(spec, OFFICE_SPEC);
  const module = join(dir, 'office.py');
  writeModule(OFFICE_SPEC, module);
  const good = join(DATA, 'office.jsonl');
  const runs = [[join(dir, 'missing.jsonl')], [good, dir], [join(dir, 'office.reward')], [good, '--reward', 'nope'], [good, '--bogus']];
  const py = runPythonBatch(runs.map((argv) => ({ module, argv })), dir);
  for (let i = 0; i < runs.length; i++) {
    assert.equal(py[i].code, 1, runs[i].join(' '));
    assert.equal(py[i].out, '', runs[i].join(' '));
    assert.equal(py[i].err.trim().split('\n').length, 1, py[i].err);
    const [files, reward] = runs[i].includes('--reward') ? [[good], 'nope'] : [runs[i].filter((a) => !a.startsWith('--')), undefined];
    if (runs[i].includes('--bogus')) continue;
    const ts = await tsEval(spec, files, reward);
    assert.equal(ts.code, 1, runs[i].join(' '));
  }
  assert.match(py[0].err, /cannot open .*missing\.jsonl: no such file/);
  assert.match(py[1].err, /it is a folder/);
  assert.match(py[2].err, /must end in \.jsonl, \.json or \.csv/);
  assert.match(py[3].err, /no reward named 'nope' \(it has: main\)/);
});
