// A report written by `reward preview`, read back in Node as the page reads it: the data block,
// and the detail's chunks decoded from the file's bytes (each byte one Latin-1 character).
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { chunkedColumn, chunkValues, textToBytes, type SeriesRef } from '../../protocol/detail';
import { mapSeries, type StepSource } from '../../protocol/slices';
import { REPORT_DATA_ID, ReportDataSchema, type ReportData } from '../../protocol/webview';

export interface ReportFile {
  readonly bytes: number;
  readonly data: ReportData;
  readonly source: StepSource;
}

export function readReportFile(file: string): ReportFile {
  const html = readFileSync(file, 'latin1');
  const m = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">(.*?)</script>`, 's').exec(html);
  if (!m) throw new Error(`${file}: no data block`);
  const data = ReportDataSchema.decode(JSON.parse(m[1]), 'report');
  const text = (s: SeriesRef) => {
    const open = `<script type="application/octet-stream" id="${s.element}">`;
    const at = html.indexOf(open);
    if (at < 0) throw new Error(`${file}: no element ${s.element}`);
    const start = at + open.length;
    return html.slice(start, html.indexOf('</script>', start));
  };
  const column = (s: SeriesRef) => {
    const t = text(s);
    if (t.length !== s.bounds[s.bounds.length - 1]) throw new Error(`${s.element}: ${t.length} characters, the index says ${s.bounds[s.bounds.length - 1]}`);
    const cache = new Map<number, ReturnType<typeof chunkValues>>();
    return chunkedColumn(data.detail.chunk, (i) => {
      let c = cache.get(i);
      if (!c) cache.set(i, (c = chunkValues(s.kind, s.layouts[i], inflateSync(textToBytes(t, s.bounds[i], s.bounds[i + 1])))));
      return c;
    });
  };
  const d = data.detail;
  return {
    bytes: Buffer.byteLength(html, 'latin1'),
    data,
    source: { meta: data.overview.meta, offsets: d.offsets, ...mapSeries(d, column) },
  };
}
