// Test helper: the examples of a Markdown page, as the page promises them. A ```reward block
// is a whole spec whose `// expect: CODE[, CODE]` comments name the diagnostics that start on
// their line; a ```jsonl block right after it is a trajectory, and a line `Returns: A, B` after
// that gives the undiscounted return of each episode.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DocExample {
  /** 1-based line of the opening fence in the page. */
  readonly line: number;
  readonly spec: string;
  readonly trajectory?: string;
  readonly returns?: readonly number[];
}

const FENCE = /^```(\w*)\s*$/;

export interface Block {
  readonly lang: string;
  /** 1-based line of the opening fence. */
  readonly line: number;
  readonly body: string;
  /** 0-based line of the closing fence. */
  readonly end: number;
}

export function fencedBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !/^```\s*$/.test(lines[j])) j++;
    blocks.push({ lang: open[1], line: i + 1, body: lines.slice(i + 1, j).join('\n') + '\n', end: j });
    i = j;
  }
  return blocks;
}

/** Every ```reward block; a ```jsonl block belongs to the last ```reward block above it. */
export function docExamples(markdown: string): DocExample[] {
  const lines = markdown.split('\n');
  const blocks = fencedBlocks(markdown);
  const out: { line: number; spec: string; trajectory?: string; returns?: number[] }[] = [];
  blocks.forEach((b, k) => {
    if (b.lang === 'reward') out.push({ line: b.line, spec: b.body });
    if (b.lang !== 'jsonl' || out.length === 0) return;
    const owner = out[out.length - 1];
    if (owner.trajectory !== undefined) throw new Error(`line ${b.line}: a second trajectory for the spec at line ${owner.line}`);
    owner.trajectory = b.body;
    const after = lines.slice(b.end + 1, (blocks[k + 1]?.line ?? lines.length + 1) - 1);
    const returnsLine = after.find((l) => l.startsWith('Returns:'));
    owner.returns = returnsLine?.slice('Returns:'.length).split(',').map((s) => Number(s.trim()));
  });
  return out;
}

/** `// expect:` marks of a spec: "line:code" for each expected diagnostic (0-based lines). */
export function expectedMarks(spec: string): string[] {
  const out: string[] = [];
  spec.split('\n').forEach((l, i) => {
    const m = /\/\/\s*expect:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/.exec(l);
    if (m) for (const code of m[1].split(',')) out.push(`${i}:${code.trim()}`);
  });
  return out.sort();
}

export interface CheckRow {
  readonly range: { readonly start: { readonly line: number } };
  readonly severity: string;
  readonly code: string;
  readonly message: string;
}

/** Runs the installed command (`bin/reward.cjs`, the built CLI) as a user would. */
export function reward(root: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'reward.cjs'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rewardsmith-docs-'));
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
