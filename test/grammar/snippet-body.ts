// Expands a VS Code snippet body (the TextMate snippet syntax) the way the editor would insert it
// with every default accepted, or says where the body is malformed. VS Code never rejects a
// snippet: a typo silently inserts odd text, so the tests need a strict reading of their own.

export interface SnippetExpansion {
  /** The inserted text: placeholders show their defaults, choices their first option. */
  readonly text: string;
  /** Every tabstop index used, with the defaults written for it (mirrors add none). */
  readonly tabstops: ReadonlyMap<number, readonly string[]>;
}

export type SnippetResult =
  | { readonly ok: true; readonly expansion: SnippetExpansion }
  | { readonly ok: false; readonly offset: number; readonly message: string };

type Node =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tabstop'; readonly index: number; readonly body: readonly Node[] | null }
  | { readonly kind: 'choice'; readonly index: number; readonly options: readonly string[] }
  | { readonly kind: 'variable'; readonly name: string; readonly body: readonly Node[] | null };

// The variables VS Code resolves; any other name is inserted as a placeholder named after it.
const KNOWN_VARIABLES = new Set([
  'TM_SELECTED_TEXT', 'TM_CURRENT_LINE', 'TM_CURRENT_WORD', 'TM_LINE_INDEX', 'TM_LINE_NUMBER',
  'TM_FILENAME', 'TM_FILENAME_BASE', 'TM_DIRECTORY', 'TM_FILEPATH', 'RELATIVE_FILEPATH',
  'CLIPBOARD', 'WORKSPACE_NAME', 'WORKSPACE_FOLDER', 'CURSOR_INDEX', 'CURSOR_NUMBER',
  'CURRENT_YEAR', 'CURRENT_YEAR_SHORT', 'CURRENT_MONTH', 'CURRENT_MONTH_NAME',
  'CURRENT_MONTH_NAME_SHORT', 'CURRENT_DATE', 'CURRENT_DAY_NAME', 'CURRENT_DAY_NAME_SHORT',
  'CURRENT_HOUR', 'CURRENT_MINUTE', 'CURRENT_SECOND', 'CURRENT_SECONDS_UNIX',
  'CURRENT_TIMEZONE_OFFSET', 'RANDOM', 'RANDOM_HEX', 'UUID', 'BLOCK_COMMENT_START',
  'BLOCK_COMMENT_END', 'LINE_COMMENT',
]);

class SnippetError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

interface Parsed {
  readonly nodes: readonly Node[];
  readonly end: number;
}

/** Reads nodes from `start` to the end of the body, or to the `}` that closes the `${` at `openedAt`. */
function parseNodes(src: string, start: number, openedAt: number | null): Parsed {
  const nested = openedAt !== null;
  const nodes: Node[] = [];
  let text = '';
  let i = start;
  const flush = (): void => {
    if (text) nodes.push({ kind: 'text', text });
    text = '';
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && '$}\\'.includes(src[i + 1])) {
      text += src[i + 1];
      i += 2;
    } else if (c === '}' && nested) {
      flush();
      return { nodes, end: i };
    } else if (c === '$') {
      flush();
      const { node, end } = parseDollar(src, i);
      nodes.push(node);
      i = end;
    } else {
      text += c;
      i += 1;
    }
  }
  if (nested) throw new SnippetError(openedAt, 'a `${` is never closed by `}`');
  flush();
  return { nodes, end: i };
}

/** Parses the construct that starts with the `$` at `at`. */
function parseDollar(src: string, at: number): { node: Node; end: number } {
  const rest = src.slice(at + 1);
  const bareIndex = /^\d+/.exec(rest);
  if (bareIndex) return { node: { kind: 'tabstop', index: Number(bareIndex[0]), body: null }, end: at + 1 + bareIndex[0].length };
  const bareName = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
  if (bareName) return { node: variable(bareName[0], null, at), end: at + 1 + bareName[0].length };
  if (!rest.startsWith('{')) throw new SnippetError(at, 'a `$` that starts nothing: write `\\$` for a literal dollar');

  const head = /^\{(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*))/.exec(rest);
  if (!head) throw new SnippetError(at, '`${` must be followed by a tabstop number or a variable name');
  const after = at + 1 + head[0].length;
  const next = src[after];
  if (head[1] !== undefined) {
    const index = Number(head[1]);
    if (next === '}') return { node: { kind: 'tabstop', index, body: null }, end: after + 1 };
    if (next === ':') {
      const inner = parseNodes(src, after + 1, at);
      return { node: { kind: 'tabstop', index, body: inner.nodes }, end: inner.end + 1 };
    }
    if (next === '|') return parseChoice(src, index, after + 1, at);
    throw new SnippetError(after, `after \`\${${index}\` expected \`}\`, \`:\` or \`|\``);
  }
  const name = head[2];
  if (next === '}') return { node: variable(name, null, at), end: after + 1 };
  if (next === ':') {
    const inner = parseNodes(src, after + 1, at);
    return { node: variable(name, inner.nodes, at), end: inner.end + 1 };
  }
  if (next === '/') throw new SnippetError(after, `variable transforms (\${${name}/...}) are not used in these snippets`);
  throw new SnippetError(after, `after \`\${${name}\` expected \`}\` or \`:\``);
}

