// A stand-in for the `vscode` module (the parts the client's trust and command code touch), so
// that the restricted-mode behaviour can be tested without VS Code. The test flips
// `workspace.isTrusted` and reads what was shown and run.
export const shown = [];
export const executed = [];
export const registered = new Map();
const event = () => ({ dispose() {} });
export const workspace = { isTrusted: false, onDidChangeTextDocument: event, onDidSaveTextDocument: event, onDidChangeConfiguration: event, onDidCloseTextDocument: event, onDidGrantWorkspaceTrust: event };
export const window = {
  onDidChangeActiveTextEditor: event,
  showWarningMessage: (message, ...items) => {
    shown.push({ message, items });
    return Promise.resolve(undefined);
  },
  showErrorMessage: (message) => {
    shown.push({ message, items: [] });
    return Promise.resolve(undefined);
  },
  get activeTextEditor() {
    executed.push('activeTextEditor');
    return undefined;
  },
};
export const commands = {
  registerCommand: (id, f) => {
    registered.set(id, f);
    return { dispose() {} };
  },
  executeCommand: (id) => {
    executed.push(id);
    return Promise.resolve(undefined);
  },
};
export class Disposable {
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
  constructor(f) {
    this.f = f;
  }
  dispose() {
    this.f();
  }
}
export const ViewColumn = { Beside: -2, Active: -1 };
export const Uri = { joinPath: (...parts) => ({ toString: () => parts.map(String).join('/') }), file: (p) => ({ fsPath: p, toString: () => `file://${p}` }) };
