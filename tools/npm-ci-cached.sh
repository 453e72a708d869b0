#!/usr/bin/env bash
# Installs the npm packages of <dir>'s package.json/package-lock.json once per lock file into a shared cache,
# ${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/<name>/<hash of the lock>, and prints that install's node_modules path.
# Repeated and parallel builds reuse it (a lock file serializes the first install); a fresh machine needs only npm.
# Used by the build scripts of the runtime's JavaScript and of the operator console.
# Usage: npm-ci-cached.sh <dir> <name>
set -euo pipefail
dir="$1"
hash="$(sha256sum "$dir/package-lock.json" | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/$2/$hash"

if [ ! -f "$cache/.complete" ]; then
  mkdir -p "$cache"
  (
    flock 9
    if [ ! -f "$cache/.complete" ]; then
      cp "$dir/package.json" "$dir/package-lock.json" "$cache/"
      (cd "$cache" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      touch "$cache/.complete"
    fi
  ) 9>"$cache.lock"
fi
echo "$cache/node_modules"
