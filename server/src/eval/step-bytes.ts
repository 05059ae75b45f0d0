import type { StepView as Runner } from './runner';

/**
 * Where a step line is written: `buf` from `at` on, after `reserve(n)` made n bytes room.
 * (cli/output.ts BufferedWriter is one: lines go straight into its output chunk.)
 */
export interface ByteOut {
  buf: Uint8Array;
  at: number;
  reserve(n: number): void;
}

/** The longest text String(x) gives for a double ("-2.2250738585072014e-308" is 24). */
const NUMBER_BYTES = 25;
const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s);

/**
 * The step object as JSON bytes, what `stepJsonWriter` (report.ts) prints as a string, written
 * into the output chunk: no string per line, no garbage per step. The keys, machine states,
 * verdicts and props are encoded once per program (each with the key before it); a number is
 * written from its digits (integers) or from String(x) (V8's shortest round-trip digits), and a
 * component that repeats its last value copies its last bytes. `before` and `after` are a byte
 * written before and after the object (-1: none): ',' between the steps of --format json, '\n'
 * after each line of --format jsonl. test/cli/eval-output.test.ts holds it to JSON.stringify.
 */
export function stepJsonBytes(program: Runner['program']): (episode: number, r: Runner, out: ByteOut, before: number, after: number) => void {
  const q = (s: string) => JSON.stringify(s);
  const keys = program.keys.map((k, i) => utf8((i === 0 ? '' : ',') + q(k) + ':'));
  // Each machine's text per state, each formula's per verdict, each prop's per value, with their keys.
  const machines = program.machines.map((m, i) => m.states.map((s) => utf8((i === 0 ? '' : ',') + q(m.name) + ':' + q(s))));
  const ltls = program.ltls.map((l, i) => ['"rejected"', '"pending"', '"accepted"'].map((v) => utf8((i === 0 ? '' : ',') + q(l.name) + ':' + v)));
  const props = program.props.map((p, i) => [false, true].map((v) => utf8((i === 0 ? '' : ',') + q(p.name) + ':' + v)));
  const HEAD = utf8('{"episode":');
  const T = utf8(',"t":');
  const REWARD = utf8(',"reward":');
  const COMPONENTS = utf8(',"components":{');
  const MACHINES = utf8('},"machines":{');
  const LTL = utf8('},"ltl":{');
  const PROPS = utf8('},"props":{');
  const longest = (xs: readonly Uint8Array[]) => xs.reduce((n, x) => Math.max(n, x.length), 0);
  const size = 2 + HEAD.length + T.length + REWARD.length + COMPONENTS.length + MACHINES.length + LTL.length + PROPS.length + 2 + 3 * NUMBER_BYTES +
    keys.reduce((n, k) => n + k.length + NUMBER_BYTES, 0) + machines.reduce((n, m) => n + longest(m), 0) + ltls.reduce((n, l) => n + longest(l), 0) + props.reduce((n, p) => n + longest(p), 0);

  // The bytes of each component's last value (NaN: none yet; 0 and -0 print alike).
  const lastValue = new Float64Array(keys.length).fill(NaN);
  const lastBytes = new Uint8Array(keys.length * NUMBER_BYTES);
  const lastLength = new Uint8Array(keys.length);
  const scratch = new Uint8Array(NUMBER_BYTES);
  const tailSize = MACHINES.length + LTL.length + PROPS.length + 2 + machines.reduce((n, m) => n + longest(m), 0) + ltls.reduce((n, l) => n + longest(l), 0) + props.reduce((n, p) => n + longest(p), 0);
  const tail = new Uint8Array(tailSize);
  let tailLength = 0;
  const lastMachine = new Int32Array(machines.length);
  const lastLtl = new Int8Array(ltls.length);
  const lastProps = new Uint8Array(props.length);

  return (episode, r, out, before, after) => {
    out.reserve(size);
    const b = out.buf;
    let at = out.at;
    if (before >= 0) b[at++] = before;
    at = put(b, at, HEAD);
    at = copy(b, at, scratch, writeNumber(scratch, 0, episode));
    at = put(b, at, T);
    at = copy(b, at, scratch, writeNumber(scratch, 0, r.t - 1));
    at = put(b, at, REWARD);
    at = copy(b, at, scratch, writeNumber(scratch, 0, r.reward));
    at = put(b, at, COMPONENTS);
    const c = r.components;
    for (let i = 0; i < keys.length; i++) {
      at = put(b, at, keys[i]);
      const v = c[i];
      const from = i * NUMBER_BYTES;
      if (v !== lastValue[i]) {
        lastValue[i] = v;
        lastLength[i] = writeNumber(lastBytes, from, v) - from;
      }
      const n = lastLength[i];
      for (let k = 0; k < n; k++) b[at + k] = lastBytes[from + k];
      at += n;
    }
    // The tail (machines, verdicts, props) mostly repeats the last step's: kept as bytes.
    let same = tailLength > 0;
    for (let i = 0; same && i < machines.length; i++) same = r.machineState[i] === lastMachine[i];
    for (let i = 0; same && i < ltls.length; i++) same = r.ltlStatus[i] === lastLtl[i];
    for (let i = 0; same && i < props.length; i++) same = r.props[i] === lastProps[i];
    if (!same) {
      let t = putTail(tail, 0, MACHINES);
      for (let i = 0; i < machines.length; i++) t = putTail(tail, t, machines[i][(lastMachine[i] = r.machineState[i])]);
      t = putTail(tail, t, LTL);
      for (let i = 0; i < ltls.length; i++) t = putTail(tail, t, ltls[i][(lastLtl[i] = r.ltlStatus[i]) + 1]);
      t = putTail(tail, t, PROPS);
      for (let i = 0; i < props.length; i++) t = putTail(tail, t, props[i][(lastProps[i] = r.props[i]) === 1 ? 1 : 0]);
      tail[t++] = 0x7d; // }
      tail[t++] = 0x7d;
      tailLength = t;
    }
    at = put(b, at, tailLength === tail.length ? tail : tail.subarray(0, tailLength));
    if (after >= 0) b[at++] = after;
    out.at = at;
  };
}

