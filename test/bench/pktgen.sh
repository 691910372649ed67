#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Pktgen-DPDK with its default port configuration (RSS and rx checksums
# asked for, as far as the port offers them), one lcore sending and
# receiving 64-byte frames, on: net_lo0, net_lo0 from a build that offers no
# offload (meson -Dadvertise_offloads=false), and net_ring0; the columns in
# turn for several rounds (A B C A B C), each the median of per-second rx
# rates; then the medians and the ratios. As root; 2 MB pages when they can
# be reserved (given back after).
#
#   test/bench/pktgen.sh [--rounds N] [--seconds S] [--base OTHER.so]
#                        [BUILD_DIR [NOOFFL_BUILD_DIR]]
#
# --base adds a column: net_lo0 from another build of the driver (before/after).
# Pktgen is not packaged for Debian 12: build it from its source (release
# 23.06.1 builds against DPDK 22.11: meson setup build -Denable_lua=true &&
# ninja -C build; Lua is needed for the script below) and name the binary in
# PKTGEN. Pktgen asks for RSS and rx checksums from 24.07 on; 23.06.1 asks
# for neither with one rx queue, so for the figures in the driver guide its
# port setup (app/pktgen-port-cfg.c) was given 24.07's: mq_mode RSS unless
# the port has one rx queue at most, rss_hf masked by the port's types,
# RTE_ETH_RX_OFFLOAD_CHECKSUM masked by its capabilities.
#
# pktgen paces to the port's link speed: net_ring0 reports 10G, so
# its column is capped at 14.9 Mpps unless the pktgen build reads a speed
# from PKTGEN_LINK_SPEED (Mbps; this script sets 400000 for builds that do).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/bench-lib.sh"

rounds=3
secs=8
pos=()
base=""
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]?$ ]] ||
			{ echo "pktgen.sh: --rounds takes 1-99" >&2; exit 2; }
		rounds=$2; shift 2 ;;
	--seconds) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]?$ ]] ||
			{ echo "pktgen.sh: --seconds takes 1-99" >&2; exit 2; }
		secs=$2; shift 2 ;;
	--base) [ $# -ge 2 ] && [ -f "$2" ] ||
			{ echo "pktgen.sh: --base takes a librte_net_lo.so that exists" >&2; exit 2; }
		base=$(realpath "$2"); shift 2 ;;
	-h|--help) sed -n '3,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "pktgen.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) pos+=("$1"); shift ;;
	esac
done
[ ${#pos[@]} -le 2 ] || { echo "pktgen.sh: at most two build directories" >&2; exit 2; }
build=${pos[0]:-build}
nooffl=${pos[1]:-build-nooffl}
pktgen=${PKTGEN:-$(command -v pktgen || true)}
if [ -z "$pktgen" ] || [ ! -x "$pktgen" ]; then
	echo "pktgen.sh: no pktgen (set PKTGEN=/path/to/pktgen; see --help for how to build it)" >&2
	exit 2
fi
so=$build/drivers/net/lo/librte_net_lo.so
so_n=$nooffl/drivers/net/lo/librte_net_lo.so
for f in "$so" "$so_n"; do
	[ -f "$f" ] && continue
	echo "pktgen.sh: $f missing: meson setup $nooffl -Dadvertise_offloads=false -Dtests=false && ninja -C $nooffl (and ninja -C $build)" >&2
	exit 2
done
so=$(realpath "$so")
so_n=$(realpath "$so_n")
tmp=$(mktemp -d)
# EAL leaves a runtime directory even with --no-shconf: one prefix, removed at exit
prefix="netlo-pktgen-$$"
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
trap 'hugepages_restore; rm -rf "$tmp" "${rundir:?}/$prefix"' EXIT
mem=(--no-huge -m 2048)
if hugepages_reserve 800; then
	mem=(-m 1536 --huge-unlink)
fi
export PKTGEN_LINK_SPEED=400000

# run SO VDEV: prints the median of the per-second rx rates, in Mpps
run() {
	local out=$tmp/samples lua=$tmp/run.lua cmd
	rm -f "$out"
	cat > "$lua" <<EOF
local out = io.open("$out", "w")
pktgen.start("0")
pktgen.delay(1500)
local last = pktgen.portStats("0", "port")[0].ipackets
local n, tries = 0, 0
while n < $secs and tries < ($secs + 5) * 20 do
	pktgen.delay(50)
	tries = tries + 1
	local cum = pktgen.portStats("0", "port")[0].ipackets
	if cum ~= last then
		out:write(string.format("%d\n", pktgen.portStats("0", "rate")[0].ipackets))
		last = cum
		n = n + 1
	end
end
pktgen.stop("0")
out:close()
pktgen.quit()
EOF
	printf -v cmd '%q ' "$pktgen" -l 0,1 "${mem[@]}" --no-pci --no-shconf \
		--file-prefix "$prefix" -d "$1" --vdev="$2" -- -P -m 1.0 -f "$lua"
	# pktgen wants a terminal
	TERM=${TERM:-xterm} timeout -k 5 $((secs + 40)) script -qfec "exec $cmd" /dev/null \
		< /dev/null > /dev/null 2>&1
	[ -s "$out" ] && awk '{ print $1 / 1e6 }' "$out" | median || echo "-"
}

echo "# pktgen.sh: $rounds rounds of $secs s; $(date -u +%FT%TZ); $("$pktgen" --version 2>/dev/null | head -1)"
echo "# CPU: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo); memory: ${mem[*]}"
a="" b="" c="" d=""
for ((r = 1; r <= rounds; r++)); do
	x=$(run "$so" net_lo0); y=$(run "$so_n" net_lo0); z=$(run "$so" net_ring0)
	w=-
	[ -z "$base" ] || w=$(run "$base" net_lo0)
	echo "round $r: net_lo0 $x  net_lo0-no-offloads $y  net_ring0 $z  base net_lo0 $w Mpps"
	a="$a $x" b="$b $y" c="$c $z" d="$d $w"
done
ma=$(echo "$a" | median) mb=$(echo "$b" | median) mc=$(echo "$c" | median)
md=$(echo "$d" | median)
echo "median: net_lo0 $ma  net_lo0-no-offloads $mb  net_ring0 $mc  base net_lo0 $md Mpps"
awk -v a="$ma" -v b="$mb" -v c="$mc" 'BEGIN {
	if (a == "-" || b == "-" || c == "-" || b == 0 || c == 0) { print "ratios: -"; exit 1 }
	printf "ratios: net_lo0 / no offloads %.2fx, net_lo0 / net_ring0 %.2fx\n", a / b, a / c }'
