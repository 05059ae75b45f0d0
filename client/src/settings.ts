// The `rewardsmith.*` settings as the language server receives them: in initializationOptions
// at start and in workspace/didChangeConfiguration (`{ settings: { rewardsmith: ... } }`) on
// every change. Both carry this normalised shape; a bad entry is dropped and reported, so the
// server never sees a value the schema forbids.

export const SEVERITY_LEVELS = ['error', 'warning', 'information', 'hint', 'off'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

export interface RewardsmithSettings {
  /** Glob patterns (workspace-relative) of trajectory files for completion and the preview. */
  readonly trajectories: readonly string[];
  /** The reward block the preview and the inlay hints use; null: the first in the file. */
  readonly defaultReward: string | null;
  /** Severity per diagnostic code; `off` hides the code. Codes not listed keep their default. */
  readonly severity: Readonly<Record<string, SeverityLevel>>;
}

export interface SettingsProblem {
  /** The setting's full name, e.g. `rewardsmith.severity`. */
  readonly setting: string;
  readonly message: string;
}

export interface NormalisedSettings {
  readonly settings: RewardsmithSettings;
  readonly problems: readonly SettingsProblem[];
}

/** The diagnostic codes the manifest's `rewardsmith.severity` setting offers. */
export function severityCodes(manifest: unknown): string[] {
  const m = manifest as { contributes?: { configuration?: { properties?: Record<string, { properties?: Record<string, unknown> }> } } } | undefined;
  return Object.keys(m?.contributes?.configuration?.properties?.['rewardsmith.severity']?.properties ?? {});
}

/** Reads one setting's raw value; `vscode.WorkspaceConfiguration.get` fits. */
export type SettingReader = (key: string) => unknown;

export function normaliseSettings(read: SettingReader, knownCodes: readonly string[]): NormalisedSettings {
  const trajectories = readGlobs(read('trajectories'));
  const defaultReward = readName(read('defaultReward'));
  const severity = readSeverity(read('severity'), knownCodes);
  return {
    settings: { trajectories: trajectories.value, defaultReward: defaultReward.value, severity: severity.value },
    problems: [...trajectories.problems, ...defaultReward.problems, ...severity.problems],
  };
}

interface Read<T> {
  readonly value: T;
  readonly problems: readonly SettingsProblem[];
}

function readGlobs(raw: unknown): Read<readonly string[]> {
  const setting = 'rewardsmith.trajectories';
  if (raw === undefined || raw === null) return { value: [], problems: [] };
  if (!Array.isArray(raw)) {
    return { value: [], problems: [{ setting, message: `expected an array of glob patterns, got ${describe(raw)}` }] };
  }
  const value = raw.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
  const bad = raw.filter((g) => typeof g !== 'string' || g.trim() === '');
  const problems = bad.map((g) => ({ setting, message: `expected a non-empty glob pattern, got ${describe(g)}; entry ignored` }));
  return { value, problems };
}

function readName(raw: unknown): Read<string | null> {
  const setting = 'rewardsmith.defaultReward';
  if (raw === undefined || raw === null || raw === '') return { value: null, problems: [] };
  if (typeof raw === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(raw.trim())) return { value: raw.trim(), problems: [] };
  return { value: null, problems: [{ setting, message: `expected the name of a reward block (letters, digits, _), got ${describe(raw)}` }] };
}

function readSeverity(raw: unknown, knownCodes: readonly string[]): Read<Readonly<Record<string, SeverityLevel>>> {
  const setting = 'rewardsmith.severity';
  if (raw === undefined || raw === null) return { value: {}, problems: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { value: {}, problems: [{ setting, message: `expected an object mapping diagnostic codes to a severity, got ${describe(raw)}` }] };
  }
  const value: Record<string, SeverityLevel> = {};
  const problems: SettingsProblem[] = [];
  for (const [code, level] of Object.entries(raw as Record<string, unknown>)) {
    if (!knownCodes.includes(code)) {
      problems.push({ setting, message: `unknown diagnostic code '${code}'; entry ignored (known codes: ${knownCodes.join(', ')})` });
    } else if (!isLevel(level)) {
      problems.push({ setting, message: `'${code}': expected one of ${SEVERITY_LEVELS.join(', ')}, got ${describe(level)}; entry ignored` });
    } else {
      value[code] = level;
    }
  }
  return { value, problems };
}

function isLevel(x: unknown): x is SeverityLevel {
  return typeof x === 'string' && (SEVERITY_LEVELS as readonly string[]).includes(x);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'object') return 'an object';
  return `${typeof x} ${String(x)}`;
}
