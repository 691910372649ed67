#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Build (installing what is missing) and run every test suite: unit,
# functional, integration (and fuzz, where clang is), twice: in the
# optimized build, and in a build with AddressSanitizer and
# UndefinedBehaviorSanitizer, where any report fails the case. Ends with
# one line "N passed, N failed, N skipped" counting the individual TAP test
# cases of all suites in both builds, and one case more: the suites must
# leave the machine as they found it.
#   test/run.sh [--no-sanitize] [BUILD_DIR]   (default: build; the
#                                              sanitized one is BUILD_DIR-asan)
# With CI=true both builds use -Dwerror=true.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
sanitize=1
build=""
usage() { echo "usage: test/run.sh [--no-sanitize] [BUILD_DIR]   (default build)"; }
for a in "$@"; do
	case $a in
	--no-sanitize) sanitize=0 ;;
	-h|--help) usage; exit 0 ;;
	-*) echo "test/run.sh: unknown option '$a'" >&2; usage >&2; exit 1 ;;
	*) [ -z "$build" ] || { echo "test/run.sh: one build directory, not '$build' and '$a'" >&2; exit 1; }
		build=$a ;;
	esac
done
build=${build:-build}
werror=()
[ "${CI:-}" != true ] || werror=(-Dwerror=true)

buildtools/install-deps.sh || exit 1

# The suites must leave the machine as they found it: hugepages, hugetlbfs
# mounts and EAL runtime directories (checked as one more case below).
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
host_state() {
	echo "nr_hugepages $(cat /proc/sys/vm/nr_hugepages 2>/dev/null)"
	echo "hugetlbfs mounts $(grep -c hugetlbfs /proc/mounts)"
	echo "/dev/null $(stat -c %F /dev/null)"
	echo "hugepage files $(awk '$3 == "hugetlbfs" { print $2 }' /proc/mounts |
		xargs -r -I{} find {} -maxdepth 1 -type f 2>/dev/null | wc -l)"
	ls -1 "$rundir" 2>/dev/null | sed 's/^/runtime dir /'
}

passed=0 failed=0 skipped=0 skips=""
# run_suites DIR NAME MESON_SETUP_OPTIONS...: build DIR and run its suites
run_suites() {
	local dir=$1 name=$2 log p s f rc
	shift 2
	# an existing tree takes these options too (a sanitized build stays one)
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" || { failed=$((failed + 1)); return; }
	else
		meson configure "$dir" "$@" || { failed=$((failed + 1)); return; }
	fi
	if ! ninja -C "$dir"; then
		echo "not ok - $name: the build failed"
		failed=$((failed + 1))
		return
	fi
	# an installed driver loads in every DPDK app, beside the build's (-d)
	pmd=$(cat "$dir/drivers/net/lo/pmd_dir.txt" 2>/dev/null)
	if [ -n "$pmd" ] && [ -e "$pmd/librte_net_lo.so" ]; then
		echo "not ok - $name: net_lo is installed ($pmd/librte_net_lo.so): every DPDK" \
			"application loads it by itself, beside the copy the tests load with -d, so" \
			"net_lo would register twice and the tests would not test this build." \
			"Remove it first (ninja -C $dir uninstall, or apt remove netlo)."
		failed=$((failed + 1))
		return
	fi
	meson test -C "$dir" --print-errorlogs
	rc=$?
	log=$dir/meson-logs/testlog.txt
	p=$(grep -cE '^ok [0-9]+' "$log")
	s=$(grep -E '^ok [0-9]+' "$log" | grep -ciE '# SKIP')
	f=$(grep -cE '^not ok [0-9]+' "$log")
	# A program that died before printing its results still counts as a failure.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	echo "$name: $((p - s)) passed, $f failed, $s skipped"
	passed=$((passed + p - s))
	failed=$((failed + f))
	skipped=$((skipped + s))
	skips+=$(grep -E '^ok [0-9]+' "$log" | grep -iE '# SKIP' | sed "s/^/  $name: /")$'\n'
}

state_before=$(host_state)
run_suites "$build" "optimized build" -Dbuildtype=release "${werror[@]}"
if [ "$sanitize" = 1 ]; then
	# b_lundef=false: the sanitizer runtimes resolve the driver's symbols
	run_suites "$build-asan" "sanitized build" -Db_sanitize=address,undefined \
		-Db_lundef=false "${werror[@]}"
else
	echo "ok - sanitized build # SKIP --no-sanitize"
	skipped=$((skipped + 1))
	skips+="  sanitized build: not run (--no-sanitize)"
fi
state_after=$(host_state)

if [ "$state_before" = "$state_after" ]; then
	echo "ok - the suites left hugepages, mounts and $rundir as they found them"
	passed=$((passed + 1))
else
	echo "not ok - the suites changed the machine:"
	diff <(echo "$state_before") <(echo "$state_after") |
		sed -n 's/^< /  before: /p; s/^> /  after:  /p'
	failed=$((failed + 1))
fi
if [ "$skipped" -gt 0 ]; then
	echo "skipped cases:"
	echo "$skips" | grep .
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
