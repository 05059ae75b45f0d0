import type { AnalysisCheck } from './registry';

export const shapingChecks: AnalysisCheck = () => [];
