// The demo's headings say how many files and how many episodes, each with its own number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
// @ts-expect-error: a plain .mjs script, without types
import { evalHeading } from '../../scripts/demo-text.mjs';

test('the demo counts files and episodes apart, singular and plural', () => {
  assert.equal(evalHeading('examples/early-exit.reward', 1, 2), '== reward eval examples/early-exit.reward on 1 trajectory file: 2 episodes');
  assert.equal(evalHeading('examples/patrol.reward', 3, 1), '== reward eval examples/patrol.reward on 3 trajectory files: 1 episode');
});
