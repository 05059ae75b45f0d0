import type { AnalysisCheck } from './registry';

export const expressivityChecks: AnalysisCheck = () => [];
