import { DEFAULT_COLUMNS, type EpisodeView, type PreviewOverview } from '../../../protocol/preview';
import { allSeries, episodeView, mapSeries } from '../../../protocol/slices';
import { REPORT_DATA_ID, ReportDataSchema } from '../../../protocol/webview';
import type { DetailIndex, SeriesRef } from '../../../protocol/detail';
import { CHUNK_STEPS } from '../../../protocol/detail';
import type { PreviewSeries } from './compute';
import { detailSource, type DetailSeries, type Zlib } from './report-detail';
import { overview } from './view';

export interface ReportAssets {
  /** The webview bundle (dist/webview.js) and its styles (dist/webview.css). */
  readonly js: string;
  readonly css: string;
}

/**
 * The standalone report: ONE HTML file with the webview bundle, its styles and the preview
 * inlined, under the webview's kind of Content-Security-Policy (nothing remote, scripts and
 * styles only with the nonce). The data are inert blocks, which CSP does not run: first the
 * overview and the first view (episode 0 downsampled, drawn at once), after the script the
 * per-step detail (protocol/detail.ts), which the page decodes a chunk at a time when a zoom or
 * a hover needs it.
 *
 * The document is windows-1252 so that the detail's bytes are one character each: every other
 * part is ASCII (escaped here). The parts are written one after the other, text as Latin-1
 * bytes (the whole file is never one string).
 */
