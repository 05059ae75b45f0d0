// The benchmark spec, analysed and compiled once, as `reward eval` does before reading data.
import { analyze } from '../../server/src/analysis/analyze';
import { compileProgram, type Program } from '../../server/src/eval/program';

export function compileSpec(text: string): Program {
  const a = analyze(text);
  const errors = a.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the benchmark spec has errors: ${errors.map((d) => `${d.code}: ${d.message}`).join('; ')}`);
  return compileProgram(a.model);
}
