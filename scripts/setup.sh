#!/usr/bin/env bash
# Install everything the playground needs to build, serve and test, pinned
# and idempotent: each step checks first and skips what is already there.
# Nothing downloads prebuilt binaries from outside the package registries;
# Trunk runs offline and finds these tools on PATH.
#
# Usage: scripts/setup.sh            (or `source` it to also get the PATH)
#        SETUP_SKIP_BROWSER=1 ...     skips Chromium (enough for building)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;}' Cargo.lock)

export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# 1. The wasm target for the installed Rust toolchain.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    rustup component add "$component"
  fi
done

# 2. Trunk, pinned: 0.22 needs a newer rustc than this project's.
if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 11 minutes on 2 cores, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# 3. wasm-bindgen CLI, matching Cargo.lock. Not --locked: its own lockfile
#    pins a crate the registry mirror lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 4. npm tools: wasm-opt (binaryen), terser, playwright-core, axe-core.
#    `npm ci` installs exactly package-lock.json; skip it when up to date.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools from package-lock.json"
  npm ci --no-audit --no-fund
fi

# 5. Debian's Chromium and ChromeDriver for the browser tests. (Playwright's
#    own browser download is not used.)
if [ -z "${SETUP_SKIP_BROWSER:-}" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver from Debian"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium chromium-driver
fi

# 6. Crate sources, so Trunk's offline cargo builds find them.
if ! cargo fetch --locked --quiet 2>/dev/null; then
  say "fetching crates"
  cargo fetch --locked
fi
