// The VS Code client's decisions that need no editor: settings as the server gets them (bad
// entries dropped with a message naming setting and expectation), the status bar wording,
// where commands write, which names Show Automaton offers. The code-server test drives the rest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CODES } from '../../server/src/base/diagnostic';
import { normaliseSettings } from '../../client/src/settings';
import { statusView } from '../../client/src/status-text';
import { importedSpecPath, pythonModulePath } from '../../client/src/output-paths';
import { automatonCandidates, candidateAt } from '../../client/src/automaton-candidates';
import { failureMessage } from '../../client/src/run-cli';
import { trajectoriesBeside } from '../../client/src/preview/beside';
import { pageLink } from '../../client/src/diagnostic-pages';

const codes = Object.keys(CODES);
const reader = (o: Record<string, unknown>) => (key: string) => o[key];

test('settings: good values pass through unchanged', () => {
  const { settings, problems } = normaliseSettings(reader({
    trajectories: ['runs/**/*.jsonl', ' logs/*.csv '],
    defaultReward: 'sparse',
    severity: { 'unbounded-reward': 'off', 'living-reward-incentive': 'error' },
  }), codes);
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, {
    trajectories: ['runs/**/*.jsonl', 'logs/*.csv'],
    defaultReward: 'sparse',
    severity: { 'unbounded-reward': 'off', 'living-reward-incentive': 'error' },
  });
});

test('settings: absent values give the defaults', () => {
  assert.deepEqual(normaliseSettings(reader({}), codes), { settings: { trajectories: [], defaultReward: null, severity: {} }, problems: [] });
  assert.equal(normaliseSettings(reader({ defaultReward: '' }), codes).settings.defaultReward, null);
});

test('settings: each bad entry is dropped with a message naming the setting and what was expected', () => {
  const { settings, problems } = normaliseSettings(reader({
    trajectories: ['ok/*.jsonl', 3, ''],
    defaultReward: 'two words',
    severity: { 'unbounded-reward': 'fatal', 'no-such-code': 'hint', 'machine-is-markov': 'off' },
  }), codes);
  assert.deepEqual(settings, { trajectories: ['ok/*.jsonl'], defaultReward: null, severity: { 'machine-is-markov': 'off' } });
  const text = problems.map((p) => `${p.setting}: ${p.message}`);
  assert.equal(text.length, 5, JSON.stringify(text));
  assert.ok(text.some((t) => t.startsWith('rewardsmith.trajectories:') && /number 3/.test(t)));
  assert.ok(text.some((t) => t.startsWith('rewardsmith.defaultReward:') && /"two words"/.test(t)));
  assert.ok(text.some((t) => t.startsWith('rewardsmith.severity:') && /'unbounded-reward'.*error, warning, information, hint, off.*"fatal"/.test(t)));
  assert.ok(text.some((t) => t.startsWith('rewardsmith.severity:') && /unknown diagnostic code 'no-such-code'/.test(t)));
});

test('settings: a wrong type for a whole setting is reported, never thrown', () => {
  const { settings, problems } = normaliseSettings(reader({ trajectories: 'runs/*.jsonl', severity: ['error'], defaultReward: 7 }), codes);
  assert.deepEqual(settings, { trajectories: [], defaultReward: null, severity: {} });
  assert.deepEqual(problems.map((p) => p.setting), ['rewardsmith.trajectories', 'rewardsmith.defaultReward', 'rewardsmith.severity']);
});

test('settings: any JSON value is normalised without throwing, to the schema the server expects', () => {
  fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), fc.jsonValue(), (t, d, s) => {
    const { settings } = normaliseSettings(reader({ trajectories: t, defaultReward: d, severity: s }), codes);
    assert.ok(settings.trajectories.every((g) => typeof g === 'string' && g !== ''));
    assert.ok(settings.defaultReward === null || /^[A-Za-z_]\w*$/.test(settings.defaultReward));
    for (const [code, level] of Object.entries(settings.severity)) {
      assert.ok(codes.includes(code));
      assert.ok(['error', 'warning', 'information', 'hint', 'off'].includes(level));
    }
  }));
});

