// Runs every test file under test/ with node's own test runner (TypeScript through tsx).
// Node 20's --test takes no globs, so the files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const only = process.argv.slice(2);
function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name === 'fixtures' || name === 'artifacts' || name === 'node_modules') continue;
      out.push(...collect(p));
    } else if (name.endsWith('.test.ts') || name.endsWith('.test.mjs')) out.push(p);
  }
  return out;
}
let files = collect('test');
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
// In CI the property tests replay fixed seeds (see test/ci-seed.mjs); locally they explore.
const ci = process.env.CI === 'true';
const env = ci ? { ...process.env, FUZZ_SEED: process.env.FUZZ_SEED ?? '20261125', EXPORT_SEED: process.env.EXPORT_SEED ?? '20261125' } : process.env;
const setup = ci ? ['--import', './test/ci-seed.mjs'] : [];
const r = spawnSync(process.execPath, ['--import', 'tsx', ...setup, '--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
