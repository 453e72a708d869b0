#!/usr/bin/env bash
# Builds the operator console into one directory: index.html, app-<hash>.js and app-<hash>.css. npm packages are
# installed once per package-lock.json into a shared cache (${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/console-npm/<hash>),
# by tools/npm-ci-cached.sh as the runtime's build is, so repeated and parallel builds reuse them and a fresh machine needs only node and npm.
# Usage: build.sh <output-dir>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$("$here/../../../../tools/npm-ci-cached.sh" "$here" console-npm)"

export SWITCHYARD_CONSOLE_NODE_MODULES="$modules"
NODE_PATH="$modules" node "$here/build.mjs" "${1:-$here/dist}"
