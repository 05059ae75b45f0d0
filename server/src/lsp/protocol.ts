import { RequestType } from 'vscode-languageserver';
import { PREVIEW_METHOD, type PreviewParams } from '../preview/api';

// Requests and notifications of Rewardsmith beyond LSP, shared with the client (which imports
// this file). Each one is a `reward/...` method. The preview request is to be added here.

export interface AutomatonParams {
  /** The document holding the machine or formula. */
  readonly uri: string;
  /** A machine or an `ltl` item of that document. */
  readonly name: string;
  /** Default 'dot'. */
  readonly format?: 'dot' | 'mermaid';
}

export interface AutomatonResult {
  readonly name: string;
  readonly kind: 'machine' | 'ltl';
  readonly format: 'dot' | 'mermaid';
  /** Reachable states (for a formula: of its minimal DFA over the allowed label sets). */
  readonly states: number;
  readonly text: string;
}

/** The graph of a machine, or the automaton an `ltl` item compiles to, as DOT or Mermaid text. */
export const AutomatonRequest = new RequestType<AutomatonParams, AutomatonResult, void>('reward/automaton');

/** The reward preview (server/src/preview/api.ts): the result is a PreviewResult in wire form (preview/wire.ts). */
export const PreviewRequest = new RequestType<PreviewParams, unknown, void>(PREVIEW_METHOD);
