// Drives a language server through a real LSP client: headless Neovim (0.7 API, as Debian
// bookworm ships it). The Lua script is generated, so a test only says which file to open and
// what to ask; the script writes its answer as JSON to a file that this module reads back.
// A file is used instead of stdout because headless Neovim mixes its own messages into it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';

export interface NvimLspOptions {
  /** The server command, e.g. ['node', 'dist/server.js', '--stdio']. */
  readonly cmd: readonly string[];
  /** The file to open; the server is attached to its buffer. */
  readonly file: string;
  /**
   * Lua statements run once the client is initialized and attached. They end with
   * `return VALUE`; VALUE comes back from runNvimLsp as parsed JSON. In scope:
   * `bufnr`, `client` (the LSP client object), `wait(ms, predicate)` (vim.wait),
   * `request(method, params, ms)` (a synchronous request; returns the result or raises),
   * `diagnostics()` (this buffer's diagnostics as plain tables), `position(line, character)`
   * (a TextDocumentPositionParams for this buffer, 0-based).
   */
  readonly lua: string;
  /** Neovim 'filetype' of the buffer, sent as the document's languageId. */
  readonly filetype?: string;
  /** Whole-run limit; Neovim is killed past it. Default 30 s. */
  readonly timeoutMs?: number;
  /** Server's root directory; defaults to the file's folder. */
  readonly rootDir?: string;
}

export type NvimLspResult =
  | { readonly ok: true; readonly value: unknown; readonly stderr: string }
  | { readonly ok: false; readonly error: string; readonly stderr: string };

/** Lua string literal that survives any content (long brackets with a level no line uses). */
export function luaString(s: string): string {
  let level = 0;
  while (s.includes(']' + '='.repeat(level) + ']')) level++;
  const eq = '='.repeat(level);
  // A long bracket drops a newline that directly follows the opening, so add one of our own.
  return `[${eq}[\n${s}]${eq}]`;
}

/** The whole generated script; exported so a failing test can show what ran. */
export function nvimLspScript(opts: NvimLspOptions, resultPath: string, innerTimeoutMs: number): string {
  const file = resolve(opts.file);
  const rootDir = resolve(opts.rootDir ?? dirname(file));
  const cmd = `{ ${opts.cmd.map(luaString).join(', ')} }`;
  return `
local result_path = ${luaString(resultPath)}
local timeout_ms = ${Math.max(1000, Math.floor(innerTimeoutMs))}

local function finish(value)
  local f = assert(io.open(result_path, 'w'))
  f:write(vim.fn.json_encode(value))
  f:close()
  vim.cmd('qall!')
end

local function wait(ms, predicate)
  return vim.wait(ms, predicate, 20)
end

local function run()
  vim.cmd('edit ' .. vim.fn.fnameescape(${luaString(file)}))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_option(bufnr, 'filetype', ${luaString(opts.filetype ?? 'reward')})

  local exit_info = nil
  local client_id = vim.lsp.start_client({
    name = 'e2e',
    cmd = ${cmd},
    root_dir = ${luaString(rootDir)},
    on_exit = function(code, signal) exit_info = { code = code, signal = signal } end,
  })
  if not client_id then error('vim.lsp.start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local ready = wait(timeout_ms, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return exit_info ~= nil or (c ~= nil and c.initialized == true)
  end)
  if exit_info then error('server exited during start: ' .. vim.fn.json_encode(exit_info)) end
  if not ready then error('server did not answer initialize within ' .. timeout_ms .. ' ms') end
  local client = vim.lsp.get_client_by_id(client_id)

  local function request(method, params, ms)
    local r, err = client.request_sync(method, params, ms or timeout_ms, bufnr)
    if not r then error(method .. ': ' .. tostring(err or 'no answer')) end
    if r.err then error(method .. ': ' .. vim.fn.json_encode(r.err)) end
    return r.result
  end

  local function diagnostics()
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code
      if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
      table.insert(out, {
        line = d.lnum, character = d.col, end_line = d.end_lnum, end_character = d.end_col,
        severity = d.severity, message = d.message, source = d.source, code = code,
      })
    end
    return out
  end

  local function position(line, character)
    return {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = line, character = character },
    }
  end

  local user = function()
${opts.lua}
  end
  return user()
end

local ok, value = pcall(run)
if ok then
  finish({ ok = true, value = value == nil and vim.NIL or value })
else
  finish({ ok = false, error = tostring(value) })
end
`;
}

/**
 * Runs headless Neovim with a generated Lua script (see NvimLspOptions.lua) and returns the
 * value the script returned, or the error it raised. Never throws for a failing server.
 */
export async function runNvimLsp(opts: NvimLspOptions): Promise<NvimLspResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'e2e-nvim-'));
  const resultPath = join(dir, 'result.json');
  const scriptPath = join(dir, 'run.lua');
  // Leave Neovim some time to write its answer before the outer kill.
  writeFileSync(scriptPath, nvimLspScript(opts, resultPath, timeoutMs - 2000));
  try {
    const { stderr, timedOut } = await runProcess(
      'nvim',
      ['--headless', '--clean', '-c', `luafile ${scriptPath}`],
      timeoutMs,
      // A private state directory keeps lsp.log and shada away from the user's.
      { ...process.env, XDG_STATE_HOME: dir, XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir },
    );
    if (!existsSync(resultPath)) {
      const why = timedOut ? `timed out after ${timeoutMs} ms` : 'exited without writing a result';
      return { ok: false, error: `nvim ${why}`, stderr };
    }
    const parsed = JSON.parse(readFileSync(resultPath, 'utf8')) as { ok: boolean; value?: unknown; error?: string };
    return parsed.ok
      ? { ok: true, value: parsed.value, stderr }
      : { ok: false, error: parsed.error ?? 'unknown error', stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lua body: wait until the buffer has at least `count` diagnostics (or the time is up), return them. */
export function luaWaitForDiagnostics(count = 1, ms = 15_000): string {
  return `
    wait(${ms}, function() return #vim.diagnostic.get(bufnr) >= ${count} end)
    return diagnostics()`;
}

/** Lua body: a hover request at a 0-based position; returns the LSP Hover result (or null). */
export function luaHover(line: number, character: number, ms = 10_000): string {
  return `    return request('textDocument/hover', position(${line}, ${character}), ${ms})`;
}

function runProcess(
  command: string,
  args: readonly string[],
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolvePromise, reject) => {
    // detached: Neovim and the server it starts form one process group, killed together.
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', () => {});
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(child.pid); // the server, should it outlive Neovim
      resolvePromise({ code, stderr, timedOut });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}
