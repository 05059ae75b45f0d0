// The webview's page: the bundle and its styles from the extension's dist/ folder, under a
// strict Content-Security-Policy (no inline script or style, no eval, nothing remote; the one
// script runs by its nonce). Pure, so that the tests load the very same page in Chromium.

export interface WebviewPage {
  /** `webview.cspSource`: the origin VS Code serves local resources from. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
}

export function webviewHtml(p: WebviewPage): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(p.nonce)) throw new Error('webviewHtml: the nonce must be at least 16 base64 characters');
  const csp = [
    `default-src 'none'`,
    `img-src ${p.cspSource} data:`,
    `font-src ${p.cspSource}`,
    `style-src ${p.cspSource}`,
    `script-src 'nonce-${p.nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(p.styleUri)}">
<title>${text(p.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${p.nonce}" src="${attr(p.scriptUri)}"></script>
</body>
</html>
`;
}

const text = (s: string) => s.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
const attr = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
