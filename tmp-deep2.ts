import { parse } from './server/src/syntax/parse';
import { check } from './server/src/names/check';
const n = Number(process.argv[2] ?? 100000);
const sum = Array.from({ length: n }, () => 'x').join(' + ');
const t = `discount 0.99\nhorizon 10\nsignal x: number in [0, 1]\nterm t = ${sum}\nprop g = x > 0.5\nreward main {\n  task (g' ? 1 : 0)\n  0.1 * t\n}\n`;
try { const p = parse(t); console.log('parsed', p.diagnostics.length); const c = check(p.file); console.log('checked', c.diagnostics.length) } catch (e) { console.log('THROW', (e as Error).stack?.split('\n').slice(0,5).join('\n')); }
