#!/usr/bin/env bash
# Run every test: formatting and lints, native tests (including the 70,000
# seed sweep and the model checker), browser tests in headless Chromium, and
# the end-to-end run against the release build served from a sub-path.
# Installs whatever is missing first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }

step "format and lints (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings

step "native tests: protocol, simulator, model checker, seed sweep, properties"
cargo test --release --locked

step "browser tests: components in headless Chromium"
cargo test --locked --target wasm32-unknown-unknown --test web

step "release build, served from a sub-path"
trunk build --release --public-url ./

step "end-to-end: a person driving the page"
node tests/e2e/run.mjs

printf '\n\033[1;32mAll tests passed.\033[0m Screenshots: target/e2e/*.png\n'
