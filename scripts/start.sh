#!/usr/bin/env bash
# Starts AICON Studio: installs what it needs, builds, then runs the desktop app when an Electron
# binary and a display exist, else web mode on loopback (prints the URL to open). Demo data, no keys needed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
npx electron-vite build >/dev/null
exec node scripts/start.mjs "$@"
