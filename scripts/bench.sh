#!/usr/bin/env bash
# Builds, then runs every benchmark; figures land in bench/results.json beside their goals (never pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
npx electron-vite build >/dev/null
exec npx tsx scripts/bench/run.ts "$@"
