export const MAIN_HELP = `reward: check, evaluate, preview and export .reward specs

Usage:
  reward check FILE...        [--format text|json|sarif] [--explain]
  reward eval SPEC TRAJ...    [--reward NAME] [--format table|csv|json|jsonl]
  reward preview SPEC TRAJ... [-o report.html]
  reward compare SPEC TRAJ... [--rewards A,B,...] [--samples N] [--seed S]
                              [--preferences FILE] [--format table|json]
  reward export python SPEC   [-o module.py]
  reward export numpy|torch SPEC [-o module.py]
  reward export dot|mermaid SPEC NAME [-o FILE]
  reward import rm FILE       [-o out.reward]
  reward fmt FILE...          [--check]
  reward lsp                  the language server on stdio

Run 'reward COMMAND --help' for the options of a command.
Exit status: 0 on success, 1 on any failure (for 'check': when a file has an error).
`;

export const HELP: Record<string, string> = {
  check: `Usage: reward check FILE... [--format text|json|sarif] [--explain]

Parses, checks and analyses each .reward file and prints its diagnostics.
  --format text   file:line:column: severity code: message (default)
  --format json   an array of {file, range, severity, code, message} (0-based positions, as in LSP)
  --format sarif  SARIF 2.1.0, for code-scanning tools
  --explain       also print the class of every reward item and of each reward
Exits 1 when any file has an error (or cannot be read).
`,
  eval: `Usage: reward eval SPEC TRAJ... [--reward NAME] [--labels-from PATH] [--format table|csv|json|jsonl]

Evaluates the reward of SPEC on trajectory files (.jsonl, .json, .csv) and prints the reward
of every step, split by component, with machine states, formula verdicts and props.
  --reward NAME   which reward block (default: the first in the file)
  --labels-from PATH  read the external labels from this field (e.g. info.labels), for datasets
  --format table  a readable table of steps and episodes (default)
  --format csv    one row per step
  --format json   one object: {reward, steps, episodes, skipped, problems}
  --format jsonl  one step object per line, then the episodes with "kind": "episode"
Problems in the data are reported (file, line, field) and never change the exit status.
`,
  preview: `Usage: reward preview SPEC TRAJ... [-o report.html]

Writes a self-contained HTML report with the same views as the editor's preview
(to standard output without -o).
`,
  compare: `Usage: reward compare SPEC TRAJ... [--rewards A,B,...] [--samples N] [--seed S]
                              [--preferences FILE] [--labels-from PATH] [--format table|json]

Compares the reward blocks of SPEC on trajectory files: the EPIC distance of every pair (0 when
they differ only by potential shaping and a positive scale, 1 for a reward and its negation),
the Spearman correlation of their discounted returns with the episode pairs they order most
differently, and, with --preferences, how well each agrees with labelled pairs of episodes.
  --rewards A,B   which reward blocks, in this order (default: all)
  --samples N     draws of each of S, A and S' for the canonicalisation (default 512)
  --seed S        seed of the draws (default 0): the same seed gives the same output
  --preferences FILE  JSONL lines {"a": EPISODE, "b": EPISODE, "prefer": "a"|"b"|"equal"},
                  episodes by their 0-based ordinal across the files
  --labels-from PATH  read the external labels from this field (e.g. info.labels)
  --format table  the distance matrix, the pairs and the preference fits (default)
  --format json   {rewards, pairs, preferences, steps, skipped, problems}
Problems in the data are reported (file, line, field) and never change the exit status.
See docs/compare.md.
`,
  export: `Usage: reward export python SPEC [-o module.py] [--reward NAME]
       reward export numpy SPEC [-o module.py] [--reward NAME]
       reward export torch SPEC [-o module.py] [--reward NAME]
       reward export dot SPEC NAME [-o FILE]
       reward export mermaid SPEC NAME [-o FILE]

python: a dependency-free Python 3.8+ module that evaluates the spec exactly as 'reward eval'.
  'python3 module.py TRAJ... [--reward NAME]' prints what 'reward eval SPEC TRAJ... --format json'
  prints; imported, it offers Reward (online), evaluate(records) and RewardWrapper (Gymnasium).
  Every reward block is in the module; --reward NAME makes NAME its default (else the first).
numpy, torch: the same module plus BatchReward(num_envs), which steps a whole batch of
  environments with NumPy arrays or PyTorch tensors (torch: on their device), and
  RewardVectorWrapper (gymnasium.vector).
dot, mermaid: the graph of machine NAME (guards and rewards on the edges) or the minimal
  automaton of the ltl item NAME (accepting states doubled, decided states shaded).
The output goes to standard output unless -o names a file. See docs/export.md.
`,
  import: `Usage: reward import rm FILE [-o out.reward]

Converts a reward machine from the text format of the reward_machines library (Toro Icarte et
al.) into .reward source, keeping that library's semantics; the file is parsed, never run.
Warnings and unreadable lines are printed to standard error as FILE:LINE; the output goes to
standard output unless -o names a file. Exits 1 only when FILE cannot be read.
`,
  fmt: `Usage: reward fmt FILE... [--check]

Formats .reward files in place. With --check, changes nothing and exits 1 when a file is not formatted.
`,
  lsp: `Usage: reward lsp [--stdio]

Runs the language server on standard input and output, for any LSP client.
`,
};
