#!/usr/bin/env bash
# Serve the playground with live reload at http://127.0.0.1:8080/.
# Installs whatever is missing first (see scripts/setup.sh), but not the
# browser the tests drive: serving needs none, nor sudo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SETUP_SKIP_BROWSER=1 source scripts/setup.sh
exec trunk serve "$@"
