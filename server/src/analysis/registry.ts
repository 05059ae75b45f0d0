import type { Diagnostic } from '../base/diagnostic';
import type { Model } from '../names/model';
import { expressivityChecks } from './expressivity';
import { farmableChecks } from './farmable';
import { incentiveChecks } from './incentives';
import { machineChecks } from './machines';
import { shapingChecks } from './shaping';

/** An analysis reads the checked model and says what it finds. Analyses run only on a model
 *  without errors of names and types, and must never throw. */
export type AnalysisCheck = (model: Model) => readonly Diagnostic[];

/** Every analysis of LANGUAGE.md section 7, in the order their diagnostics are reported. */
export const ANALYSES: readonly AnalysisCheck[] = [machineChecks, expressivityChecks, shapingChecks, farmableChecks, incentiveChecks];
