#!/usr/bin/env bash
# Print the figures in the README: the core's (`cargo bench`: simulator,
# sweep, model checker, timeline seeks), a big model checker
# search, and the page's (bench/size.mjs, bench/page.mjs, bench/trace.mjs,
# bench/find-bug.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
cargo bench --locked --bench core
cargo bench --locked --bench timeline
# A big model: about a minute on a quiet 2-core machine, two on a slow day.
cargo run --release --locked --example explore -- --ballots 2 --crashes 6
trunk build --release --public-url ./
node bench/size.mjs
node bench/page.mjs
node bench/page.mjs diagram
node bench/trace.mjs
node bench/find-bug.mjs
