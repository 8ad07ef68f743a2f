#!/usr/bin/env bash
# Serve the playground with live reload at http://127.0.0.1:8080/.
# Installs whatever is missing first (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
exec trunk serve "$@"
