#!/usr/bin/env bash
# Terminal usage report on the app's database (read-only): the built out/main/report.cjs under the project's
# Node (see setup.sh), rebuilt first only when sources changed. No TypeScript runtime, no app modules loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh >&2
. scripts/ensure-build.sh
exec node out/main/report.cjs "$@"