// The copies below are separate functions for the output chunk (a Buffer) and for the
// scratch arrays, so that each sees one kind of array.

/** Copies `bytes` to b[at...]; returns the end. Short runs by hand: set() costs a native call. */
function put(b: Uint8Array, at: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n > 24) b.set(bytes, at);
  else for (let k = 0; k < n; k++) b[at + k] = bytes[k];
  return at + n;
}

/** Copies from[0...n) to b[at...]; returns the end. */
function copy(b: Uint8Array, at: number, from: Uint8Array, n: number): number {
  for (let k = 0; k < n; k++) b[at + k] = from[k];
  return at + n;
}

function putTail(b: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) b[at + k] = bytes[k];
  return at + bytes.length;
}

/** Writes x as JSON writes it (String(x); `null` when not finite); returns the end. */
export function writeNumber(b: Uint8Array, at: number, x: number): number {
  // Integers of up to 9 digits from their digits (0 and -0 both print 0).
  if ((x | 0) === x && x > -1e9 && x < 1e9) {
    let n = x;
    if (n < 0) {
      b[at++] = 0x2d; // -
      n = -n;
    }
    let digits = 1;
    for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
    const end = at + digits;
    for (let k = end - 1; k >= at; k--) {
      const d = n % 10;
      b[k] = 0x30 + d;
      n = (n - d) / 10;
    }
    return end;
  }
  if (x - x !== 0) {
    b[at] = 0x6e; // null
    b[at + 1] = 0x75;
    b[at + 2] = 0x6c;
    b[at + 3] = 0x6c;
    return at + 4;
  }
  // Shortest round-trip digits, as String(x) and JSON.stringify print them: all ASCII.
  const s = String(x);
  for (let k = 0; k < s.length; k++) b[at + k] = s.charCodeAt(k);
  return at + s.length;
}