test('status bar: state and counts', () => {
  assert.equal(statusView('running', { errors: 0, warnings: 0 }).text, '$(check) Rewardsmith');
  const busy = statusView('running', { errors: 1, warnings: 3 });
  assert.equal(busy.text, '$(error) 1 $(warning) 3 Rewardsmith');
  assert.equal(busy.label, 'Rewardsmith: running, 1 error, 3 warnings');
  assert.equal(busy.alarm, false);
  assert.equal(statusView('starting', { errors: 2, warnings: 0 }).label, 'Rewardsmith: starting');
  const stopped = statusView('stopped', { errors: 0, warnings: 0 });
  assert.equal(stopped.alarm, true);
  assert.match(stopped.tooltip, /Restart Language Server/);
});

test('output paths: an importable Python module name, the spec beside the machine', () => {
  assert.equal(pythonModulePath('/w/examples/office-coffee.reward'), '/w/examples/office_coffee.py');
  assert.equal(pythonModulePath('/w/3rooms.reward'), '/w/reward_3rooms.py');
  assert.equal(pythonModulePath('/w/patrol.reward'), '/w/patrol.py');
  assert.equal(importedSpecPath('/w/machines/t1.txt'), '/w/machines/t1.reward');
});

test('Show Automaton: machines and ltl items declared at line starts, the nearest above the cursor', () => {
  const text = [
    '// machine not_this one',
    'machine deliver {',
    '  initial start',
    '}',
    'ltl safe = G !plant',
    'def machine_count = 1',
    '  ltl indented = F goal',
  ].join('\n');
  const found = automatonCandidates(text);
  assert.deepEqual(found, [
    { kind: 'machine', name: 'deliver', line: 1 },
    { kind: 'ltl', name: 'safe', line: 4 },
    { kind: 'ltl', name: 'indented', line: 6 },
  ]);
  assert.equal(candidateAt(found, 2)?.name, 'deliver');
  assert.equal(candidateAt(found, 5)?.name, 'safe');
  assert.equal(candidateAt(found, 0), undefined);
});

test('a failed CLI run is summed up by its first stderr line', () => {
  assert.equal(failureMessage('reward export python', { code: 1, stdout: '', stderr: '\nreward: spec has errors\nmore\n' }), 'reward export python failed: reward: spec has errors');
  assert.equal(failureMessage('reward import rm', { code: 1, stdout: '', stderr: '' }), 'reward import rm failed: exit status 1');
});

test('the preview\'s default trajectories: <stem>.*.jsonl and <stem>.*.csv beside the spec', () => {
  const names = ['office-coffee.reward', 'office-coffee.success.jsonl', 'office-coffee.plant.jsonl', 'office-coffee.truncated.csv', 'office-coffee.jsonl', 'office-coffee.notes.txt', 'office-coffee-2.success.jsonl', 'patrol.accepted.jsonl', 'office-coffee.run.JSONL'];
  assert.deepEqual(trajectoriesBeside('office-coffee.reward', names), ['office-coffee.plant.jsonl', 'office-coffee.run.JSONL', 'office-coffee.success.jsonl', 'office-coffee.truncated.csv']);
  assert.deepEqual(trajectoriesBeside('patrol.reward', names), ['patrol.accepted.jsonl']);
  assert.deepEqual(trajectoriesBeside('notes.txt', names), []);
  assert.deepEqual(trajectoriesBeside('.reward', ['..x.jsonl']), []);
});

test('a diagnostic page link becomes a command link that opens the rendered page; other links stay', () => {
  const href = 'file:///opt/rewardsmith/docs/diagnostics/undefined-name.md';
  const link = pageLink(href);
  assert.match(link, /^command:rewardsmith\.openDiagnosticPage\?/);
  assert.deepEqual(JSON.parse(decodeURIComponent(link.slice(link.indexOf('?') + 1))), [href]);
  assert.equal(pageLink('https://example.org/x'), 'https://example.org/x');
});
