// What the status bar item says, from the server's state and the problem counts of the open
// .reward files. Pure, so the wording is decided in one place.

export type ServerState = 'starting' | 'running' | 'stopped';

export interface ProblemCounts {
  readonly errors: number;
  readonly warnings: number;
}

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** Plain words for screen readers (and tests): the text without icons. */
  readonly label: string;
  /** An error background draws the eye to a stopped server only, not to ordinary errors. */
  readonly alarm: boolean;
}

export function statusView(state: ServerState, counts: ProblemCounts): StatusView {
  if (state === 'starting') {
    return { text: '$(loading~spin) Rewardsmith', tooltip: 'Rewardsmith: the language server is starting', label: 'Rewardsmith: starting', alarm: false };
  }
  if (state === 'stopped') {
    return {
      text: '$(debug-disconnect) Rewardsmith',
      tooltip: 'Rewardsmith: the language server is stopped. Run "Rewardsmith: Restart Language Server".',
      label: 'Rewardsmith: stopped',
      alarm: true,
    };
  }
  const text = `$(error) ${counts.errors} $(warning) ${counts.warnings} Rewardsmith`;
  const tooltip = `Rewardsmith: language server running; ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in .reward files. Click for the Problems panel.`;
  const label = `Rewardsmith: running, ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
  return { text: counts.errors === 0 && counts.warnings === 0 ? '$(check) Rewardsmith' : text, tooltip, label, alarm: false };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
