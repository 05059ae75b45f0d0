// The import rules of docs/architecture.md as data, and a checker over the imports of source
// files (read with TypeScript's own pre-processor: static imports, re-exports, `import()` and
// `require` alike). The checker is a pure function of file texts, so a test can also show that
// it catches a forbidden import.
import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import ts from 'typescript';

/** A source file: its path from the repository root (with `/`) and its text. */
export interface Source {
  readonly path: string;
  readonly text: string;
}

export interface Import {
  /** As written. */
  readonly specifier: string;
  /** For a relative import: the path it points to from the repository root (no extension). */
  readonly target?: string;
}

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly rule: string;
}

export function importsOf(source: Source): Import[] {
  const info = ts.preProcessFile(source.text, true, true);
  return info.importedFiles.map(({ fileName }) =>
    fileName.startsWith('.') ? { specifier: fileName, target: posix.normalize(posix.join(posix.dirname(source.path), fileName)) } : { specifier: fileName },
  );
}

const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNode = (s: string) => NODE.has(s) || s.startsWith('node:');
const isVscode = (s: string) => /^vscode(-|$|\/)/.test(s);
const under = (path: string | undefined, ...dirs: string[]) => path !== undefined && dirs.some((d) => path === d || path.startsWith(`${d}/`));
/** The package an import names (`@scope/name` or `name`), without its subpath. */
const packageOf = (s: string) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/');

export type Part = 'core' | 'lsp' | 'cli' | 'client' | 'webview' | 'protocol';

export function partOf(path: string): Part | undefined {
  if (under(path, 'server/src/lsp')) return 'lsp';
  if (under(path, 'server/src/cli')) return 'cli';
  if (under(path, 'server/src')) return 'core';
  if (under(path, 'client/src')) return 'client';
  if (under(path, 'webview/src')) return 'webview';
  if (under(path, 'protocol')) return 'protocol';
  return undefined;
}

/** The rules, each a name and a test of one import of one file. Stated in docs/architecture.md. */
export const RULES: readonly { readonly name: string; readonly applies: (file: string) => boolean; readonly forbids: (i: Import, file: string) => boolean }[] = [
  {
    name: 'the core imports no vscode* package',
    applies: (f) => partOf(f) === 'core',
    forbids: (i) => isVscode(i.specifier),
  },
  {
    name: 'the core imports nothing of lsp/, cli/, client/ or webview/',
    applies: (f) => partOf(f) === 'core',
    forbids: (i) => under(i.target, 'server/src/lsp', 'server/src/cli', 'client', 'webview'),
  },
  {
    name: 'in the core, only the trajectory readers (server/src/data/) import Node built-ins',
    applies: (f) => partOf(f) === 'core' && !under(f, 'server/src/data'),
    forbids: (i) => isNode(i.specifier),
  },
  {
    name: 'lsp/ never imports cli/',
    applies: (f) => partOf(f) === 'lsp',
    forbids: (i) => under(i.target, 'server/src/cli'),
  },
  {
    name: 'the server imports nothing of client/ or webview/',
    applies: (f) => partOf(f) === 'core' || partOf(f) === 'lsp' || partOf(f) === 'cli',
    forbids: (i) => under(i.target, 'client', 'webview'),
  },
  {
    name: 'the client imports only the protocol module, its own files, vscode, vscode-languageclient and Node built-ins',
    applies: (f) => partOf(f) === 'client',
    forbids: (i) => (i.target !== undefined ? !under(i.target, 'client/src', 'protocol') : !(isNode(i.specifier) || i.specifier === 'vscode' || packageOf(i.specifier) === 'vscode-languageclient')),
  },
  {
    name: 'the webview imports only the protocol module, its own files and its rendering libraries (uplot, @vscode-elements/elements)',
    applies: (f) => partOf(f) === 'webview',
    forbids: (i) => (i.target !== undefined ? !under(i.target, 'webview/src', 'protocol') : !['uplot', '@vscode-elements/elements'].includes(packageOf(i.specifier))),
  },
  {
    name: 'the protocol module imports only its own files',
    applies: (f) => partOf(f) === 'protocol',
    forbids: (i) => !under(i.target, 'protocol'),
  },
];

export function violations(sources: readonly Source[]): Violation[] {
  const out: Violation[] = [];
  for (const s of sources) {
    const rules = RULES.filter((r) => r.applies(s.path));
    if (rules.length === 0) continue;
    for (const i of importsOf(s)) for (const r of rules) if (r.forbids(i, s.path)) out.push({ file: s.path, specifier: i.specifier, rule: r.name });
  }
  return out;
}

/** Uses of the process in the core outside the trajectory readers: argv, cwd, env and the streams belong to the entry points. */
export function processUses(sources: readonly Source[]): { file: string; line: number; text: string }[] {
  const out: { file: string; line: number; text: string }[] = [];
  for (const s of sources) {
    if (partOf(s.path) !== 'core' || under(s.path, 'server/src/data')) continue;
    s.text.split('\n').forEach((line, i) => {
      const code = line.replace(/\/\/.*$/, '');
      if (/\bprocess\s*\.\s*(argv|cwd|env|chdir|exit|stdout|stderr|stdin|on)\b/.test(code)) out.push({ file: s.path, line: i + 1, text: line.trim() });
    });
  }
  return out;
}
