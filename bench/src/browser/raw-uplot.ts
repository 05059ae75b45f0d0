// The reference page of the preview benchmark: uPlot drawing one series raw (every step, no
// downsampling), its values embedded in the page as base64 Float64 bytes like the report's.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const text = document.getElementById('series')?.textContent ?? '';
const binary = atob(text);
const bytes = new Uint8Array(binary.length);
for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
const ys = new Float64Array(bytes.buffer);
const xs = new Float64Array(ys.length);
for (let i = 0; i < xs.length; i++) xs[i] = i;
new uPlot(
  { width: 1200, height: 300, legend: { show: false }, scales: { x: { time: false } }, series: [{}, { stroke: '#3794ff', width: 1 }] },
  [xs, ys] as unknown as uPlot.AlignedData,
  document.body,
);
