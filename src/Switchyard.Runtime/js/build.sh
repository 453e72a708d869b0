#!/usr/bin/env bash
# Builds dist/runtime.bundle.js. npm packages are installed once per package-lock.json into a shared cache
# (${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/runtime-npm/<hash>, by tools/npm-ci-cached.sh), so repeated and parallel builds reuse them.
# Usage: build.sh [output-file]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
modules="$("$here/../../../tools/npm-ci-cached.sh" "$here" runtime-npm)"

export SWITCHYARD_RUNTIME_NODE_MODULES="$modules"
if [ $# -ge 1 ]; then export SWITCHYARD_RUNTIME_OUT="$1"; fi
NODE_PATH="$modules" node "$here/build.mjs"
