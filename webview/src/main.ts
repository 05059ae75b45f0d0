// The preview webview: one bundle for VS Code's panel and the standalone report.
import 'uplot/dist/uPlot.min.css';
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { App } from './app';
import { h } from './dom';
import { reportHost } from './report-host';
import { vscodeHost } from './vscode-api';

function main(): void {
  const root = document.getElementById('app') ?? document.body.appendChild(h('main', { id: 'app' }));
  const host = vscodeHost() ?? reportHost();
  if (!host) {
    root.append(h('p', {}, 'This page shows a reward preview, but it holds no data: open it from VS Code or from the report written by `reward preview`.'));
    return;
  }
  new App(root, host).start();
}

main();
