// Regenerates every trajectory file of examples/: `node examples/gen/all.mjs`.
// Each generator has a fixed seed, so a re-run reproduces the committed files byte for byte.
await import('./office-coffee.mjs');
await import('./gridworld-shaping.mjs');
await import('./reacher-control.mjs');
await import('./patrol.mjs');
await import('./exhibits.mjs');
await import('./gymnasium.mjs');
