import type { AnalysisCheck } from './registry';

export const machineChecks: AnalysisCheck = () => [];
