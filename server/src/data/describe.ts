// Short descriptions of data values for problem messages ("got the string \"abc\"").

const MAX_TEXT = 40;

/** Quotes a string as JSON does, cut to a readable length. */
export function quote(text: string): string {
  const cut = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '...' : text;
  return JSON.stringify(cut);
}

/** `12`, `true`, `null`, `NaN`, `the string "abc"`, `an array`, `an object`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'an array';
  return 'an object';
}
