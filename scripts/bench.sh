#!/usr/bin/env bash
# Print the figures in the README: the core's (`cargo bench`: simulator,
# sweep, model checker, timeline seeks), the model checker's largest
# 60-second search, and the page's (bench/page.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
cargo bench --locked --bench core
cargo bench --locked --bench timeline
# The largest model that finishes within 60 s on a 2-core machine.
cargo run --release --locked --example explore -- --ballots 2 --crashes 6
trunk build --release --public-url ./
node bench/page.mjs
node bench/page.mjs diagram
node bench/find-bug.mjs