export function renderReport(series: PreviewSeries<DetailSeries>, assets: ReportAssets, nonce: string, zlib: Zlib): (string | Uint8Array)[] {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error('renderReport: the nonce must be at least 16 base64 characters');
  const summary = series.summary;
  const csp = [`default-src 'none'`, `img-src data:`, `font-src data:`, `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  const o: PreviewOverview = overview(summary);
  const source = detailSource(summary.meta, summary.offsets, series, zlib);
  const first: EpisodeView | null = summary.offsets.length > 1 ? episodeView(source, 0, DEFAULT_COLUMNS) : null;

  const elements: string[] = [];
  const ref = (s: DetailSeries): SeriesRef => {
    const element = `rewardsmith-detail-${elements.length}`;
    const bounds = new Int32Array(s.chunks.length + 1);
    for (let i = 0; i < s.chunks.length; i++) bounds[i + 1] = bounds[i] + s.chunks[i].length;
    elements.push(element);
    return { element, kind: s.kind, bounds, layouts: Uint8Array.from(s.layouts) };
  };
  const all = allSeries(series);
  const detail: DetailIndex = { chunk: CHUNK_STEPS, steps: summary.offsets[summary.offsets.length - 1], offsets: summary.offsets, ...mapSeries(series, ref) };
  const data = asciiJson(JSON.stringify(ReportDataSchema.encode({ overview: o, first, detail })).replace(/</g, '\\u003c'));
  const parts: (string | Uint8Array)[] = [`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="windows-1252">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="reward preview">
<title>Reward preview: ${asciiHtml(escapeHtml(summary.meta.spec))}</title>
<style nonce="${nonce}">
${REPORT_THEME_CSS}
${asciiCss(inlineSafe(assets.css, 'style'))}
</style>
</head>
<body class="rewardsmith-report">
<main id="app" aria-live="polite"></main>
<script type="application/json" id="${REPORT_DATA_ID}">${data}</script>
<script nonce="${nonce}">
${asciiJs(inlineSafe(assets.js, 'script'))}
</script>
`];
  all.forEach((s, i) => {
    parts.push(`<script type="application/octet-stream" id="${elements[i]}">`, ...s.chunks, '</script>\n');
  });
  parts.push('</body>\n</html>\n');
  return parts;
}

/** The report's parts as the bytes of the file (every character is one byte). */
export const reportBytes = (parts: readonly (string | Uint8Array)[]): Uint8Array[] => parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p));

// Outside the detail the document must be ASCII (it is read as windows-1252): each part escapes
// what is not, in its own syntax.
const nonAscii = /[^\x00-\x7f]/g;
const hex4 = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');
const asciiJson = (s: string) => s.replace(nonAscii, (c) => `\\u${hex4(c)}`);
const asciiJs = asciiJson; // in strings, templates, regular expressions and names alike
const asciiCss = (s: string) => s.replace(/[^\x00-\x7f]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
const asciiHtml = (s: string) => s.replace(/[^\x00-\x7f]/gu, (c) => `&#${c.codePointAt(0)};`);

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Inlined code must not close its own element or open an HTML comment inside it. */
const inlineSafe = (code: string, tag: 'script' | 'style') =>
  code
    .replace(/^\/[/*]# sourceMappingURL=.*$/gm, '')
    .replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1')
    .replace(/<!--/g, '<\\!--');

// Outside VS Code nobody sets the theme variables that the views and @vscode-elements read:
// the report brings VS Code's default Dark Modern and Light Modern values, chosen by the
// reader's system setting, and high contrast when the system forces colours.
export const REPORT_THEME_CSS = `
:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", Ubuntu, sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", monospace;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-panel-border: #2b2b2b;
  --vscode-focusBorder: #0078d4;
  --vscode-textLink-foreground: #4daafc;
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-list-activeSelectionForeground: #ffffff;
  --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-editorWidget-background: #202020;
  --vscode-editorWidget-border: #454545;
  --vscode-inputValidation-warningBackground: #352a05;
  --vscode-inputValidation-warningBorder: #b89500;
  --vscode-charts-foreground: #cccccc;
  --vscode-charts-lines: rgba(204, 204, 204, 0.5);
  --vscode-charts-red: #f14c4c;
  --vscode-charts-blue: #3794ff;
  --vscode-charts-yellow: #cca700;
  --vscode-charts-orange: #d18616;
  --vscode-charts-green: #89d185;
  --vscode-charts-purple: #b180d7;
  --vscode-settings-checkboxBackground: #313131;
  --vscode-settings-checkboxBorder: #3c3c3c;
  --vscode-settings-checkboxForeground: #cccccc;
  --vscode-settings-dropdownBackground: #313131;
  --vscode-settings-dropdownBorder: #3c3c3c;
  --vscode-settings-dropdownForeground: #cccccc;
  --vscode-panelTitle-activeBorder: #0078d4;
  --vscode-panelTitle-activeForeground: #cccccc;
  --vscode-panelTitle-inactiveForeground: #9d9d9d;
  color-scheme: dark;
}
@media (prefers-color-scheme: light) {
  :root {
    --vscode-foreground: #3b3b3b;
    --vscode-descriptionForeground: #717171;
    --vscode-editor-background: #ffffff;
    --vscode-editor-foreground: #3b3b3b;
    --vscode-panel-border: #e5e5e5;
    --vscode-focusBorder: #005fb8;
    --vscode-textLink-foreground: #005fb8;
    --vscode-list-hoverBackground: #f2f2f2;
    --vscode-list-activeSelectionBackground: #e8e8e8;
    --vscode-list-activeSelectionForeground: #000000;
    --vscode-list-inactiveSelectionBackground: #e4e6f1;
    --vscode-editorWidget-background: #f8f8f8;
    --vscode-editorWidget-border: #c8c8c8;
    --vscode-inputValidation-warningBackground: #f6f5d2;
    --vscode-inputValidation-warningBorder: #b89500;
    --vscode-charts-foreground: #616161;
    --vscode-charts-lines: rgba(97, 97, 97, 0.5);
    --vscode-charts-red: #e51400;
    --vscode-charts-blue: #1a85ff;
    --vscode-charts-yellow: #bf8803;
    --vscode-charts-orange: #d18616;
    --vscode-charts-green: #388a34;
    --vscode-charts-purple: #652d90;
    --vscode-settings-checkboxBackground: #f8f8f8;
    --vscode-settings-checkboxBorder: #cecece;
    --vscode-settings-checkboxForeground: #3b3b3b;
    --vscode-settings-dropdownBackground: #ffffff;
    --vscode-settings-dropdownBorder: #cecece;
    --vscode-settings-dropdownForeground: #3b3b3b;
    --vscode-panelTitle-activeForeground: #3b3b3b;
    --vscode-panelTitle-inactiveForeground: #717171;
    color-scheme: light;
  }
}
@media (forced-colors: active) {
  :root { --vscode-contrastBorder: CanvasText; --vscode-focusBorder: Highlight; }
}
`;
