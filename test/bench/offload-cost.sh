#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# What each net_lo feature costs in TSC cycles per packet (offload_cost.c:
# one lcore sends a working set through a port and receives it back, each
# configuration in turn, medians over rounds and of the per-round extra
# over the default port, at EAL's SIMD width and, in the last column, with
# the scalar fallback), on 2 MB hugepages (reserved as root for the run and
# given back after) and on 4 KB pages.
#
#   test/bench/offload-cost.sh [--rounds N] [--pages huge|4k|both] [BUILD_DIR]
#
# BUILD_DIR defaults to build (needs -Dtests=true, the default).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"

rounds=7
pages=both
build=build
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]?$ ]] ||
			{ echo "offload-cost.sh: --rounds takes 1-99" >&2; exit 2; }
		rounds=$2; shift 2 ;;
	--pages) [ $# -ge 2 ] && [[ "$2" =~ ^(huge|4k|both)$ ]] ||
			{ echo "offload-cost.sh: --pages takes huge, 4k or both" >&2; exit 2; }
		pages=$2; shift 2 ;;
	-h|--help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "offload-cost.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done
bin=$build/test/offload_cost
so=$build/drivers/net/lo/librte_net_lo.so
if [ ! -x "$bin" ] || [ ! -f "$so" ]; then
	echo "offload-cost.sh: $bin or $so missing: build with ninja -C $build first" >&2
	exit 2
fi
# EAL makes a runtime directory even with --in-memory or --no-shconf: one
# prefix for the run, removed at exit
prefix="netlo-offload-cost-$$"
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
trap 'hugepages_restore; rm -rf "${rundir:?}/$prefix"' EXIT
echo "# offload-cost.sh: $rounds rounds; $(date -u +%FT%TZ)"
echo "# CPU: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
rc=0
for p in huge 4k; do
	[ "$pages" = both ] || [ "$pages" = "$p" ] || continue
	if [ "$p" = huge ]; then
		if ! hugepages_reserve 256; then
			echo "# 2 MB pages: fewer than 256 free (run as root to reserve them): skipped"
			continue
		fi
		eal=(--in-memory -m 512)
	else
		eal=(--no-huge -m 512)
	fi
	echo "# $p pages"
	"$bin" -l 0 --no-pci --no-shconf --no-telemetry "${eal[@]}" --file-prefix="$prefix" \
		--log-level=lib.eal:error -d "$so" \
		-- --rounds "$rounds" || rc=1
	hugepages_restore
done
exit $rc
