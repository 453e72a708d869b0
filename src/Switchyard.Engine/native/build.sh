#!/usr/bin/env bash
# Builds the V8 shim: fetches Debian's libnode108 + libnode-dev once into a per-user cache, compiles the shim
# against them, and puts libswitchyard_v8.so and libnode.so.108 side by side in OUT_DIR.
# Usage: build.sh OUT_DIR
set -euo pipefail

out_dir=$1
here=$(cd "$(dirname "$0")" && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/libnode
root=$cache/root
lib=$root/usr/lib/x86_64-linux-gnu/libnode.so.108
include=$root/usr/include/node
packages=(libnode108 libnode-dev)

fail() { echo "error SYV8: $*" >&2; exit 1; }

fetch() {
  command -v apt-get >/dev/null || fail "apt-get not found: the V8 shim needs Debian's ${packages[*]} packages"
  local debs=$cache/debs
  rm -rf "$debs" && mkdir -p "$debs"
  if ! (cd "$debs" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
    echo "apt-get download found nothing; running apt-get update" >&2
    apt-get update >/dev/null 2>&1 || echo "apt-get update failed" >&2
    (cd "$debs" && apt-get download "${packages[@]}" >&2) ||
      fail "could not download ${packages[*]} with apt-get (needs a Debian bookworm package source)"
  fi
  rm -rf "$root.tmp" && mkdir -p "$root.tmp"
  for deb in "$debs"/*.deb; do dpkg -x "$deb" "$root.tmp"; done
  [[ -f $root.tmp/usr/lib/x86_64-linux-gnu/libnode.so.108 ]] || fail "libnode.so.108 missing from the downloaded libnode108"
  [[ -f $root.tmp/usr/include/node/v8.h ]] || fail "v8.h missing from the downloaded libnode-dev"
  rm -rf "$root" && mv "$root.tmp" "$root"
}

mkdir -p "$cache" "$out_dir"
exec 9>"$cache/lock"
flock 9  # builds of several projects may run at once
[[ -f $lib && -f $include/v8.h ]] || fetch

cp -p "$lib" "$out_dir/libnode.so.108"
# -fno-rtti: Debian built libnode without RTTI (subclassing V8 classes otherwise fails to link).
objects=$out_dir/objects
rm -rf "$objects" && mkdir -p "$objects"
pids=()
for source in "$here"/*.cc; do
  g++ -std=c++17 -O2 -fPIC -fno-rtti -fvisibility=hidden -Wall -Wno-unused-parameter -I"$include" \
    -c "$source" -o "$objects/$(basename "${source%.cc}").o" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "compiling the shim failed"; done
g++ -shared "$objects"/*.o -o "$out_dir/libswitchyard_v8.so.tmp" "$out_dir/libnode.so.108" -pthread \
  -Wl,--no-undefined -Wl,-rpath,'$ORIGIN'
mv "$out_dir/libswitchyard_v8.so.tmp" "$out_dir/libswitchyard_v8.so"
