import { chunkedColumn, chunkValues, textToBytes, type DetailIndex, type SeriesRef } from '../../protocol/detail';
import { check } from '../../protocol/schema';
import { allSeries, episodeView, mapSeries, ReturnCheckpoints, stepsNeeded, stepValues, type StepSource } from '../../protocol/slices';
import { HostMessageSchema, REPORT_DATA_ID, ReportDataSchema, type HostMessage, type WebviewMessage } from '../../protocol/webview';
import { ChunkCache } from './chunk-cache';
import type { Host } from './host';

/**
 * The host of the standalone report. Its data block holds the overview and the first view,
 * which the page shows before it decodes anything else; the per-step detail sits in inert
 * elements after the script, in compressed chunks (protocol/detail.ts), and a zoom, another
 * episode or a hovered step decodes only the chunks it reads, then runs the same slicing
 * functions as the language server. Its messages are encoded as the client's are, so the app
 * reads one wire form.
 */
export function reportHost(): Host | undefined {
  const el = document.getElementById(REPORT_DATA_ID);
  if (!el || !el.textContent) return undefined;
  const handlers: ((m: unknown) => void)[] = [];
  const send = (m: HostMessage) => {
    const wire = HostMessageSchema.encode(m);
    setTimeout(() => handlers.forEach((h) => h(wire)), 0);
  };
  const data = check(ReportDataSchema, JSON.parse(el.textContent), 'report');
  if (!data.ok) {
    send({ type: 'notice', message: `This report's data is damaged: ${data.error}` });
    return { kind: 'report', post: () => undefined, listen: (handler) => void handlers.push(handler), loadState: () => undefined, saveState: () => undefined };
  }
  const { overview, first, detail } = data.value;
  const chunks = new DetailChunks(detail);
  const source = chunks.source(overview.meta);
  let state: unknown;
  // Answers go out in the order asked: a hover after a zoom never overtakes it.
  let queue: Promise<void> = Promise.resolve();
  const answer = (m: WebviewMessage) => {
    queue = queue.then(async () => {
      try {
        switch (m.type) {
          case 'ready':
            send({ type: 'preview', overview, view: first, stale: null });
            return;
          case 'episode': {
            const need = stepsNeeded(detail, m.episode, m.from, m.to);
            await chunks.load(need.start, need.from, need.to);
            send({ type: 'episode', view: episodeView(source, m.episode, m.columns, m.from, m.to) });
            return;
          }
          case 'step': {
            const need = stepsNeeded(detail, m.episode, m.t, m.t + 1);
            await chunks.load(need.start, need.from, need.to);
            send({ type: 'step', values: stepValues(source, m.episode, m.t) });
            return;
          }
          default:
            return; // the report has no problems view to open and no files to pick
        }
      } catch (e) {
        send({ type: 'notice', message: e instanceof Error ? e.message : String(e) });
      }
    });
  };
  return {
    kind: 'report',
    post: answer,
    listen: (handler) => void handlers.push(handler),
    loadState: () => state,
    saveState: (s) => {
      state = s;
    },
  };
}

type Values = ReturnType<typeof chunkValues>;

/** Decoded detail a report page keeps: about 12 chunks of Float64 values of 65,536 steps. */
const DECODED_BUDGET = 64 * 1024 * 1024;

/** The decoded chunks of the report's detail, decoded when first read, within a byte budget. */
class DetailChunks {
  private readonly decoded = new ChunkCache<Values>(DECODED_BUDGET);
  private readonly texts = new Map<SeriesRef, string>();

  constructor(private readonly index: DetailIndex) {}

  /** Decodes what a slice reads: the rewards from `start` (the returns so far), every series over `[from, to)`. */
  async load(start: number, from: number, to: number): Promise<void> {
    const jobs: Promise<void>[] = [];
    const needed = new Set<string>();
    for (const s of allSeries(this.index)) {
      const a = Math.floor((this.index.reward.includes(s) ? start : from) / this.index.chunk);
      const b = Math.floor(Math.max(from, to - 1) / this.index.chunk);
      for (let i = a; i <= b && i < s.layouts.length; i++) {
        needed.add(key(s, i));
        if (!this.decoded.has(key(s, i))) jobs.push(this.decode(s, i));
      }
    }
    await Promise.all(jobs);
    // Answers are computed one at a time, right after their load: only this one's chunks must stay.
    this.decoded.trim(needed);
  }

  private text(s: SeriesRef): string {
    let t = this.texts.get(s);
    if (t === undefined) {
      const el = document.getElementById(s.element);
      if (!el) throw new Error(`This report's data is damaged: its element ${s.element} is missing`);
      t = el.textContent ?? '';
      this.texts.set(s, t);
    }
    return t;
  }

  private async decode(s: SeriesRef, i: number): Promise<void> {
    const text = this.text(s);
    let inflated: Uint8Array;
    try {
      const bytes = textToBytes(text, s.bounds[i], s.bounds[i + 1]);
      const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
      inflated = new Uint8Array(await new Response(stream).arrayBuffer());
    } catch (e) {
      throw new Error(`This report's data is damaged (${s.element}, chunk ${i}): ${e instanceof Error ? e.message : String(e)}`);
    }
    this.decoded.set(key(s, i), chunkValues(s.kind, s.layouts[i], inflated));
  }

  /** The slices' view of the chunks: reading one that is not decoded yet is a bug of `load`'s caller. */
  source(meta: StepSource['meta']): StepSource {
    const column = (s: SeriesRef) =>
      chunkedColumn(this.index.chunk, (i) => {
        const c = this.decoded.get(key(s, i));
        if (!c) throw new Error(`chunk ${i} of ${s.element} was read before it was decoded`);
        return c;
      });
    return { meta, offsets: this.index.offsets, ...mapSeries(this.index, column), checkpoints: new ReturnCheckpoints() };
  }
}

const key = (s: SeriesRef, i: number) => `${s.element}#${i}`;
