import { CODES, type Code, type Severity } from '../base/diagnostic';

/** The client's `rewardsmith.*` settings the server reads. */
export interface Settings {
  /** Globs (relative to a workspace folder, or absolute) of trajectory files, for source-path completion. */
  readonly trajectories: readonly string[];
  /** Severity per diagnostic code; 'off' hides the code. */
  readonly severity: ReadonlyMap<Code, Severity | 'off'>;
}

export const DEFAULT_SETTINGS: Settings = { trajectories: [], severity: new Map() };

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

/**
 * Reads the `rewardsmith` section as a client sent it. Settings are user input: whatever is
 * malformed is dropped with a message saying which field and what was expected.
 */
export function readSettings(raw: unknown): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { settings: DEFAULT_SETTINGS, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: ['settings rewardsmith: expected an object'] };
  }
  const o = raw as Record<string, unknown>;
  let trajectories: string[] = [];
  const t = o.trajectories;
  if (typeof t === 'string') trajectories = [t];
  else if (Array.isArray(t)) {
    trajectories = t.filter((g): g is string => typeof g === 'string' && g.length > 0);
    if (trajectories.length !== t.length) problems.push('setting rewardsmith.trajectories: expected a list of glob strings; other entries are ignored');
  } else if (t !== undefined) problems.push('setting rewardsmith.trajectories: expected a list of glob strings');

  const severity = new Map<Code, Severity | 'off'>();
  const s = o.severity;
  if (s !== undefined && (typeof s !== 'object' || s === null || Array.isArray(s))) {
    problems.push('setting rewardsmith.severity: expected an object mapping diagnostic codes to error, warning, information, hint or off');
  } else if (s) {
    for (const [code, value] of Object.entries(s as Record<string, unknown>)) {
      if (!(code in CODES)) problems.push(`setting rewardsmith.severity: '${code}' is not a diagnostic code`);
      else if (typeof value !== 'string' || !SEVERITIES.has(value)) problems.push(`setting rewardsmith.severity.${code}: expected error, warning, information, hint or off`);
      else severity.set(code as Code, value as Severity | 'off');
    }
  }
  return { settings: { trajectories, severity }, problems };
}
