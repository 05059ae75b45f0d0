// The import rules of docs/architecture.md, enforced on every source file of the server, the
// client, the webview and the protocol module, and the proof that the check catches a
// forbidden import when one is added.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { importsOf, partOf, processUses, RULES, violations, type Source } from './imports';

function sourcesUnder(dir: string): Source[] {
  const out: Source[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourcesUnder(p));
    else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts')) out.push({ path: p.split('\\').join('/'), text: readFileSync(p, 'utf8') });
  }
  return out;
}

const SOURCES = ['server/src', 'client/src', 'webview/src', 'protocol'].flatMap(sourcesUnder);

test('every part is checked: each source file belongs to one part and its imports are read', () => {
  for (const s of SOURCES) assert.ok(partOf(s.path), `${s.path} belongs to no part`);
  const parts = new Set(SOURCES.map((s) => partOf(s.path)));
  assert.deepEqual([...parts].sort(), ['cli', 'client', 'core', 'lsp', 'protocol', 'webview']);
  const reading = importsOf({ path: 'server/src/x/a.ts', text: "import a from 'vscode';\nexport * from '../lsp/b';\nconst c = await import('node:fs');\nconst d = require('../cli/e');\nimport type { F } from '../../../client/src/f';\n" });
  assert.deepEqual(reading, [
    { specifier: 'vscode' },
    { specifier: '../lsp/b', target: 'server/src/lsp/b' },
    { specifier: 'node:fs' },
    { specifier: '../cli/e', target: 'server/src/cli/e' },
    { specifier: '../../../client/src/f', target: 'client/src/f' },
  ]);
});

test('no source file breaks an import rule', () => {
  assert.deepEqual(violations(SOURCES), []);
});

test('the core reads no process state outside the trajectory readers', () => {
  assert.deepEqual(processUses(SOURCES), []);
});

// Each rule, shown to fail: one forbidden import added to a real file of the part it governs.
const FORBIDDEN: readonly [file: string, line: string, rule: string][] = [
  ['server/src/eval/runner.ts', "import * as vscode from 'vscode';", 'the core imports no vscode* package'],
  ['server/src/analysis/analyze.ts', "import { Connection } from 'vscode-languageserver';", 'the core imports no vscode* package'],
  ['server/src/preview/compute.ts', "import { answer } from '../lsp/preview-request';", 'the core imports nothing of lsp/, cli/, client/ or webview/'],
  ['server/src/syntax/parse.ts', "export { run } from '../cli/check';", 'the core imports nothing of lsp/, cli/, client/ or webview/'],
  ['server/src/names/check.ts', "const fs = await import('node:fs');", 'in the core, only the trajectory readers (server/src/data/) import Node built-ins'],
  ['server/src/export/python/module.ts', "import { writeFileSync } from 'fs';", 'in the core, only the trajectory readers (server/src/data/) import Node built-ins'],
  ['server/src/lsp/diagnostics.ts', "import { runCheck } from '../cli/check';", 'lsp/ never imports cli/'],
  ['server/src/cli/main.ts', "import { App } from '../../../webview/src/app';", 'the server imports nothing of client/ or webview/'],
  ['client/src/preview/panel.ts', "import { overview } from '../../../server/src/preview/view';", 'the client imports only the protocol module, its own files, vscode, vscode-languageclient and Node built-ins'],
  ['client/src/extension.ts', "import { App } from '../../webview/src/app';", 'the client imports only the protocol module, its own files, vscode, vscode-languageclient and Node built-ins'],
  ['webview/src/app.ts', "import { stepValues } from '../../server/src/preview/view';", 'the webview imports only the protocol module, its own files and its rendering libraries (uplot, @vscode-elements/elements)'],
  ['webview/src/lanes.ts', "import { readFileSync } from 'node:fs';", 'the webview imports only the protocol module, its own files and its rendering libraries (uplot, @vscode-elements/elements)'],
  ['webview/src/host.ts', "import type { Webview } from 'vscode';", 'the webview imports only the protocol module, its own files and its rendering libraries (uplot, @vscode-elements/elements)'],
  ['protocol/preview.ts', "import { RequestType } from 'vscode-languageserver';", 'the protocol module imports only its own files'],
  ['protocol/schema.ts', "import { Grow } from '../server/src/preview/grow';", 'the protocol module imports only its own files'],
];

test('each rule catches a forbidden import added to a file of its part', () => {
  assert.deepEqual(new Set(FORBIDDEN.map(([, , rule]) => rule)), new Set(RULES.map((r) => r.name)), 'every rule is shown to fail');
  for (const [file, line, rule] of FORBIDDEN) {
    const sources = SOURCES.map((s) => (s.path === file ? { ...s, text: `${line}\n${s.text}` } : s));
    assert.ok(sources.some((s) => s.path === file), `${file} exists`);
    const found = violations(sources);
    assert.ok(found.some((v) => v.file === file && v.rule === rule), `${file} + ${line}: expected '${rule}', found ${JSON.stringify(found)}`);
  }
});

test('reading the process in the core is caught too', () => {
  const sources = SOURCES.map((s) => (s.path === 'server/src/analysis/analyze.ts' ? { ...s, text: `${s.text}\nconst root = process.cwd();\n` } : s));
  assert.equal(processUses(sources).length, 1);
});
