#!/usr/bin/env bash
# The training run of docs/training.md: export the spec, train the three agents with the seeds
# of the docs, write the results and the learning curves into docs/. Needs Debian's python3 with
# python3-numpy and the vendored Gymnasium (../shared/vendor, see its README).
set -euo pipefail
cd "$(dirname "$0")"
node ../../bin/reward.cjs export python fetch-key.reward -o fetch_key_reward.py
PYTHONPATH="../../../shared/vendor/gymnasium-1.4.0${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 -W ignore qlearning.py \
  --module fetch_key_reward.py --episodes 3000 --seeds 0,1,2,3,4 --every 50 \
  --out ../../docs/training-results.json --svg ../../docs/training-curves.svg
