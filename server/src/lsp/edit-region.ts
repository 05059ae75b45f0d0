// The part of a document that edits have touched since its last analysis: one region, in the
// coordinates of the analysed text and of the current text. Outside it both texts are equal,
// so a position there maps from one to the other by the region's change of length.

/** An edit of a text: the span [start, end) replaced by `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface EditRegion {
  /** Where the region starts (the same offset in both texts). */
  readonly start: number;
  /** Its end in the analysed text. */
  readonly endOld: number;
  /** Its end in the current text. */
  readonly endNew: number;
}

/** The region after one more edit (in the current text's coordinates). */
export function widen(r: EditRegion | undefined, e: TextEdit): EditRegion {
  const insertedEnd = e.start + e.text.length;
  if (!r) return { start: e.start, endOld: e.end, endNew: insertedEnd };
  const growth = e.text.length - (e.end - e.start);
  const mappedEnd = r.endNew <= e.start ? r.endNew : r.endNew >= e.end ? r.endNew + growth : insertedEnd;
  const endNew = Math.max(mappedEnd, insertedEnd);
  const delta = r.endNew - r.endOld + growth;
  return { start: Math.min(r.start, e.start), endOld: endNew - delta, endNew };
}

/** The offset in the analysed text of `offset` in the current text, or undefined inside the region. */
export function toOld(r: EditRegion, offset: number): number | undefined {
  if (offset <= r.start) return offset;
  if (offset >= r.endNew) return offset - (r.endNew - r.endOld);
  return undefined;
}

/** The offset in the current text of `offset` in the analysed text, or undefined inside the region. */
export function toNew(r: EditRegion, offset: number): number | undefined {
  if (offset <= r.start) return offset;
  if (offset >= r.endOld) return offset + (r.endNew - r.endOld);
  return undefined;
}
