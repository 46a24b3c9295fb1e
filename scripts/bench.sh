#!/usr/bin/env bash
# Builds, then runs every benchmark; figures land in bench/results.json beside their goals (never pass/fail).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
. scripts/ensure-build.sh
exec npx tsx scripts/bench/run.ts "$@"
