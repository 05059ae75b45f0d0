// Byte-level mutations of a text (the examples, their trajectories): deletions, insertions of
// random bytes or of troublesome snippets (unterminated comments and brackets, keywords,
// NUL, a byte-order mark, bytes that are not UTF-8), duplications and bit flips. The bytes
// are decoded back as a file would be read, so invalid UTF-8 becomes U+FFFD.
import fc from 'fast-check';

const SNIPPETS = [
  '(', ')', '[', ']', '{', '}', '/*', '*/', '//', '/**', '///', "'", '"', '\n', '\r\n', '\r', ';', ',', ':', '=', '->', '<->', '?', '^', '%', '!',
  'when', 'reward', 'machine m {', 'ltl l = ', 'F[', 'G[1,', 'F[2,1] a', 'X', 'WX', 'U', 'shaping', 'discount', 'task', 'in [', 'otherwise',
  'initial', 'terminal', 'exclusive', 'prop', 'signal', 'action', 'def', 'term', 'potential', 'horizon', 'continuing', 'enum {', 'if', 'then', 'else',
  "x'", "''", '1e999', '-1e-999', '0.', '.5', '1e', '99999999999999999999', 'NaN', 'Infinity', '\u0000', '\ufeff', '\u00e9', '\u{1f600}', '\u2028', '\t',
  '('.repeat(40), '['.repeat(40), ')'.repeat(40), '-'.repeat(40), '!'.repeat(40),
  '{"obs":', '"action":', '"terminated": true', '"truncated": true', '"labels": "ab"', '"episode": 1', 'null', 'true', '[]', '{}', ',,', '\\u',
];

export type Mutation =
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number; readonly to: number }
  | { readonly kind: 'flip'; readonly at: number; readonly bit: number };

const encoder = new TextEncoder();

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.constantFrom(...SNIPPETS).map((s) => encoder.encode(s)) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }), to: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
);

export const mutationsArb: fc.Arbitrary<readonly Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 8 });

/** The bytes after the mutations, applied in order; positions wrap around the current length. */
export function mutateBytes(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce((bytes, m) => {
    const n = bytes.length;
    const at = n === 0 ? 0 : m.at % (n + 1);
    switch (m.kind) {
      case 'delete':
        return concat(bytes.subarray(0, at), bytes.subarray(Math.min(n, at + m.length)));
      case 'insert':
        return concat(bytes.subarray(0, at), m.bytes, bytes.subarray(at));
      case 'duplicate': {
        const piece = bytes.slice(at, Math.min(n, at + m.length));
        const to = m.to % (n + 1);
        return concat(bytes.subarray(0, to), piece, bytes.subarray(to));
      }
      case 'flip': {
        if (n === 0) return bytes;
        const out = bytes.slice();
        out[m.at % n] ^= 1 << m.bit;
        return out;
      }
    }
  }, input);
}

/** A text after byte-level mutations, decoded as UTF-8 the way the readers decode files. */
export function mutateText(text: string, mutations: readonly Mutation[]): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(mutateBytes(encoder.encode(text), mutations));
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
