// Loaded before every test file when CI is set: property tests replay one fixed seed there, so a
// landing is judged on known inputs. Everywhere else (local runs, `npm run fuzz`) every run
// draws fresh seeds and explores new inputs; a failure prints its seed to replay with FUZZ_SEED.
import fc from 'fast-check';

fc.configureGlobal({ seed: 20261125 });
