// `reward preview` as a command: exit status and one-line messages (LANGUAGE.md section 8).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPORT_DATA_ID, ReportDataSchema } from '../../protocol/webview';
import { buildWebview } from './browser';

let bundle: string;
let dir: string;
before(async () => {
  bundle = await buildWebview();
  dir = mkdtempSync(join(tmpdir(), 'rewardsmith-preview-cli-'));
});
after(() => {
  rmSync(bundle, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

const reward = (...args: string[]) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', 'preview', ...args], { encoding: 'utf8', env: { ...process.env, REWARDSMITH_WEBVIEW_DIR: bundle } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

const embedded = (html: string) => {
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">(.*?)</script>`, 's').exec(html);
  assert.ok(m, 'the data block');
  const data = ReportDataSchema.decode(JSON.parse(m[1]), 'report');
  return { returns: data.overview.returns, problems: data.overview.problems, offsets: data.detail.offsets };
};

test('-o writes one self-contained file and says what is in it', () => {
  const out = join(dir, 'patrol.html');
  const r = reward('examples/patrol.reward', 'examples/patrol.accepted.jsonl', 'examples/patrol.rejected.jsonl', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `wrote ${out}: 2 episodes, 1 reward variant, 0 problems in the data\n`);
  const html = readFileSync(out, 'utf8');
  // Nothing is loaded from elsewhere (and the policy's default-src 'none' would refuse it).
  const markup = html.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
  assert.ok(!/<script[^>]*\bsrc=|<link\b|<img\b|@import/.test(markup), 'no external script, style sheet, image or import');
  assert.match(html, /default-src 'none'/);
  const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce);
  assert.equal((html.match(new RegExp(`nonce="${nonce.replace(/[+/=]/g, '\\$&')}"`, 'g')) ?? []).length, 2, 'the style and the script carry the nonce');
  assert.deepEqual(Array.from(embedded(html).returns[0]), [1, -1]);
  const again = readFileSync(out, 'utf8');
  assert.equal(again, html);
  const second = join(dir, 'second.html');
  reward('examples/patrol.reward', 'examples/patrol.accepted.jsonl', '-o', second);
  assert.notEqual(/nonce-([^']+)'/.exec(readFileSync(second, 'utf8'))?.[1], nonce, 'a fresh nonce per report');
});

test('without -o the report goes to standard output', () => {
  const r = reward('examples/patrol.reward', 'examples/patrol.pending.jsonl');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^<!DOCTYPE html>/);
  assert.equal(embedded(r.stdout).offsets.length, 2);
});

test('problems in the data are in the report, not in the exit status', () => {
  const out = join(dir, 'bad.html');
  const r = reward('test/fixtures/preview/walk.reward', 'test/fixtures/preview/walk-bad.jsonl', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /1 problem in the data/);
  const store = embedded(readFileSync(out, 'utf8'));
  assert.deepEqual(store.problems.map((p) => [p.line, p.field]), [[3, 'obs[0]']]);
});

test('failures exit 1 with one line and no stack trace', () => {
  const spec = join(dir, 'broken.reward');
  writeFileSync(spec, 'discount 2\nreward main { 1 }\n');
  const cases: [string[], RegExp][] = [
    [['examples/patrol.reward'], /^reward: reward preview needs a spec and at least one trajectory file\n$/],
    [['examples/patrol.reward', 'nope.jsonl'], /^reward: cannot open nope\.jsonl: no such file\n$/],
    [['nope.reward', 'examples/patrol.accepted.jsonl'], /^reward: cannot read nope\.reward: no such file\n$/],
    [[spec, 'examples/patrol.accepted.jsonl'], /^reward: .*broken\.reward has 1 error \(first, line 1: invalid-discount: .*\); run 'reward check .*broken\.reward'\n$/],
    [['examples/patrol.reward', 'examples/patrol.accepted.jsonl', '-o'], /^reward: option -o needs a value\n$/],
    [['examples/patrol.reward', 'examples/patrol.accepted.jsonl', '--zoom'], /^reward: unknown option --zoom\n$/],
    [['examples/patrol.reward', 'examples/patrol.accepted.jsonl', '-o', join(dir, 'no', 'such', 'dir.html')], /^reward: cannot write .*dir\.html: ENOENT\n$/],
  ];
  for (const [args, message] of cases) {
    const r = reward(...args);
    assert.equal(r.status, 1, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
});
