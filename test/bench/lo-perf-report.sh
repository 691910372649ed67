#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The figures of doc/guides/tools/lo-perf-results.rst, reproduced:
#  1. lo-perf io vs stock testpmd io --tx-first on net_lo0, alternating
#     runs in one session (2 MB hugepages), paired ratio medians;
#  2. lo-perf --compare net_lo0,net_ring0 for io, pipeline (txonly ->
#     rxonly across two lcores) and macswap at 64 and 1500 bytes, on 2 MB
#     hugepages and on 4 KB pages.
# Run as root from the checkout after building. Output: text tables; JSON
# per table under OUTDIR (default build/bench).
#   test/bench/lo-perf-report.sh [--rounds N] [--trials N] [--only 1|2] [OUTDIR]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
rounds=5
trials=5
only=""
while [ $# -gt 0 ]; do
	case $1 in
	--only) only=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--trials) trials=$2; shift 2 ;;
	-h|--help) sed -n '5,16s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "lo-perf-report.sh: unknown option '$1'" >&2; exit 1 ;;
	*) break ;;
	esac
done
out=${1:-$top/build/bench}
lp=$top/build/app/lo-perf/lo-perf
so=$top/build/drivers/net/lo/librte_net_lo.so
[ -x "$lp" ] || { echo "lo-perf-report.sh: build first (meson setup build && ninja -C build)" >&2; exit 1; }
mkdir -p "$out"

# hugepages for this run, given back at exit
. "$top/test/bench/bench-lib.sh"
trap hugepages_restore EXIT
trap 'exit 130' INT TERM
hugepages_reserve 512 || echo "lo-perf-report.sh: fewer than 512 free 2 MB hugepages" >&2
eal_common=(--lcores=0@0,1@1,2@0 --no-pci --log-level=lib.eal:error --no-telemetry -d "$so" --vdev=net_lo0)
eal_huge=("${eal_common[@]}" -m 1024 --in-memory)
eal_4k=("${eal_common[@]}" --no-huge -m 1024 --no-shconf)


echo "# $(lscpu | sed -n 's/^Model name: *//p'); DPDK $(pkg-config --modversion libdpdk); $(date -u +%FT%TZ)"
echo
echo "## 1. lo-perf io vs testpmd io --tx-first on net_lo0 (2 MB hugepages, burst 32, 1 lcore)"
ratios=""
[ "$only" != 2 ] || rounds=0
for r in $(seq 1 "$rounds"); do
	t=$("$top/test/bench/datapath.sh" --pages huge --rounds 1 --seconds 6 --no-pmd-perf \
		--no-lo-perf net_lo0 2>/dev/null | awk '$1 == "net_lo0" { print $4 }')
	l=$("$lp" "${eal_huge[@]}" -- --duration 3 --warmup 1 --trials 1 | sed -n 's/^lo-perf: engine=io .* Mpps=\([0-9.]*\) .*/\1/p')
	if ! awk -v a="${l:-0}" -v b="${t:-0}" 'BEGIN { exit !(a > 0 && b > 0) }'; then
		echo "round $r: testpmd '${t:-}' Mpps, lo-perf '${l:-}' Mpps: a run failed, round excluded"
		continue
	fi
	ratio=$(awk -v a="$l" -v b="$t" 'BEGIN { printf "%.3f", a / b }')
	ratios="$ratios $ratio"
	echo "round $r: testpmd $t Mpps, lo-perf $l Mpps, lo-perf/testpmd $ratio"
done
[ -z "$ratios" ] || echo "median lo-perf/testpmd: $(echo "$ratios" | median)"
[ "$only" != 1 ] || exit 0

for pages in huge 4k; do
	if [ $pages = huge ]; then eal=("${eal_huge[@]}"); label="2 MB hugepages"; else eal=("${eal_4k[@]}"); label="4 KB pages"; fi
	echo
	echo "## 2. lo-perf --compare net_lo0,net_ring0, $label, burst 32, $trials interleaved trials"
	for e in io pipeline macswap; do
		"$lp" "${eal[@]}" -- --engine "$e" --compare net_lo0,net_ring0 --pkt-size 64,1500 \
			--trials "$trials" --duration 1 --warmup 1 --json "$out/compare-$e-$pages.json" |
			grep -E "^(io|pipeline|macswap) |^lo-perf: compare"
	done
done
