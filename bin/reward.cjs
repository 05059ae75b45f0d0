#!/usr/bin/env node
// The `reward` command: a thin launcher for the bundled CLI.
require('../dist/cli.cjs');
