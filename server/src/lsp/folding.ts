import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DocumentAnalysis } from './workspace-analysis';

// Folds: every declaration written over several lines (machine and reward blocks, long
// expressions, enums), block comments, and runs of line comments.

export function foldingRanges(a: DocumentAnalysis): FoldingRange[] {
  const out: FoldingRange[] = [];
  const line = (o: number) => a.lines.position(o).line;
  const text = a.analysis.text;
  for (const d of a.analysis.parsed.file.declarations) {
    const start = line(d.span.start);
    let end = line(Math.max(d.span.start, d.span.end - 1));
    // Keep a closing brace on its own line visible, as editors do for code blocks.
    if (end > start && /^\s*\}\s*$/.test(lineText(text, a, end))) end--;
    if (end > start) out.push({ startLine: start, endLine: end });
  }
  const comments = a.analysis.parsed.file.comments;
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (c.block) {
      const s = line(c.span.start);
      const e = line(c.span.end);
      if (e > s) out.push({ startLine: s, endLine: e, kind: FoldingRangeKind.Comment });
      continue;
    }
    // A run of line comments, each alone on its line.
    let j = i;
    while (j + 1 < comments.length && !comments[j + 1].block && line(comments[j + 1].span.start) === line(comments[j].span.start) + 1 && ownLine(text, comments[j + 1].span.start)) j++;
    if (j > i && ownLine(text, c.span.start)) out.push({ startLine: line(c.span.start), endLine: line(comments[j].span.start), kind: FoldingRangeKind.Comment });
    i = j;
  }
  return out.sort((x, y) => x.startLine - y.startLine);
}

function lineText(text: string, a: DocumentAnalysis, line: number): string {
  const start = a.lines.offset({ line, character: 0 });
  const end = a.lines.offset({ line: line + 1, character: 0 });
  return text.slice(start, end);
}

function ownLine(text: string, offset: number): boolean {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^\s*$/.test(text.slice(lineStart, offset));
}
