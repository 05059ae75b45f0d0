// The demo's wording, kept apart so that a test holds it to the numbers it prints.

/** `1 file`, `2 files`. */
export const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The heading of one spec's evaluation: how many files were read and how many episodes they held. */
export const evalHeading = (spec, files, episodes) => `== reward eval ${spec} on ${count(files, 'trajectory file')}: ${count(episodes, 'episode')}`;
