#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Integration: stock dpdk-testpmd loads librte_net_lo.so with -d and runs io
# forwarding with --tx-first on net_lo0 for a few seconds, with 1 and with 2
# queues. Checks RX == TX within the in-flight window (tx-first primes one
# burst per queue) and RX-bytes > 0. TAP output.
#
#   testpmd_fwd.sh PATH/librte_net_lo.so [SECONDS]
set -u
so=$1
secs=${2:-3}
burst=32
# EAL's runtime directories of these runs are removed at exit.
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
trap 'rm -rf "${rundir:?}/netlo-testpmd-$$-1" "${rundir:?}/netlo-testpmd-$$-2"' EXIT
# A sanitized driver needs its runtimes in the stock binary that loads it.
pre=""
[ -z "${LO_SANITIZER_PRELOAD:-}" ] || pre="env LD_PRELOAD=$LO_SANITIZER_PRELOAD"

echo "1..2"
testpmd=$(command -v dpdk-testpmd)
if [ -z "$testpmd" ]; then
	echo "ok 1 - testpmd io 1 queue # SKIP dpdk-testpmd not installed (apt-get install dpdk-dev)"
	echo "ok 2 - testpmd io 2 queues # SKIP dpdk-testpmd not installed (apt-get install dpdk-dev)"
	exit 0
fi

n=0
for q in 1 2; do
	n=$((n + 1))
	log=$(mktemp)
	# Non-interactive testpmd runs until SIGINT, then prints its totals and
	# exits 0; its own status is kept (a crash is not a pass), KILL if it hangs.
	# shellcheck disable=SC2086 # $pre: "env LD_PRELOAD=..." or nothing
	timeout --preserve-status -k 10 -s INT "$secs" $pre "$testpmd" -l 0,1 --no-huge -m 512 --no-pci \
		--file-prefix="netlo-testpmd-$$-$q" --log-level=lib.eal:error -d "$so" \
		--vdev=net_lo0 -- --forward-mode=io --tx-first --nb-cores=1 \
		--rxq="$q" --txq="$q" --burst=$burst --stats-period 1 --total-num-mbufs=8192 \
		</dev/null >"$log" 2>&1
	rc=$?
	# Totals after "Accumulated forward statistics"; bytes from the last NIC stats.
	rx=$(awk '/Accumulated forward statistics/ { f = 1 } f && /RX-packets:/ { print $2; exit }' "$log")
	tx=$(awk '/Accumulated forward statistics/ { f = 1 } f && /TX-packets:/ { print $2; exit }' "$log")
	rxb=$(awk '/RX-bytes:/ { v = $NF } END { printf "%.0f\n", v }' "$log")
	window=$((q * burst))
	if [ $rc -eq 0 ] && [ -n "$rx" ] && [ -n "$tx" ] && [ "$rx" -gt 0 ] &&
		[ "$tx" -ge "$rx" ] && [ $((tx - rx)) -le "$window" ] && [ "$rxb" -gt 0 ]; then
		echo "ok $n - testpmd io $q queue(s): RX $rx TX $tx (in flight $((tx - rx)) <= $window), RX-bytes $rxb"
	else
		echo "not ok $n - testpmd io $q queue(s): exit $rc, RX '${rx:-none}' TX '${tx:-none}' window $window RX-bytes '$rxb'"
		sed 's/^/#   /' "$log" | tail -40
	fi
	rm -f "$log"
done
