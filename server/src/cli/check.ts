import { readFileSync } from 'node:fs';
import { analyze } from '../analysis/analyze';
import { explainClasses } from '../analysis/explain';
import type { Diagnostic } from '../base/diagnostic';
import { LineIndex } from '../base/line-index';
import { choice, parseArgs } from './args';
import { docsLink, findDocsFolder, type DocsLink } from '../lsp/docs-link';
import { fileError } from './io';


interface FileReport {
  readonly file: string;
  readonly lines: LineIndex;
  readonly diagnostics: readonly Diagnostic[];
  /** `--explain`: the expressivity class of each reward and item (empty for a spec with errors). */
  readonly classes: readonly string[];
}

/** `docs`: where the SARIF output's rules link to; by default the pages beside this command. */
export function runCheck(argv: readonly string[], out: (s: string) => void, err: (s: string) => void, docs?: DocsLink): number {
  const args = parseArgs(argv, { values: ['format'], flags: ['explain'] });
  const format = choice(args.options.get('format'), ['text', 'json', 'sarif'] as const, 'text', 'format');
  const explain = args.options.get('explain') === true;
  if (args.positional.length === 0) throw new Error('reward check needs at least one file');
  let failed = false;
  const reports: FileReport[] = [];
  for (const file of args.positional) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      err(`reward check: cannot read ${file}: ${fileError(e)}`);
      failed = true;
      continue;
    }
    const a = analyze(text);
    if (a.hasErrors) failed = true;
    const classes = !explain ? [] : a.hasErrors ? ['not classified: the spec has errors'] : explainClasses(a.model);
    reports.push({ file, lines: new LineIndex(text), diagnostics: a.diagnostics, classes });
  }
  if (format === 'json') out(JSON.stringify(reports.flatMap(jsonDiagnostics), null, 2) + '\n');
  else if (format === 'sarif') out(JSON.stringify(sarif(reports, docs ?? docsLink(findDocsFolder(process.argv[1], process.cwd()))), null, 2) + '\n');
  else {
    for (const r of reports) {
      for (const d of r.diagnostics) {
        const p = r.lines.position(d.span.start);
        out(`${r.file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code}: ${d.message}\n`);
      }
    }
    for (const r of reports) {
      if (r.classes.length > 0) out(`${r.file}: expressivity\n${r.classes.map((l) => `  ${l}\n`).join('')}`);
    }
    // A file that could not be read is already the one line a failure prints.
    if (reports.length < args.positional.length) return 1;
    const counts = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const r of reports) for (const d of r.diagnostics) counts[d.severity]++;
    err(`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information, ${counts.hint} hint${counts.hint === 1 ? '' : 's'}`);
  }
  return failed ? 1 : 0;
}

function jsonDiagnostics(r: FileReport) {
  return r.diagnostics.map((d) => ({ file: r.file, range: r.lines.range(d.span), severity: d.severity, code: d.code, message: d.message }));
}

function sarif(reports: readonly FileReport[], docs: DocsLink) {
  const codes = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const level = (s: Diagnostic['severity']) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'rewardsmith', rules: codes.map((id) => ({ id, helpUri: docs(id) })) } },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((r) =>
          r.diagnostics.map((d) => {
            const range = r.lines.range(d.span);
            return {
              ruleId: d.code,
              level: level(d.severity),
              message: { text: d.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: r.file }, region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 } } }],
            };
          }),
        ),
      },
    ],
  };
}
