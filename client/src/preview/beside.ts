// Which files beside a spec are its trajectories: `<stem>.<anything>.jsonl` or `.csv` in the
// spec's folder (examples/office-coffee.reward and office-coffee.delivered.jsonl), so that the
// preview shows something the moment it opens, with no setting.

const EXTENSIONS = ['jsonl', 'csv'];

/** The names among `names` (the spec folder's files) that are trajectories of `specName`, sorted. */
export function trajectoriesBeside(specName: string, names: readonly string[]): string[] {
  const stem = specName.replace(/\.reward$/, '');
  if (stem === specName || stem === '') return [];
  const prefix = `${stem}.`;
  return names
    .filter((n) => n.startsWith(prefix) && n.length > prefix.length)
    .filter((n) => {
      const dot = n.lastIndexOf('.');
      return dot > prefix.length && EXTENSIONS.includes(n.slice(dot + 1).toLowerCase());
    })
    .sort();
}
