import type { SignatureHelp } from 'vscode-languageserver';
import { FUNCTIONS } from '../names/functions';
import { lexer } from '../syntax/tokens';

/** The signature of the built-in function whose call the cursor is in, with the active argument. */
export function signatureHelp(text: string, offset: number): SignatureHelp | null {
  const tokens = lexer.tokenize(text.slice(0, offset)).tokens;
  // Walk back to the innermost unclosed `(`, counting the commas at its level.
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i].image;
    if (t === ')' || t === ']') depth++;
    else if (t === '(' || t === '[') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = tokens[i - 1];
      const f = t === '(' && callee ? FUNCTIONS.get(callee.image) : undefined;
      if (!f || callee.tokenType.name !== 'Identifier') return null;
      const params = /\((.*)\)/.exec(f.signature)![1].split(', ');
      const variadic = params[params.length - 1] === '...';
      const active = variadic ? Math.min(commas, params.length - 2) : Math.min(commas, params.length - 1);
      return {
        signatures: [{ label: f.signature, documentation: f.doc, parameters: params.map((p) => ({ label: p })) }],
        activeSignature: 0,
        activeParameter: active,
      };
    } else if (t === ',' && depth === 0) commas++;
    else if (t === '{' || t === '}' || t === ';') return null;
  }
  return null;
}
