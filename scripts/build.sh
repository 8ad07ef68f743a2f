#!/usr/bin/env bash
# Build the static site into dist/ with relative asset paths, ready for any
# static host or a sub-path such as a GitHub Pages project site.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SETUP_SKIP_BROWSER=1 source scripts/setup.sh
trunk build --release --public-url ./
echo "Built dist/ — serve it from any path."
