#!/usr/bin/env bash
# Sourced after setup.sh: builds out/ (electron-vite) only when the sources changed since the last build.
# The stamp is a content hash of everything the build reads; out/.build-stamp holds the one out/ was built from.
build_inputs=(main preload renderer scripts/report.ts electron.vite.config.ts package-lock.json)
build_stamp=out/.build-stamp
build_hash=$(find "${build_inputs[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
if [ ! -f "$build_stamp" ] || [ "$(cat "$build_stamp")" != "$build_hash" ]; then
  echo "build: sources changed, building" >&2
  npx electron-vite build >/dev/null
  echo "$build_hash" >"$build_stamp"
fi
