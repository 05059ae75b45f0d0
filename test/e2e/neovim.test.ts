// The bundled language server in a real LSP client: headless Neovim 0.7 (Debian's `neovim`)
// starts `node dist/server.cjs --stdio`, opens an example with a planted error, and the test
// reads vim.diagnostic.get(), edits the buffer, sees the diagnostics follow, and hovers.
// Needs `npm run build` (dist/server.cjs) and .ci/install-system.sh (nvim).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { luaString, runNvimLsp } from './nvim';

const repo = resolve(import.meta.dirname, '..', '..');
const server = join(repo, 'dist', 'server.cjs');
const example = join(repo, 'examples', 'office-coffee.reward');

interface NvimDiagnostic {
  line: number;
  character: number;
  severity: number;
  message: string;
  code: string;
}

/** 0-based line and column of the first occurrence of `needle` in `text`. */
function locate(text: string, needle: string): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `'${needle}' not in the example: the test needs updating`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

test('prerequisites: nvim 0.7+ and the bundled server', () => {
  const v = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0, 'nvim is missing: run .ci/install-system.sh');
  assert.match(v.stdout, /^NVIM v0\.([7-9]|\d\d)|^NVIM v[1-9]/);
  assert.ok(existsSync(server), `${server} is missing: run npm run build`);
});

test('Neovim: diagnostics of a planted error follow edits; hover on a machine', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-neovim-'));
  try {
    const original = readFileSync(example, 'utf8');
    // Plant an undefined name in a guard: `office` -> `ofice`.
    const good = 'has_both   -> done       when office';
    const planted = original.replace(good, good.replace('office', 'ofice'));
    assert.notEqual(planted, original, 'the planted line is not in the example any more');
    const file = join(dir, 'office-coffee.reward');
    writeFileSync(file, planted);
    const at = locate(planted, 'ofice');
    const guardLine = planted.split('\n')[at.line];
    const discount = locate(planted, 'discount 0.9');
    const hoverAt = locate(planted, 'machine deliver');

    const result = await runNvimLsp({
      cmd: ['node', server, '--stdio'],
      file,
      timeoutMs: 60_000,
      lua: `
    local function has(code)
      for _, d in ipairs(diagnostics()) do if d.code == code then return true end end
      return false
    end
    local function settle(pred) return wait(20000, pred) end
    local out = {}
    settle(function() return has('undefined-name') end)
    out.planted = diagnostics()

    -- Fix the typo in the buffer: the error goes away.
    vim.api.nvim_buf_set_lines(bufnr, ${at.line}, ${at.line + 1}, false, { ${luaString(guardLine.replace('ofice', 'office'))} })
    out.fixed_in_time = settle(function() return not has('undefined-name') end)
    out.fixed = diagnostics()

    -- Break the discount instead: a different error appears.
    vim.api.nvim_buf_set_lines(bufnr, ${discount.line}, ${discount.line + 1}, false, { 'discount 1.5' })
    out.broken_in_time = settle(function() return has('invalid-discount') end)
    out.broken = diagnostics()

    out.hover = request('textDocument/hover', position(${hoverAt.line}, ${hoverAt.character + 'machine '.length + 2}))
    return out
`,
    });
    assert.ok(result.ok, `nvim run failed: ${result.ok ? '' : result.error}\n${result.stderr}`);
    const value = result.value as {
      planted: NvimDiagnostic[]; fixed: NvimDiagnostic[]; broken: NvimDiagnostic[];
      fixed_in_time: boolean; broken_in_time: boolean;
      hover: { contents: { kind?: string; value?: string } | string } | null;
    };

    const undefinedName = value.planted.find((d) => d.code === 'undefined-name');
    assert.ok(undefinedName, `no undefined-name diagnostic; got ${JSON.stringify(value.planted)}`);
    assert.equal(undefinedName.line, at.line);
    assert.equal(undefinedName.character, at.character);
    assert.equal(undefinedName.severity, 1, 'undefined-name is an error');
    assert.match(undefinedName.message, /ofice/);

    assert.ok(value.fixed_in_time, `the error stayed after the fix: ${JSON.stringify(value.fixed)}`);
    assert.ok(!value.fixed.some((d) => d.severity === 1), `errors after the fix: ${JSON.stringify(value.fixed)}`);

    assert.ok(value.broken_in_time, `no invalid-discount after the edit: ${JSON.stringify(value.broken)}`);
    const invalid = value.broken.find((d) => d.code === 'invalid-discount');
    assert.ok(invalid);
    assert.equal(invalid.line, discount.line);
    assert.equal(invalid.severity, 1);

    assert.ok(value.hover, 'no hover on the machine name');
    const contents = value.hover.contents;
    const hoverText = typeof contents === 'string' ? contents : contents.value ?? '';
    assert.match(hoverText, /deliver/);
    // A machine's hover lists its states.
    for (const state of ['start', 'has_coffee', 'has_both', 'broken']) assert.match(hoverText, new RegExp(`\\b${state}\\b`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
