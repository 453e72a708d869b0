#!/usr/bin/env bash
# Runs every test of Switchyard: builds the solution (which fetches and builds the V8 shim on first use), runs all
# test projects (unit, integration over loopback HTTP, end-to-end with real wrangler), and prints one summary line.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

results="TestResults"
rm -rf "$results"
# A hung test must fail the run and name itself, not stall CI until its deadline: the blame collector ends a test host
# whose current test has run for 10 minutes (and reports that test), and each step has a hard ceiling besides
# (timeout signals the step's whole process group, so no test host or child of one outlives it).
hang=(--blame-hang-timeout 10m --blame-hang-dump-type none)
say() { echo "[$(date -u +%H:%M:%S)] $*"; }

say "build"
timeout -k 30 30m dotnet build Switchyard.slnx -c Release -nologo -v:q || { echo "0 passed, 1 failed"; exit 1; }
say "tests"
timeout -k 30 40m dotnet test Switchyard.slnx -c Release --no-build -nologo --logger "trx" --results-directory "$results" \
  "${hang[@]}" "$@"
status=$?
[ $status -eq 124 ] && say "the tests ran past their 40-minute ceiling and were stopped"

# The edge and control plane suites once more with isolates in two worker host processes (serve --worker-hosts 2):
# every request, upload validation, binding call, KV and blob read, log, trace and metric then crosses the host
# channel.
say "tests with worker hosts"
SWITCHYARD_TEST_WORKER_HOSTS=2 timeout -k 30 20m dotnet test tests/Switchyard.Edge.Tests -c Release --no-build -nologo --logger "trx" \
  --results-directory "$results" "${hang[@]}" || status=1
SWITCHYARD_TEST_WORKER_HOSTS=2 timeout -k 30 20m dotnet test tests/Switchyard.ControlPlane.Tests -c Release --no-build -nologo --logger "trx" \
  --results-directory "$results" "${hang[@]}" || status=1

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted="..">
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get total) - $(get executed)))   # xunit's skipped tests are counted as not executed
done
[ $status -ne 0 ] && [ $failed -eq 0 ] && failed=1   # a crashed test host still fails the run

# The engine and runtime tests once more with freed malloc memory quarantined and verified (tools/memcheck): a native
# write after free is otherwise silent until it crashes some later, unrelated test. Each project counts as one test.
memcheck() {
  local project=$1 log="$results/memcheck-$(basename "$1").log"
  shift
  say "memcheck $(basename "$project")"
  if timeout -k 30 15m tools/memcheck/run.sh "$results/memcheck/$(basename "$project")" "$project" "${hang[@]}" "$@" \
      >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "memcheck failed, see $log"
    grep -E '^\s+Failed |aborted|inactivity|The test running when' "$log" | head -20
  fi
  tail -n 1 "$log"
}
# The resident-memory test is left out: the quarantine itself holds freed memory.
memcheck tests/Switchyard.Engine.Tests --filter "FullyQualifiedName!~DisposeLeakTests"
memcheck tests/Switchyard.Runtime.Tests

line="$passed passed, $failed failed"
[ $skipped -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ $failed -eq 0 ] && [ $status -eq 0 ]
