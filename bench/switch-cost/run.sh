#!/usr/bin/env bash
# Measures what a wake-up costs here, between threads and between processes, on two cores and on one
# (bench/README.md, "What worker hosts add"). Needs a C compiler (cc); builds into a temporary directory.
set -euo pipefail
rounds=${1:-100000}
command -v cc >/dev/null || { echo "switch-cost: needs a C compiler (cc)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cc -O2 -pthread -o "$out/switch-cost" "$(dirname "$0")/switch-cost.c"
cores=$(nproc)
for mode in threads processes; do
  if [ "$cores" -ge 2 ]; then printf 'two cores: '; taskset -c 0,1 "$out/switch-cost" "$mode" "$rounds"; fi
  printf 'one core:  '; taskset -c 0 "$out/switch-cost" "$mode" "$rounds"
done
