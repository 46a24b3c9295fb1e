#!/usr/bin/env bash
# Terminal usage report on the app's database (read-only). Runs under the project's Node (see setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh >&2
exec npx tsx scripts/report.ts "$@"
