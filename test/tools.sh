#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Integration with DPDK's stock tools as clients of net_lo:
#   1. dpdk-pmdinfo.py reads the driver's name and devargs from the .so
#   2. dpdk-proc-info, a secondary process, attaches to a testpmd primary
#      forwarding on net_lo0 and reads its stats (needs 2 MB hugepages:
#      set up when run as root, else skipped with the reason)
#   3. dpdk-telemetry.py reads the per-queue xstats and link of that port, and
#      net_lo's own /net_lo/rings
#   4. that primary ends cleanly on SIGINT with its clients gone
#   5. test_mp: a secondary's datapath and pdump capture (hugepages)
# TAP output.   tools.sh PATH/librte_net_lo.so [PATH/test_mp]
set -u
so=$1
test_mp=${2:-}
prefix="netlo-tools-$$"
# Leave the machine as found: the hugepages reserved and the hugetlbfs
# mounted here are given back, and EAL's runtime directory is removed.
hp_restore=""
unmount=0
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
cleanup() {
	rm -rf "${rundir:?}/$prefix" "${rundir:?}/$prefix-mp"
	# a primary's hugepage files stay in hugetlbfs after it exits
	rm -f /dev/hugepages/"${prefix}"map_* /dev/hugepages/"${prefix}"-mpmap_* 2>/dev/null
	[ "$unmount" = 0 ] || umount /dev/hugepages 2>/dev/null
	[ -z "$hp_restore" ] || echo "$hp_restore" > /proc/sys/vm/nr_hugepages
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# A sanitized driver needs its runtimes in the stock binaries that load it.
# A secondary adds the suppressions of DPDK's own leaks there (see the file).
pre=""
pre_secondary=""
if [ -n "${LO_SANITIZER_PRELOAD:-}" ]; then
	pre="env LD_PRELOAD=$LO_SANITIZER_PRELOAD"
	pre_secondary="$pre LSAN_OPTIONS=suppressions=$(cd "$(dirname "$0")" && pwd)/sanitizer/lsan-secondary.supp:print_suppressions=0"
fi
echo "1..5"

skip() { echo "ok $1 - $2 # SKIP $3"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }

# 1. pmdinfo
if ! command -v dpdk-pmdinfo.py >/dev/null 2>&1; then
	skip 1 "dpdk-pmdinfo.py" "not installed (apt-get install dpdk)"
elif ! "$(sed -n '1s/^#! *//p' "$(command -v dpdk-pmdinfo.py)" | cut -d' ' -f1)" \
		-c 'import elftools' 2>/dev/null; then
	skip 1 "dpdk-pmdinfo.py" "python3-pyelftools not installed"
else
	out=$(dpdk-pmdinfo.py "$so" 2>&1)
	if echo "$out" | grep -q '"name": "net_lo"' && echo "$out" | grep -q 'ring_size=<1-65535>'; then
		echo "ok 1 - dpdk-pmdinfo.py names net_lo and its devargs"
	else
		fail 1 "dpdk-pmdinfo.py" "$out"
	fi
fi

# A primary to look at: testpmd forwarding on net_lo0. A secondary maps the
# primary's memory at the primary's addresses, so the primary reserves it at
# 32 TiB, clear of where a secondary's own libraries may land (ASLR) and of
# ASan's shadow: left to choose, an ASan primary took addresses that a
# secondary then held 1 time in 12 ("Cannot reserve ... at [0x7f...]").
base="--base-virtaddr=0x200000000000"
free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 128 ] && [ "$(id -u)" = 0 ]; then
	hp_restore=$(cat /proc/sys/vm/nr_hugepages)
	echo $((hp_restore + 256 - ${free:-0})) > /proc/sys/vm/nr_hugepages 2>/dev/null
	mkdir -p /dev/hugepages
	if ! mount | grep -q "on /dev/hugepages type hugetlbfs"; then
		mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null && unmount=1
	fi
	free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
fi
if [ "${free:-0}" -ge 128 ] && mount | grep -q hugetlbfs; then
	huge=yes
	mem="-m 200"
else
	huge=no
	mem="--no-huge -m 512"
fi
log=$(mktemp)
have_tp=$(command -v dpdk-testpmd)
no_tp="dpdk-testpmd not installed (apt-get install dpdk-dev)"
# shellcheck disable=SC2086
[ -n "$have_tp" ] && timeout --preserve-status -k 10 -s INT 30 $pre dpdk-testpmd -l 0,1 $mem $base --no-pci --file-prefix="$prefix" \
	--log-level=lib.eal:error -d "$so" --vdev=net_lo0,speed=40G -- --forward-mode=io \
	--tx-first --nb-cores=1 --stats-period 1 --total-num-mbufs=4096 </dev/null >"$log" 2>&1 &
primary=$!
# Wait for forwarding to start (the first periodic stats).
i=0
while [ $i -lt 20 ] && ! grep -q "Rx-pps" "$log"; do
	sleep 0.5
	i=$((i + 1))
