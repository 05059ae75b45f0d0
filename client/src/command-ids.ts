// The command ids, shared by the registration, package.json (checked by a test) and the
// server's code lenses (which call the first three with: document URI string, name).
export const COMMAND_IDS = {
  preview: 'rewardsmith.preview',
  exportPython: 'rewardsmith.exportPython',
  showAutomaton: 'rewardsmith.showAutomaton',
  importRewardMachine: 'rewardsmith.importRewardMachine',
  restartServer: 'rewardsmith.restartServer',
} as const;
