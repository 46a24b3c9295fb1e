#!/usr/bin/env bash
# Installs what the app and its tests need on a fresh Debian machine. Source it (". scripts/setup.sh"):
# it puts a Node >= 22.12 first on PATH — the system one when new enough, else Node 24 LTS unpacked from
# the npm registry into .tools/ (the system Node is never touched). As root it installs Debian packages
# itself; otherwise it names the missing ones and stops.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

AICON_NODE_VERSION=24.22.3

need_debs=()
command -v chromium >/dev/null 2>&1 || need_debs+=(chromium)
command -v dbus-run-session >/dev/null 2>&1 || need_debs+=(dbus)
command -v gnome-keyring-daemon >/dev/null 2>&1 || need_debs+=(gnome-keyring)
[ -f /usr/include/libsecret-1/libsecret/secret.h ] || need_debs+=(libsecret-1-dev)
command -v g++ >/dev/null 2>&1 || need_debs+=(g++)
command -v make >/dev/null 2>&1 || need_debs+=(make)
command -v ffmpeg >/dev/null 2>&1 || need_debs+=(ffmpeg)

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

# A Node new enough for better-sqlite3 13, undici 8 and vitest 5: the system one, else a project-local Node 24.
node_fits() { "$1" -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null; }
if ! command -v node >/dev/null 2>&1 || ! node_fits node; then
  local_node=".tools/node-$AICON_NODE_VERSION"
  if [ ! -x "$local_node/bin/node" ]; then
    echo "setup: system Node $(node -v 2>/dev/null || echo missing) is older than 22.12; unpacking Node $AICON_NODE_VERSION into $local_node"
    platform=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m)
    case "$arch" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; esac
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack "node-$platform-$arch@$AICON_NODE_VERSION" --silent >/dev/null)
    mkdir -p "$local_node"
    tar xzf "$tmp"/node-*.tgz -C "$local_node" --strip-components=1
    rm -rf "$tmp"
  fi
  PATH="$PWD/$local_node/bin:$PATH"
  export PATH
  # node-gyp builds addons (keytar) against the headers shipped with that Node.
  export npm_config_nodedir="$PWD/$local_node"
fi

# Reinstall npm packages only when the lockfile or the Node major changed since the last install.
stamp=node_modules/.aicon-lock-stamp
lock_sum="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node -p 'process.versions.modules')"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "setup: installing npm packages on Node $(node -v)"
  # better-sqlite3 ships Node-API prebuilds; keytar builds against the local Node headers; browsers are never downloaded.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi
