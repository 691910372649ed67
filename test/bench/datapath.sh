#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The datapath figures of the driver guide, with DPDK's own tools: for each
# column, in turn (A B C A B C ...), several rounds of
#   pmd_perf  stock dpdk-test pmd_perf_autotest: TSC cycles per packet of
#             rx+tx with ~1024 mbufs in flight (cold mbufs: each touch a miss)
#   io        stock dpdk-testpmd io --tx-first, burst 32, one forwarding
#             lcore: Mpps, median of the per-second samples after 2 s
# then lo-perf --compare net_ring0,net_lo0 for io, macswap and pipeline.
# Each figure is the median over rounds; beside it the paired figure: per
# round, the extra cycles over (or the ratio to) the first column, median.
# A run that fails is dropped and reported, never counted as 0.
#
#   test/bench/datapath.sh [options] [COLUMN...]
#   COLUMN         VDEV or VDEV@DRIVER.so (default: net_ring0 net_lo0
#                  net_lo0,byte_stats=off); the first is the reference
#   --pages huge|4k  2 MB hugepages (--in-memory; reserved as root for the
#                  run and given back after) or 4 KB pages (--no-huge);
#                  default huge
#   --rounds N     alternations (default 5)
#   --base SO      also run net_lo0 and net_lo0,byte_stats=off from another
#                  build of the driver (before/after comparisons)
#   --seconds S    length of one testpmd io run, 5 or more (default 7; the first
#                  2 s are warm-up)
#   --no-pmd-perf  skip pmd_perf_autotest
#   --no-lo-perf   skip the lo-perf part
#   --driver SO    the net_lo plugin (default build/drivers/net/lo/librte_net_lo.so)
set -u

pages=huge
rounds=5
seconds=7
pmd_perf=1
lo_perf=1
top=$(cd "$(dirname "$0")/../.." && pwd)
driver=$top/build/drivers/net/lo/librte_net_lo.so
base=""
cols=()

usage() { sed -n '5,30s/^# \{0,1\}//p' "$0"; exit "$1"; }
die() { echo "datapath.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--pages) [ $# -ge 2 ] || die "--pages needs a value"; pages=$2; shift 2 ;;
	--rounds) [ $# -ge 2 ] || die "--rounds needs a value"; rounds=$2; shift 2 ;;
	--base) [ $# -ge 2 ] || die "--base needs a value"; base=$2; shift 2 ;;
	--driver) [ $# -ge 2 ] || die "--driver needs a value"; driver=$2; shift 2 ;;
	--seconds) [ $# -ge 2 ] || die "--seconds needs a value"; seconds=$2; shift 2 ;;
	--no-pmd-perf) pmd_perf=0; shift ;;
	--no-lo-perf) lo_perf=0; shift ;;
	-h|--help) usage 0 ;;
	-*) echo "datapath.sh: unknown option '$1'" >&2; usage 1 >&2 ;;
	*) cols+=("$1"); shift ;;
	esac
done
case $pages in huge|4k) ;; *) die "--pages '$pages': accepted huge or 4k" ;; esac
case $rounds in ''|*[!0-9]*|0) die "--rounds '$rounds': accepted 1 or more" ;; esac
case $seconds in ''|*[!0-9]*|[0-4]) die "--seconds '$seconds': accepted 5 or more (2 s warm-up, then per-second samples)" ;; esac
[ ${#cols[@]} -gt 0 ] || cols=("net_ring0" "net_lo0" "net_lo0,byte_stats=off")
if [ -n "$base" ]; then
	[ -f "$base" ] || die "--base '$base': no such file"
	base=$(cd "$(dirname "$base")" && pwd)/$(basename "$base")
	cols+=("net_lo0@$base" "net_lo0,byte_stats=off@$base")
fi
[ -f "$driver" ] || die "no driver at $driver: build first (meson setup build && ninja -C build)"
for t in dpdk-test dpdk-testpmd; do
	command -v $t >/dev/null || die "$t not found (apt-get install dpdk-dev)"
done

# 2 MB pages for this run only: what was reserved or mounted here is undone at exit.
. "$top/test/bench/bench-lib.sh"
# EAL makes a runtime directory even with --in-memory or --no-shconf (its
# telemetry socket): one prefix for the run, removed at exit.
prefix="netlo-bench-$$"
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
trap 'hugepages_restore; rm -rf "${rundir:?}/$prefix"' EXIT
trap 'exit 130' INT TERM
if [ "$pages" = huge ]; then
	hugepages_reserve 512 || die "needs 512 free 2 MB hugepages (run as root, or use --pages 4k)"
	mem=(--in-memory -m 1024 --file-prefix="$prefix")
else
	mem=(--no-huge -m 512 --no-shconf --file-prefix="$prefix")
fi

so_of() { case $1 in *@*) echo "${1#*@}" ;; *) echo "$driver" ;; esac; }
vdev_of() { echo "${1%%@*}"; }

# pmd_perf COLUMN: cycles per packet, or nothing when the run failed
pmd_perf() {
	DPDK_TEST=pmd_perf_autotest timeout 120 dpdk-test -l 0,1 "${mem[@]}" --no-pci \
		-d "$(so_of "$1")" --vdev="$(vdev_of "$1")" --log-level=lib.eal:error \
		</dev/null 2>&1 | sed -n 's/^Result: \([0-9][0-9]*\) cycles per packet/\1/p' | head -1
}

# io COLUMN: testpmd io Mpps (median of the samples after 2 s), or nothing
io() {
	timeout -s INT "$seconds" dpdk-testpmd -l 0,1 "${mem[@]}" --no-pci -d "$(so_of "$1")" \
		--vdev="$(vdev_of "$1")" --log-level=lib.eal:error -- --forward-mode=io \
		--tx-first --stats-period 1 --nb-cores=1 --burst=32 --total-num-mbufs=8192 \
		</dev/null 2>/dev/null | awk '/Rx-pps:/ { n++; if (n > 2 && $2 > 0) print $2 / 1e6 }' |
		median | awk '$1 != "-" { printf "%.1f\n", $1 }'
}

declare -A val pair
failed=0
echo "# datapath.sh: pages=$pages, $rounds rounds; $(date -u +%FT%TZ)"
echo "# CPU: $(lscpu | sed -n 's/^Model name: *//p'); DPDK $(pkg-config --modversion libdpdk 2>/dev/null)"
ref=${cols[0]}
benches=io
[ "$pmd_perf" = 0 ] || benches="pmd_perf io"
for bench in $benches; do
	for r in $(seq 1 "$rounds"); do
		line="$bench round $r:"
		declare -A now=()
		for c in "${cols[@]}"; do
			x=$($bench "$c")
			if [ -z "$x" ]; then
				echo "# $bench $c round $r FAILED: dropped" >&2
				failed=$((failed + 1))
				line="$line $c=FAILED"
				continue
			fi
			now[$c]=$x
			val[$bench/$c]="${val[$bench/$c]:-} $x"
			line="$line $c=$x"
		done
		for c in "${cols[@]}"; do
			[ -n "${now[$c]:-}" ] && [ -n "${now[$ref]:-}" ] || continue
			if [ $bench = pmd_perf ]; then
				p=$((now[$c] - now[$ref]))
			else
				p=$(awk -v a="${now[$c]}" -v b="${now[$ref]}" 'BEGIN { printf "%.3f", a / b }')
			fi
			pair[$bench/$c]="${pair[$bench/$c]:-} $p"
		done
		unset now
		echo "# $line"
	done
done

echo
printf '%-58s %14s %12s %12s %10s\n' column "pmd_perf cyc" "extra cyc" "io Mpps" "io ratio"
for c in "${cols[@]}"; do
	label=$c
	[ "$c" = "${c%@*}" ] || label="$(vdev_of "$c") @ $(basename "$(dirname "$(so_of "$c")")")/$(basename "$(so_of "$c")")"
	printf '%-58s %14s %12s %12s %10s\n' "$label" \
		"$(echo "${val[pmd_perf/$c]:-}" | median)" "$(echo "${pair[pmd_perf/$c]:-}" | median)" \
		"$(echo "${val[io/$c]:-}" | median)" "$(echo "${pair[io/$c]:-}" | median)"
done
echo "(medians over rounds; extra cyc and io ratio are per-round against $ref, then the median)"

if [ "$lo_perf" = 1 ]; then
	lp=$top/build/app/lo-perf/lo-perf
	if [ -x "$lp" ]; then
		# pipeline needs two workers: lcore 2 shares the main lcore's CPU, as
		# lo-perf's own defaults do
		mapfile -t cpu < <(lscpu -p=CPU | grep -v '^#' | head -2)
		[ ${#cpu[@]} -eq 2 ] || cpu=(0 0)
		lp_eal=(--lcores="0@${cpu[0]},1@${cpu[1]},2@${cpu[0]}" "${mem[@]}" --no-pci
			-d "$driver" --log-level=lib.eal:error)
		for engine in io macswap pipeline; do
			echo
			echo "# lo-perf --engine $engine --compare net_ring0,net_lo0 --trials $rounds"
			if ! "$lp" "${lp_eal[@]}" -- --engine "$engine" --compare net_ring0,net_lo0 \
					--trials "$rounds" </dev/null; then
				echo "# lo-perf $engine FAILED" >&2
				failed=$((failed + 1))
			fi
		done
	else
		echo "# lo-perf not built ($lp): lo-perf part skipped"
	fi
fi
[ "$failed" -eq 0 ] || { echo "# $failed runs failed (dropped above)"; exit 2; }
