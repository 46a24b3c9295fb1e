#!/usr/bin/env bash
# The one test command: installs what it needs, type-checks every process, builds, then runs
# every test (unit, integration with a real keyring, Chromium end to end). Last line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

echo "== lint and format check (Biome)"
npx biome ci .

echo "== type-check (main, preload, renderer, tests)"
for project in main preload renderer test; do
  npx tsc -p "$project" --noEmit
done

echo "== build (electron-vite: main, preload, renderer)"
npx electron-vite build >/dev/null

echo "== tests"
# A private session bus and an unlocked, throw-away keyring so keytar talks to a real Secret Service.
export XDG_DATA_HOME
XDG_DATA_HOME=$(mktemp -d)
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
dbus-run-session -- sh -c 'echo -n aicon-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && AICON_KEYRING=1 npx vitest run "$@"' vitest "$@"
