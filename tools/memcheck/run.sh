#!/usr/bin/env bash
# Runs a test project with the malloc quarantine (quarantine.c) preloaded into the test host, and fails if the tests
# fail or any freed block was written to afterwards. Prints the damage reports, if any, and one summary line.
# Usage: run.sh WORK_DIR TEST_PROJECT [dotnet test arguments...]
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(realpath -m "$1") project=$2
shift 2
reports=$work/reports
rm -rf "$work" && mkdir -p "$reports"
cc -O2 -Wall -shared -fPIC -o "$work/libquarantine.so" "$here/quarantine.c" -ldl -lpthread || exit 1

dotnet test "$project" -c Release --no-build -nologo -e LD_PRELOAD="$work/libquarantine.so" -e MEMCHECK_DIR="$reports" "$@"
status=$?

damaged=$(cat "$reports"/*.txt 2>/dev/null | grep -c '^DAMAGED')
processes=$(cat "$reports"/*.txt 2>/dev/null | grep -c '^SUMMARY')
if [ "$damaged" -gt 0 ]; then
  cat "$reports"/*.txt >&2
fi
echo "memcheck: $(basename "$project"): $processes test host(s) verified, $damaged freed block(s) written after free"
[ $status -eq 0 ] && [ "$damaged" -eq 0 ] && [ "$processes" -gt 0 ]