function variable(name: string, body: readonly Node[] | null, at: number): Node {
  if (!KNOWN_VARIABLES.has(name)) throw new SnippetError(at, `unknown snippet variable \`${name}\``);
  return { kind: 'variable', name, body };
}

/** Parses `opt1,opt2|}` of a choice whose options start at `from`. */
function parseChoice(src: string, index: number, from: number, at: number): { node: Node; end: number } {
  const options: string[] = [];
  let option = '';
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length && '$}\\,|'.includes(src[i + 1])) {
      option += src[i + 1];
      i += 2;
    } else if (c === ',') {
      options.push(option);
      option = '';
      i += 1;
    } else if (c === '|' && src[i + 1] === '}') {
      options.push(option);
      if (options.some((o) => o === '')) throw new SnippetError(at, `choice \$${index} has an empty option`);
      return { node: { kind: 'choice', index, options }, end: i + 2 };
    } else {
      option += c;
      i += 1;
    }
  }
  throw new SnippetError(at, `choice \$${index} is never closed by \`|}\``);
}

function collectDefaults(nodes: readonly Node[], into: Map<number, string[]>): void {
  for (const node of nodes) {
    if (node.kind === 'tabstop') {
      const list = into.get(node.index) ?? [];
      if (node.body !== null) list.push(render(node.body, new Map()));
      into.set(node.index, list);
      if (node.body !== null) collectDefaults(node.body, into);
    } else if (node.kind === 'choice') {
      into.set(node.index, [...(into.get(node.index) ?? []), node.options[0]]);
    } else if (node.kind === 'variable' && node.body !== null) {
      collectDefaults(node.body, into);
    }
  }
}

/** The inserted text; a mirror (`$2`) shows the default written for its index elsewhere. */
function render(nodes: readonly Node[], defaults: ReadonlyMap<number, readonly string[]>): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.text;
        case 'tabstop':
          return node.body !== null ? render(node.body, defaults) : (defaults.get(node.index)?.[0] ?? '');
        case 'choice':
          return node.options[0];
        case 'variable':
          return node.body !== null ? render(node.body, defaults) : '';
      }
    })
    .join('');
}

/** Checks what VS Code lets pass silently: mirrors that disagree, gaps in the numbering. */
function checkTabstops(tabstops: ReadonlyMap<number, readonly string[]>): void {
  for (const [index, defaults] of tabstops) {
    if (new Set(defaults).size > 1) {
      throw new SnippetError(0, `tabstop $${index} has different defaults: ${defaults.map((d) => JSON.stringify(d)).join(', ')}`);
    }
  }
  const numbered = [...tabstops.keys()].filter((i) => i > 0).sort((a, b) => a - b);
  numbered.forEach((index, k) => {
    if (index !== k + 1) throw new SnippetError(0, `tabstops are not numbered 1, 2, 3...: $${k + 1} is missing before $${index}`);
  });
}

export function expandSnippet(body: string | readonly string[]): SnippetResult {
  const src = typeof body === 'string' ? body : body.join('\n');
  try {
    const { nodes } = parseNodes(src, 0, null);
    const tabstops = new Map<number, string[]>();
    collectDefaults(nodes, tabstops);
    checkTabstops(tabstops);
    return { ok: true, expansion: { text: render(nodes, tabstops), tabstops } };
  } catch (e) {
    if (e instanceof SnippetError) return { ok: false, offset: e.offset, message: e.message };
    throw e;
  }
}
