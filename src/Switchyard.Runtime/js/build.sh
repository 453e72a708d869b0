#!/usr/bin/env bash
# Builds dist/runtime.bundle.js. npm packages are installed once per package-lock.json into a shared cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/runtime-npm/<hash>), so repeated and parallel builds reuse them.
# Usage: build.sh [output-file]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
hash="$(sha256sum "$here/package-lock.json" | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/runtime-npm/$hash"

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

export SWITCHYARD_RUNTIME_NODE_MODULES="$cache/node_modules"
if [ $# -ge 1 ]; then export SWITCHYARD_RUNTIME_OUT="$1"; fi
NODE_PATH="$cache/node_modules" node "$here/build.mjs"