done

# 2. proc-info as a secondary process
if [ -z "$have_tp" ]; then
	skip 2 "dpdk-proc-info secondary" "$no_tp"
elif [ "$huge" = no ]; then
	skip 2 "dpdk-proc-info secondary" "no free 2 MB hugepages (multi-process needs them; run as root)"
elif ! grep -q "Rx-pps" "$log"; then
	fail 2 "dpdk-proc-info secondary: the testpmd primary did not start" "$(tail -20 "$log")"
else
	# shellcheck disable=SC2086
	out=$(timeout 20 $pre_secondary dpdk-proc-info --file-prefix="$prefix" --no-pci -d "$so" \
		--log-level=lib.eal:error -- --stats 2>&1)
	rx=$(echo "$out" | awk '/NIC statistics for port 0/ { f = 1 } f && /RX-packets:/ { print $2; exit }')
	if [ -n "$rx" ] && [ "$rx" -gt 0 ]; then
		echo "ok 2 - dpdk-proc-info secondary reads port 0 stats: RX-packets $rx"
	else
		fail 2 "dpdk-proc-info secondary" "$out"
	fi
fi

# 3. telemetry
if [ -z "$have_tp" ]; then
	skip 3 "dpdk-telemetry.py" "$no_tp"
elif ! command -v dpdk-telemetry.py >/dev/null 2>&1; then
	skip 3 "dpdk-telemetry.py" "not installed (apt-get install dpdk-dev)"
elif ! grep -q "Rx-pps" "$log"; then
	fail 3 "dpdk-telemetry.py: the testpmd primary did not start" "$(tail -20 "$log")"
else
	xs=$(printf '/ethdev/xstats,0\n' | timeout 10 dpdk-telemetry.py -f "$prefix" 2>&1)
	ls=$(printf '/ethdev/link_status,0\n' | timeout 10 dpdk-telemetry.py -f "$prefix" 2>&1)
	rg=$(printf '/net_lo/rings,0\n' | timeout 10 dpdk-telemetry.py -f "$prefix" 2>&1)
	pk=$(echo "$xs" | sed -n 's/.*"rx_q0_packets": \([0-9]*\).*/\1/p')
	if [ -n "$pk" ] && [ "$pk" -gt 0 ] && echo "$xs" | grep -q '"tx_q0_ring_hwm": 32' &&
		echo "$ls" | grep -q '"speed": 40000' &&
		echo "$rg" | tr -d ' \n' | grep -q '"name":"net_lo0"' &&
		echo "$rg" | tr -d ' \n' | grep -q '"rx_capacity":\[1024\],"rx_producers":\[1\],"tx_to_rx_queue":\[0\],"tx_ring_hwm":\[32\]'; then
		echo "ok 3 - dpdk-telemetry.py: rx_q0_packets $pk, ring_hwm 32, link 40000 Mbps, /net_lo/rings"
	else
		fail 3 "dpdk-telemetry.py" "$xs" "$ls" "$rg"
	fi
fi

# 4. the primary under its clients: SIGINT must end it cleanly (exit 0)
kill -INT $primary 2>/dev/null
wait $primary
rc=$?
if [ -z "$have_tp" ]; then
	skip 4 "the testpmd primary exits 0 after its clients" "$no_tp"
elif [ $rc -eq 0 ] && grep -q "Bye" "$log"; then
	echo "ok 4 - the testpmd primary exits 0 after its clients"
else
	fail 4 "the testpmd primary exited $rc" "$(tail -20 "$log")"
fi
rm -f "$log"

# 5. a secondary's own datapath on a queue of a primary's net_lo port, and a
#    pdump capture from that secondary of the primary's traffic (ethdev rx/tx
#    callbacks): test_mp, one program on both sides. Stock dpdk-pdump against
#    stock testpmd cannot show it here: the two register DPDK's mempool ops in
#    different orders, so the primary misreads pdump's pool (DPDK's
#    multi-process rule: same drivers, same order).
if [ -z "$test_mp" ]; then
	skip 5 "secondary datapath and pdump capture" "test_mp not given"
elif [ "$huge" = no ]; then
	skip 5 "secondary datapath and pdump capture" "no free 2 MB hugepages (multi-process needs them; run as root)"
else
	out=$(LO_LSAN_SECONDARY="suppressions=$(cd "$(dirname "$0")" && pwd)/sanitizer/lsan-secondary.supp:print_suppressions=0" \
		timeout 60 "$test_mp" "$so" "$prefix-mp" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && echo "$out" | grep -q "^ok 1 - "; then
		echo "ok 5 - $(echo "$out" | sed -n 's/^ok 1 - //p'): $(echo "$out" |
			sed -n 's/^# secondary: //p' | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
	else
		fail 5 "test_mp: exit $rc" "$out"
	fi
fi
