import type { CodeLens } from 'vscode-languageserver';
import type { DocumentAnalysis } from './workspace-analysis';

/** Commands the client implements; code lenses pass them the document URI and the declaration's name. */
export const COMMANDS = {
  preview: 'rewardsmith.preview',
  exportPython: 'rewardsmith.exportPython',
  showAutomaton: 'rewardsmith.showAutomaton',
} as const;

export function codeLenses(a: DocumentAnalysis): CodeLens[] {
  const out: CodeLens[] = [];
  for (const d of a.analysis.parsed.file.declarations) {
    if (d.kind !== 'reward' && d.kind !== 'machine' && d.kind !== 'ltl') continue;
    if (!d.name.text) continue;
    const range = a.lines.range(d.name.span);
    const args = [a.uri, d.name.text];
    if (d.kind === 'reward') {
      out.push({ range, command: { title: 'Preview', command: COMMANDS.preview, arguments: args } });
      out.push({ range, command: { title: 'Export to Python', command: COMMANDS.exportPython, arguments: args } });
    } else out.push({ range, command: { title: 'Show automaton', command: COMMANDS.showAutomaton, arguments: args } });
  }
  return out;
}
