import type { AnalysisCheck } from './registry';

export const incentiveChecks: AnalysisCheck = () => [];
