import { analyze } from './server/src/analysis/analyze';
const n = Number(process.argv[2] ?? 100000);
const sum = Array.from({ length: n }, () => 'x').join(' + ');
const t = `discount 0.99\nhorizon 10\nsignal x: number in [0, 1]\nterm t = ${sum}\nprop g = x > 0.5\nreward main {\n  task (g' ? 1 : 0)\n  0.1 * t\n}\n`;
try { const a = analyze(t); console.log(a.diagnostics.map(d => d.code + ': ' + d.message.slice(0, 100))); } catch (e) { console.log('THROW', (e as Error).message); }
