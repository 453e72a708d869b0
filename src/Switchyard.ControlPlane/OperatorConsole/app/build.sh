#!/usr/bin/env bash
# Builds the operator console into one directory: index.html, app-<hash>.js and app-<hash>.css. npm packages are
# installed once per package-lock.json into a shared cache (${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/console-npm/<hash>),
# as the runtime's build does, so repeated and parallel builds reuse them and a fresh machine needs only node and npm.
# Usage: build.sh <output-dir>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hash="$(sha256sum "$here/package-lock.json" | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/console-npm/$hash"

if [ ! -f "$cache/.complete" ]; then
  mkdir -p "$cache"
  (
    flock 9
    if [ ! -f "$cache/.complete" ]; then
      cp "$here/package.json" "$here/package-lock.json" "$cache/"
      (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      touch "$cache/.complete"
    fi
  ) 9>"$cache.lock"
fi

export SWITCHYARD_CONSOLE_NODE_MODULES="$cache/node_modules"
NODE_PATH="$cache/node_modules" node "$here/build.mjs" "${1:-$here/dist}"
