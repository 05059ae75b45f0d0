import { FUNCTION_TABLE } from '../program/functions';

/**
 * The built-in functions (LANGUAGE.md sections 3, 10 and 13) as the checker and the language
 * server's completion, hover and signature help see them: a view of the one function table
 * (program/functions.ts), which also holds each function's meaning for every backend.
 */
export interface FunctionInfo {
  readonly min: number;
  readonly max: number;
  readonly signature: string;
  readonly doc: string;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionInfo> = new Map(
  [...FUNCTION_TABLE.values()].map((f) => [f.name, { min: f.reduce && !f.scalar ? f.reduce.vectors : f.min, max: f.reduce && !f.scalar ? f.reduce.vectors : f.max, signature: f.signature, doc: f.doc }]),
);
