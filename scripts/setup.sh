#!/usr/bin/env bash
# Installs what the app and its tests need on a fresh Debian machine (Node 20 preinstalled).
# As root it installs Debian packages itself; otherwise it names the missing ones and stops.
set -euo pipefail
cd "$(dirname "$0")/.."

need_debs=()
command -v chromium >/dev/null 2>&1 || need_debs+=(chromium)
command -v dbus-run-session >/dev/null 2>&1 || need_debs+=(dbus)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_debs+=(gnome-keyring)
[ -f /usr/include/libsecret-1/libsecret/secret.h ] || need_debs+=(libsecret-1-dev)
command -v g++ >/dev/null 2>&1 || need_debs+=(g++)
command -v make >/dev/null 2>&1 || need_debs+=(make)

if [ ${#need_debs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_debs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_debs[@]}" dbus-x11 >/dev/null
  else
    echo "setup: missing Debian packages: ${need_debs[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${need_debs[*]}" >&2
    exit 1
  fi
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node $(node -v) is too old; AICON Studio needs Node 20.19+ (or 22.12+)." >&2
  exit 1
fi

# Reinstall npm packages only when the lockfile changed since the last install.
stamp=node_modules/.aicon-lock-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: installing npm packages (native modules build from source, ~1.5 min on a cold machine)"
  # Native addons (better-sqlite3, keytar) build against the local Node headers; browsers are never downloaded.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_config_build_from_source=true npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
