#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Build (installing what is missing) and run every test suite: unit,
# functional, integration. Ends with one line "N passed, N failed, N skipped"
# counting the individual TAP test cases of all suites.
#   test/run.sh [BUILD_DIR]   (default: build)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
build=${1:-build}

buildtools/install-deps.sh || exit 1
if [ ! -f "$build/build.ninja" ]; then
	meson setup "$build" || exit 1
fi
ninja -C "$build" || exit 1

# The suites must leave the machine as they found it: hugepages, hugetlbfs
# mounts and EAL runtime directories (checked as one more case below).
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
host_state() {
	echo "nr_hugepages $(cat /proc/sys/vm/nr_hugepages 2>/dev/null)"
	echo "hugetlbfs mounts $(grep -c hugetlbfs /proc/mounts)"
	ls -1 "$rundir" 2>/dev/null | sed 's/^/runtime dir /'
}
state_before=$(host_state)

meson test -C "$build" --print-errorlogs
rc=$?
state_after=$(host_state)

log=$build/meson-logs/testlog.txt
passed=$(grep -cE '^ok [0-9]+' "$log" | head -1)
skipped=$(grep -E '^ok [0-9]+' "$log" | grep -ciE '# SKIP' | head -1)
failed=$(grep -cE '^not ok [0-9]+' "$log" | head -1)
passed=$((passed - skipped))
if [ "$state_before" = "$state_after" ]; then
	echo "ok - the suites left hugepages, mounts and $rundir as they found them"
	passed=$((passed + 1))
else
	echo "not ok - the suites changed the machine:"
	diff <(echo "$state_before") <(echo "$state_after") | sed -n 's/^< /  before: /p; s/^> /  after:  /p'
	failed=$((failed + 1))
fi
# A program that died before printing its results still counts as a failure.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
if [ "$skipped" -gt 0 ]; then
	echo "skipped cases:"
	grep -E '^ok [0-9]+' "$log" | grep -iE '# SKIP' | sed 's/^/  /'
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
