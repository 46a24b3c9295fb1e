#!/usr/bin/env bash
# Starts AICON Studio: installs what it needs, builds (only when sources changed), then runs the desktop app when an Electron
# binary and a display exist, else web mode on loopback (prints the URL to open). Demo data, no keys needed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/ensure-build.sh
exec node scripts/start.mjs "$@"
