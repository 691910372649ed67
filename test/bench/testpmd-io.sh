#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Stock dpdk-testpmd, io forwarding with --tx-first, one forwarding lcore,
# on each given vdev in turn (A B C A B C ...), several rounds. Each run's
# figure is the median of its per-second Rx-pps samples after a warm-up;
# the result is the median over rounds, and its ratio to the last vdev.
#
#   test/bench/testpmd-io.sh [options] VDEV... (default: net_lo0,
#       net_lo0,byte_stats=off and net_ring0)
#   --pages huge|4k|auto  2 MB hugepages (--in-memory; set up as root if
#                     none), 4 KB pages (--no-huge), or huge when 512 are
#                     free and 4k otherwise; default huge
#   --rounds N        alternations (default 5)
#   --seconds S       length of one run (default 6; the first 2 s are warm-up)
#   --burst N         testpmd --burst (default 32)
#   --driver SO       the net_lo plugin (default build/drivers/net/lo/librte_net_lo.so)
set -eu

pages=huge
rounds=5
seconds=6
burst=32
top=$(cd "$(dirname "$0")/../.." && pwd)
driver=$top/build/drivers/net/lo/librte_net_lo.so
vdevs=()

usage() { sed -n '5,20s/^# \{0,1\}//p' "$0"; exit "$1"; }
while [ $# -gt 0 ]; do
	case $1 in
	--pages) pages=$2; shift 2 ;;
	--rounds) rounds=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--burst) burst=$2; shift 2 ;;
	--driver) driver=$2; shift 2 ;;
	-h|--help) usage 0 ;;
	-*) echo "testpmd-io.sh: unknown option '$1'" >&2; usage 1 >&2 ;;
	*) vdevs+=("$1"); shift ;;
	esac
done
[ ${#vdevs[@]} -gt 0 ] || vdevs=("net_lo0" "net_lo0,byte_stats=off" "net_ring0")
case $pages in huge|4k|auto) ;; *) echo "testpmd-io.sh: --pages '$pages': accepted huge, 4k or auto" >&2; exit 1 ;; esac
if [ "$pages" = auto ]; then
	free=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "${free:-0}" -ge 512 ]; then pages=huge; else pages=4k; fi
fi
for n in "$rounds" "$seconds" "$burst"; do
	case $n in ''|*[!0-9]*|0) echo "testpmd-io.sh: '$n' is not a positive integer" >&2; exit 1 ;; esac
done
[ "$seconds" -ge 3 ] || { echo "testpmd-io.sh: --seconds must be at least 3" >&2; exit 1; }
[ -f "$driver" ] || { echo "testpmd-io.sh: no driver at $driver: build first (meson setup build && ninja -C build)" >&2; exit 1; }
command -v dpdk-testpmd >/dev/null || { echo "testpmd-io.sh: dpdk-testpmd not found (apt-get install dpdk-dev)" >&2; exit 1; }

if [ "$pages" = huge ]; then
	free=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
	if [ "${free:-0}" -lt 512 ]; then
		if [ "$(id -u)" = 0 ]; then
			echo $(( $(awk '/HugePages_Total/ {print $2}' /proc/meminfo) + 512 )) > /proc/sys/vm/nr_hugepages
			mkdir -p /dev/hugepages
			mount | grep -q "on /dev/hugepages type hugetlbfs" || mount -t hugetlbfs nodev /dev/hugepages
		fi
		free=$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)
		[ "${free:-0}" -ge 512 ] || { echo "testpmd-io.sh: needs 512 free 2 MB hugepages (run as root, or use --pages 4k)" >&2; exit 1; }
	fi
	mem=(--in-memory -m 1024)
else
	mem=(--no-huge -m 512 --no-shconf)
fi

# run VDEV: print the median Rx-pps of one run, warm-up samples dropped
run() {
	timeout -s INT "$seconds" dpdk-testpmd -l 0,1 "${mem[@]}" --no-pci -d "$driver" \
		--vdev="$1" --log-level=lib.eal:error -- --forward-mode=io --tx-first \
		--stats-period 1 --nb-cores=1 --burst="$burst" --total-num-mbufs=8192 \
		</dev/null 2>/dev/null |
		awk '/Rx-pps:/ { n++; if (n > 2) print $2 }' | sort -n |
		awk '{ v[NR] = $1 } END { if (NR > 0) print v[int((NR + 1) / 2)] }'
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }

declare -A samples ratios
failed=0
ref=${vdevs[${#vdevs[@]}-1]}
echo "# testpmd io --tx-first, burst $burst, 1 fwd lcore, pages=$pages, $rounds rounds of ${seconds}s; $(date -u +%FT%TZ)"
echo "# $(lscpu | sed -n 's/^Model name: *//p'); DPDK $(pkg-config --modversion libdpdk 2>/dev/null)"
for r in $(seq 1 "$rounds"); do
	line="round $r:"
	declare -A now=()
	for v in "${vdevs[@]}"; do
		x=$(run "$v")
		if [ -z "$x" ] || [ "$x" = 0 ]; then
			# a failed run is dropped, not a 0 in the medians and ratios
			echo "# round $r: $v FAILED (no Rx-pps samples): dropped" >&2
			failed=$((failed + 1))
			line="$line $v=FAILED"
			continue
		fi
		now[$v]=$x
		samples[$v]="${samples[$v]:-} $x"
		line="$line $v=$(awk -v x="$x" 'BEGIN { printf "%.1f", x / 1e6 }')"
	done
	# paired ratio: this round's figure over the reference's in the same round
	for v in "${vdevs[@]}"; do
		[ -n "${now[$v]:-}" ] && [ -n "${now[$ref]:-}" ] || continue
		ratios[$v]="${ratios[$v]:-} $(awk -v a="${now[$v]}" -v b="${now[$ref]}" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }')"
	done
	echo "# $line Mpps"
done
refm=$(echo "${samples[$ref]:-}" | median)
printf '%-28s %11s %11s %11s %8s %8s\n' vdev "median" min max ratio "paired"
for v in "${vdevs[@]}"; do
	m=$(echo "${samples[$v]:-}" | median)
	lo=$(echo "${samples[$v]:-}" | tr ' ' '\n' | grep . | sort -n | head -1)
	hi=$(echo "${samples[$v]:-}" | tr ' ' '\n' | grep . | sort -n | tail -1)
	pr=$(echo "${ratios[$v]:-}" | median)
	awk -v v="$v" -v m="$m" -v lo="$lo" -v hi="$hi" -v r="$refm" -v pr="$pr" 'BEGIN {
		printf "%-28s %6.1f Mpps %6.1f Mpps %6.1f Mpps %7.3fx %7.3fx\n", v, m / 1e6, lo / 1e6,
			hi / 1e6, (r > 0 ? m / r : 0), pr }'
done
echo "(ratio: median over median of $ref; paired: median of the per-round ratios to $ref)"
[ "$failed" -eq 0 ] || { echo "# $failed runs failed and were dropped"; exit 2; }
