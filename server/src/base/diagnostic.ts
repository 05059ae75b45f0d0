import type { Span } from './span';

/** Every code of LANGUAGE.md section 7. The string is the code users see (LSP `code`, CLI). */
export const CODES = {
  'syntax-error': 'error',
  'undefined-name': 'error',
  'duplicate-name': 'error',
  'type-mismatch': 'error',
  'unused-declaration': 'hint',
  'prime-not-allowed': 'error',
  'invalid-discount': 'error',
  'unreachable-state': 'warning',
  'no-path-to-terminal': 'warning',
  'transition-from-terminal': 'warning',
  'nondeterministic-transitions': 'warning',
  'unsatisfiable-guard': 'warning',
  'positive-reward-cycle': 'warning',
  'non-markovian-reward': 'information',
  'ltl-not-finitary': 'warning',
  'ltl-trivial': 'warning',
  'machine-is-markov': 'hint',
  'potential-not-state-function': 'error',
  'shaping-discount-mismatch': 'error',
  'not-potential-based': 'warning',
  'discount-undeclared': 'warning',
  'auxiliary-may-dominate': 'warning',
  'living-reward-incentive': 'warning',
  'unbounded-reward': 'information',
  'farmable-progress': 'warning',
  // Not of section 7: an analysis that failed (a bug in Rewardsmith), reported rather than silenced.
  'internal-error': 'warning',
} as const;

export type Code = keyof typeof CODES;
export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Related {
  readonly span: Span;
  readonly message: string;
}

/** A mechanical fix: text edits in the same document. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly { readonly span: Span; readonly newText: string }[];
  readonly preferred?: boolean;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly Related[];
  /** Marks declarations nothing uses (LSP DiagnosticTag.Unnecessary). */
  readonly unnecessary?: boolean;
  readonly fixes?: readonly Fix[];
}

export function diagnostic(
  code: Code,
  span: Span,
  message: string,
  extra: Partial<Omit<Diagnostic, 'code' | 'span' | 'message'>> = {},
): Diagnostic {
  return { code, span, message, severity: extra.severity ?? CODES[code], ...extra };
}
