#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Integration: DPDK's stock applications, unmodified, on net_lo (issue 9).
#   1. dpdk-testpmd --rxq=1 --txq=2, io forwarding: the unequal counts are
#      accepted and the per-queue xstats add up exactly
#   2. the same on the pair net_lo0 <-> net_lo1 (peer=): what one port
#      sends the other receives, exactly; one link state for both
#   3. dpdk-testpmd --rxq=4 --txq=4 --rss-ip, flowgen (7 flows): every rx
#      queue gets exactly the packets a reference Toeplitz hash assigns it,
#      and 128 packets of 128 flows carry the reference hash.rss
#   4. the same with --rss-udp (the 12-byte IPv4 UDP tuple)
#   5. the default RSS key (Microsoft's) and RETA (entry i = i % 4), read
#      back through testpmd; both updated while started, read back, and
#      128 packets hashed and queued by the new ones
#   6. testpmd's csum engine with IP/UDP/TCP checksums offloaded and rx
#      checksum offloads on: no bad checksum over millions of packets, each
#      dumped packet IP GOOD and L4 UNKNOWN (testpmd's UDP checksums are 0)
#   7. packet types: none while testpmd has them off (its default), then
#      L2_ETHER L3_IPV4 L4_UDP on each packet after "set port 0 ptype_mask"
#      and a port restart
#   8. dpdk-test event_eth_rx_adapter_autotest on net_lo0 (64 rx queues,
#      1 tx queue): all its cases pass
#   9. l3fwd (DPDK's example, built here from its source) on the pair
#      net_lo0 <-> net_lo1, 2 lcores: starts without --parse-ptype, RSS and
#      rx checksum offloads accepted, ends with exit 0 on SIGINT
#  10. l3fwd on two self-looped ports, ended by SIGTERM
#  11. l3fwd-power --interrupt-only (built the same way) on the pair: its
#      rx queue interrupts register (rte_eth_dev_rx_intr_ctl_q), both
#      lcores enter the interrupt loop, exit 0 on SIGINT. No traffic, as
#      in 9 and 10: the wake itself is test_ethdev's case.
#  12. l2fwd (built the same way) on the pair: both ports up, each lcore
#      in its main loop, exit 0 on SIGINT
# TAP output.
#
#   apps.sh PATH/librte_net_lo.so [EXAMPLES_DIR [WORK_DIR]]
#
# EXAMPLES_DIR: DPDK's examples/ (from -Ddpdk_source, else Debian's dpdk-doc
# at /usr/share/dpdk/examples); l3fwd is built under WORK_DIR (the build tree).
#
# Why the counts in 1 to 4 are exact: after "stop", a second start/stop
# runs testpmd's rx flush (every rx queue drained, counted by the driver),
# so nothing is left in the rings and sum(rx_qN_packets) = sum(tx_qN_packets).
# testpmd forwards on min(rxq, txq) streams (config.c, rss_fwd_config_setup),
# so with --rxq=1 --txq=2 tx queue 1 carries nothing (asserted: tx_q1 = 0):
# several tx queues into one rx queue is for the functional tests; here the
# point is that testpmd configures the port and forwards. (With RSS, 3 and 4,
# each of the 4 tx queues feeds every rx queue.)
set -u
so=$1
examples=${2:-}
work=${3:-}
tag="netlo-apps-$$"
secs=2
rundir=/var/run/dpdk
[ "$(id -u)" = 0 ] || rundir=${XDG_RUNTIME_DIR:-/tmp}/dpdk
logs=()
pid=""
cleanup() {
	# an example still running when this script is interrupted: pid is its
	# timeout, which passes TERM on (and KILLs 10 s later)
	[ -z "$pid" ] || { kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }
	rm -rf "${rundir:?}/$tag"-*
	[ ${#logs[@]} -eq 0 ] || rm -f "${logs[@]}"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# A sanitized driver needs its runtimes in the stock binaries that load it.
pre=()
[ -z "${LO_SANITIZER_PRELOAD:-}" ] || pre=(env "LD_PRELOAD=$LO_SANITIZER_PRELOAD")
eal=(--no-huge -m 512 --no-pci --log-level=lib.eal:error -d "$so")

echo "1..12"
skip() { echo "ok $1 - $2 # SKIP $3"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }
newlog() { log=$(mktemp); logs+=("$log"); }

# xstat LOG NAME: the value of one "name: value" line of "show port xstats"
xstat() { sed -n "s/^$2: \([0-9]*\)$/\1/p" "$1" | tail -n 1; }
# xstatp LOG PORT NAME: the same in the section of one port
xstatp() {
	awk -v p="$2" -v k="$3:" '$0 ~ "NIC extended statistics for port " p " *$" { f = 1; next }
		/NIC extended statistics for port/ { f = 0 }
		f && $1 == k { v = $2 } END { print v }' "$1"
}

# testpmd_session LOG SECONDS TESTPMD_ARGS... : interactive testpmd, with
# the commands of $run on stdin once it prompts (so start-up time does not
# shorten the run), and SECONDS later those of $then, and quit. stdout is
# line-buffered: the prompts cmdline writes do not split its lines.
testpmd_session() {
	local lg=$1 s=$2 i=0
	shift 2
	# the feeder reads the log testpmd writes: it waits for the prompt
	# shellcheck disable=SC2094
	{
		while [ $i -lt 60 ] && ! grep -q "testpmd> " "$lg"; do
			sleep 0.5
			i=$((i + 1))
		done
		printf '%s\n' "${run[@]}"
		sleep "$s"
		printf '%s\n' "${then[@]}" quit
	} | timeout -k 10 60 "${pre[@]}" stdbuf -oL dpdk-testpmd -l 0,1 "${eal[@]}" "$@" >"$lg" 2>&1
}
# stop, then drain every rx queue (testpmd's flush at start, in rxonly)
stop_flush=("stop" "set fwd rxonly" "start" "stop")

have_tp=$(command -v dpdk-testpmd)
no_tp="dpdk-testpmd not installed (apt-get install dpdk)"

# 1. --rxq=1 --txq=2, io forwarding
if [ -z "$have_tp" ]; then
	skip 1 "testpmd --rxq=1 --txq=2" "$no_tp"
else
	newlog
	run=("start tx_first")
	then=("${stop_flush[@]}" "show port xstats 0")
	testpmd_session "$log" $secs --file-prefix="$tag-1" --vdev=net_lo0 -- -i \
		--forward-mode=io --nb-cores=1 --rxq=1 --txq=2 --total-num-mbufs=8192
	rc=$?
	rx0=$(xstat "$log" rx_q0_packets)
	tx0=$(xstat "$log" tx_q0_packets)
	tx1=$(xstat "$log" tx_q1_packets)
	rxd=$(xstat "$log" rx_q0_drops)
	if [ $rc -eq 0 ] && grep -q "RX queue number: 1 Tx queue number: 2" "$log" &&
		[ -n "$rx0" ] && [ -n "$tx0" ] && [ -n "$tx1" ] && [ "$rx0" -gt 0 ] &&
		[ "$tx1" -eq 0 ] && [ "$rx0" -eq $((tx0 + tx1)) ] && [ "${rxd:-x}" = 0 ]; then
		echo "ok 1 - testpmd --rxq=1 --txq=2 io: rx_q0 $rx0 = tx_q0 $tx0 + tx_q1 $tx1, no drops"
	else
		fail 1 "testpmd --rxq=1 --txq=2 io: exit $rc, rx_q0 '${rx0:-none}' tx_q0 '${tx0:-none}'" \
			"tx_q1 '${tx1:-none}' (expected rx_q0 = tx_q0 + tx_q1 > 0, tx_q1 = 0, rx_q0_drops 0)" \
			"$(grep -v '^testpmd> $' "$log" | tail -40)"
	fi
fi

# 2. the pair: testpmd's paired topology forwards port 0's rx out of port 1
#    and back; each port receives exactly what the other sent
if [ -z "$have_tp" ]; then
	skip 2 "testpmd on the pair net_lo0 <-> net_lo1" "$no_tp"
else
	newlog
	# then one txonly burst per port, dumped: on a pair each port receives
	# what the other sent (the source MAC is the other port's); and the one
	# link: both up, both down while either is set down or stopped
	run=("start tx_first")
	then=("${stop_flush[@]}" "show port xstats 0" "show port xstats 1" "set verbose 1"
		"start tx_first" "stop" "start" "stop" "set verbose 0"
		"show port summary all" "set link-down port 1" "show port summary all"
		"set link-up port 1" "show port summary all" "port stop 0" "show port summary all"
		"port start 0" "show port summary all")
	testpmd_session "$log" $secs --file-prefix="$tag-2" \
		--vdev=net_lo0,peer=net_lo1 --vdev=net_lo1 -- -i --forward-mode=io --nb-cores=1 \
		--rxq=1 --txq=2 --total-num-mbufs=8192
	rc=$?
	v=()
	for x in "0 rx_q0_packets" "0 tx_q0_packets" "0 tx_q1_packets" \
		"1 rx_q0_packets" "1 tx_q0_packets" "1 tx_q1_packets"; do
		# shellcheck disable=SC2086 # $x: port and name
		v+=("$(xstatp "$log" $x)")
	done
	# received per port, and how many of them came from the port itself
	# (unanchored: the dump comes from the forwarding lcore, and a prompt
	# the main lcore writes meanwhile may start a line)
	from=$(awk '/^Port [01]: [0-9A-F:]+$/ { mac[$2 + 0] = $3 }
		/port [01]\/queue [0-9]+: received/ { match($0, /port [01]\//); p = substr($0, RSTART + 5, 1) }
		/  src=/ { n[p]++; s = $0; sub(/.*  src=/, "", s); if (substr(s, 1, 17) != mac[1 - p]) self++ }
		END { print n[0] + 0, n[1] + 0, self + 0 }' "$log")
	links=$(awk '/^[01] +[0-9A-F:]+ +net_lo[01] +net_lo / { printf "%s%s", sep, $5; sep = " " }' "$log")
	links_exp="up up down down up up down down up up"
	if [ $rc -eq 0 ] && [ "$from" = "32 32 0" ] && [ "$links" = "$links_exp" ] &&
		[ -n "${v[0]}" ] && [ -n "${v[1]}" ] && [ -n "${v[2]}" ] &&
		[ -n "${v[3]}" ] && [ -n "${v[4]}" ] && [ -n "${v[5]}" ] &&
		[ "${v[0]}" -gt 0 ] && [ "${v[3]}" -gt 0 ] &&
		[ "${v[0]}" -eq $((v[4] + v[5])) ] && [ "${v[3]}" -eq $((v[1] + v[2])) ]; then
		echo "ok 2 - testpmd on the pair net_lo0 <-> net_lo1: port 0 rx ${v[0]} = port 1 tx, port 1 rx ${v[3]} = port 0 tx; 32 + 32 dumped packets each from the other port; one link state"
	else
		fail 2 "testpmd on the pair net_lo0 <-> net_lo1: exit $rc," \
			"port 0 rx_q0 '${v[0]}' tx_q0 '${v[1]}' tx_q1 '${v[2]}'," \
			"port 1 rx_q0 '${v[3]}' tx_q0 '${v[4]}' tx_q1 '${v[5]}'" \
			"(expected each port's rx_q0 = the other's tx_q0 + tx_q1 > 0)" \
			"dumped packets received on port 0, port 1, sent by the receiving port:" \
			"$from (expected 32 32 0)" \
			"links (port 0, port 1) initially, port 1 link-down, link-up, port 0 stopped, started:" \
			"$links (expected $links_exp)" \
			"$(grep -v '^testpmd> $' "$log" | tail -40)"
	fi
fi

# The reference Toeplitz hash (bitwise, Microsoft's key as the spec says
# net_lo's default is): win[p] = the 32 key bits from bit p on.
key=(0x6d 0x5a 0x56 0xda 0x25 0x5b 0x0e 0xc2 0x41 0x67 0x25 0x3d 0x43 0xa3 0x8f 0xb0
	0xd0 0xca 0x2b 0xcb 0xae 0x7b 0x30 0xb4 0x77 0xcb 0x2d 0xa3 0x80 0x30 0xf2 0x0c
	0x6a 0x42 0xb7 0x3b 0xbe 0xac 0x01 0xfa)
# set_key: win[] from key[]
set_key() {
	local p b v
	win=()
	for ((p = 0; p < 128; p++)); do
		b=$((p / 8))
		v=$(((key[b] << 32) | (key[b + 1] << 24) | (key[b + 2] << 16) | (key[b + 3] << 8) |
			key[b + 4]))
		win[p]=$(((v >> (8 - p % 8)) & 0xffffffff))
	done
}
set_key
# toeplitz BYTE...: the hash of the tuple bytes, in wire order
toeplitz() {
	local h=0 i=0 x bit
	for x in "$@"; do
		for ((bit = 0; bit < 8; bit++)); do
			((x & (0x80 >> bit))) && h=$((h ^ win[i * 8 + bit]))
		done
		i=$((i + 1))
	done
	echo $h
}
# Self-check on the published verification vector (66.9.149.187:2794 ->
# 161.142.100.80:1766): 0x323e8fc2 for IPv4, 0x51ccc178 with the ports.
tsc_ok=0
[ "$(toeplitz 66 9 149 187 161 142 100 80)" = $((0x323e8fc2)) ] &&
	[ "$(toeplitz 66 9 149 187 161 142 100 80 10 234 6 230)" = $((0x51ccc178)) ] && tsc_ok=1

# flowgen's packets: 10.254.0.0:1000 -> 10.253.0.<flow>:1001 (UDP), the
# flows in turn, one lcore for all 4 streams: packet k is flow k % flows.
# 7 flows: Toeplitz is linear, so a power of two would spread evenly, as
# plain tx queue i -> rx queue i does; 7 spreads 2:1:2:2.
flows=7
nq=4
# txmf SCHEME V [udp]: the tuple bytes of testpmd's --txonly-multi-flow
# packet V (0..127, sent by lcore 1). SCHEME old, testpmd up to 23.03:
# 198.18.<V>.3:9 -> 198.18.0.2:9. SCHEME new, testpmd 23.07 on (DPDK commit
# 94f633f6cd "app/testpmd: update txonly mode to change source port"):
# 198.18.0.1:<0xC0|V, 1> -> 198.18.0.2:9, the IPs fixed.
txmf() {
	if [ "$1" = old ]; then
		echo "198 18 $2 3 198 18 0 2${3:+ 0 9 0 9}"
	else
		echo "198 18 0 1 198 18 0 2${3:+ $((($2 | 0xC0) & 0xFF)) 1 0 9}"
	fi
}
# rss_case N NAME TUPLE: testpmd --rss-NAME, TUPLE "ip" (8 bytes) or "udp"
# (12): flowgen's spread per rx queue; then 128 txonly multi-flow packets
# (tx_first: txmf, v = 0..127, sent by lcore 1)
# dumped by rxonly (verbose): each one's hash.rss and queue.
rss_case() {
	local n=$1 name=$2 tuple=$3 rc tot f h q c v ok=1 got exp rxs="" txs="" rxsum=0 txsum=0
	local -a per
	local udp="" hexp hgot hold scheme
	newlog
	run=("start")
	then=("${stop_flush[@]}" "show port xstats 0" "set verbose 1" "start tx_first" "stop"
		"start" "stop" "set verbose 0")
	testpmd_session "$log" $secs --file-prefix="$tag-$n" --vdev=net_lo0 -- -i \
		--forward-mode=flowgen --flowgen-flows=$flows --nb-cores=1 --rxq=$nq --txq=$nq \
		--rss-"$name" --txonly-multi-flow --total-num-mbufs=16384
	rc=$?
	for ((q = 0; q < nq; q++)); do
		got=$(xstat "$log" "rx_q${q}_packets")
		c=$(xstat "$log" "tx_q${q}_packets")
		rxs+=" ${got:-none}"
		txs+=" ${c:-none}"
		if [ -z "$got" ] || [ -z "$c" ]; then
			ok=0
			continue
		fi
		rxsum=$((rxsum + got))
		txsum=$((txsum + c))
	done
	# the expected spread: flow f sent tot/flows times, once more if f < tot % flows
	per=(0 0 0 0)
	tot=$txsum
	[ "$tuple" = udp ] && udp=udp
	for ((f = 0; f < flows; f++)); do
		if [ "$tuple" = udp ]; then
			h=$(toeplitz 10 254 0 0 10 253 0 $f 3 232 3 233)
		else
			h=$(toeplitz 10 254 0 0 10 253 0 $f)
		fi
		q=$(((h % 128) % nq))
		c=$((tot / flows))
		[ $f -lt $((tot % flows)) ] && c=$((c + 1))
		per[q]=$((per[q] + c))
	done
	exp="${per[*]}"
	# the 128 dumped packets, as sorted "queue hash" pairs: those of either
	# testpmd's packets (txmf); hexp the one that the first pair matches
	for scheme in old new; do
		# shellcheck disable=SC2046 # txmf: the tuple's bytes as words
		hexp=$(for ((v = 0; v < 128; v++)); do
			h=$(toeplitz $(txmf $scheme $v $udp))
			printf '%d %x\n' $(((h % 128) % nq)) "$h"
		done | sort)
		[ $scheme = old ] && hold=$hexp
	done
	hgot=$(sed -n 's/.* - RSS hash=0x\([0-9a-f]*\) - RSS queue=0x\([0-9a-f]*\).*/\2 \1/p' "$log" |
		sort)
	if [ $rc -eq 0 ] && [ $ok = 1 ] && [ $tsc_ok = 1 ] && [ $txsum -gt 0 ] &&
		[ $rxsum -eq $txsum ] && [ "${rxs# }" = "$exp" ] &&
		{ [ "$hgot" = "$hold" ] || [ "$hgot" = "$hexp" ]; }; then
		echo "ok $n - testpmd --rxq=4 --txq=4 --rss-$name: flowgen rx per queue$rxs = Toeplitz reference, total = tx; 128 packets' hash.rss and queue = reference"
	else
		fail "$n" "testpmd --rxq=4 --txq=4 --rss-$name: exit $rc, flowgen rx per queue$rxs, tx per queue$txs" \
			"expected rx per queue $exp (reference Toeplitz over $flows flows;" \
			"self-check $tsc_ok), rx total = tx total" \
			"dumped (queue hash) pairs: $(echo "$hgot" | grep -c .) of 128; differing from the reference:" \
			"$(diff <(echo "$hexp") <(echo "$hgot") | grep '^[<>]' | head -8)" \
			"$(grep -v '^testpmd> $' "$log" | grep -v 'RSS hash=' | tail -30)"
	fi
}
if [ -z "$have_tp" ]; then
	skip 3 "testpmd --rss-ip" "$no_tp"
	skip 4 "testpmd --rss-udp" "$no_tp"
else
	rss_case 3 ip ip
	rss_case 4 udp udp
fi

# 5. the RSS key and RETA: the defaults read back, then both updated while
#    the port is started (the symmetric key 6d5a repeated, for IPv4 only;
#    RETA entries 0-63 to queue 1, 64-127 to queue 2), read back, and the
#    128 txonly multi-flow packets dumped with the new hash and queue
if [ -z "$have_tp" ]; then
	skip 5 "testpmd RSS key and RETA" "$no_tp"
else
	newlog
	showreta="show port 0 rss reta 128 (0xffffffffffffffff,0xffffffffffffffff)"
	mskey=6d5a56da255b0ec24167253d43a38fb0d0ca2bcbae7b30b477cb2da38030f20c6a42b73bbeac01fa
	symkey=$(printf '6d5a%.0s' $(seq 20))
	# 8 entries a command: a cmdline string token is at most 127 characters
	reta=()
	for ((c = 0; c < 128; c += 8)); do
		r="port config 0 rss reta "
		for ((e = c; e < c + 8; e++)); do
			r+="($e,$((e < 64 ? 1 : 2)))"
			[ $e -eq $((c + 7)) ] || r+=","
		done
		reta+=("$r")
	done
	run=("show port 0 rss-hash key" "$showreta" "port config 0 rss-hash-key ipv4 $symkey"
		"${reta[@]}" "show port 0 rss-hash key" "$showreta" "set fwd rxonly" "set verbose 1"
		"start tx_first")
	then=("stop" "start" "stop" "set verbose 0")
	testpmd_session "$log" 1 --file-prefix="$tag-5" --vdev=net_lo0 -- -i --nb-cores=1 \
		--rxq=$nq --txq=$nq --rss-ip --txonly-multi-flow --total-num-mbufs=8192
	rc=$?
	keys=$(grep -A1 "^RSS key:" "$log" | grep -v "^RSS key:" | grep -v "^--" | tr 'A-F\n' 'a-f ')
	# RETA entries read: the default (i % 4) ones, the updated ones, the rest
	retas=$(awk '/^RSS RETA configuration: hash index=/ {
			split($5, a, "="); split($6, b, "="); n++
			if (n <= 128 && b[2] == a[2] % 4) d++
			else if (n > 128 && n <= 256 && b[2] == (a[2] < 64 ? 1 : 2)) u++
			else x++ }
		END { print d + 0, u + 0, x + 0 }' FS='[ ,]+' "$log")
	key=()
	for ((i = 0; i < 20; i++)); do
		key+=(0x6d 0x5a)
	done
	set_key
	for scheme in old new; do
		# shellcheck disable=SC2046 # txmf: the tuple's bytes as words
		hexp=$(for ((v = 0; v < 128; v++)); do
			h=$(toeplitz $(txmf $scheme $v))
			printf '%d %x\n' $((h % 128 < 64 ? 1 : 2)) "$h"
		done | sort)
		[ $scheme = old ] && hold=$hexp
	done
	hgot=$(sed -n 's/.* - RSS hash=0x\([0-9a-f]*\) - RSS queue=0x\([0-9a-f]*\).*/\2 \1/p' "$log" |
		sort)
	if [ $rc -eq 0 ] && [ "$keys" = "$mskey $symkey " ] && [ "$retas" = "128 128 0" ] &&
		{ [ "$hgot" = "$hold" ] || [ "$hgot" = "$hexp" ]; }; then
		echo "ok 5 - testpmd RSS key and RETA: Microsoft's and i % 4 by default; updated while started, read back, and 128 packets hashed and queued by the new ones"
	else
		fail 5 "testpmd RSS key and RETA: exit $rc; keys read: '$keys'" \
			"(expected $mskey, then $symkey); RETA entries default, updated, wrong: $retas" \
			"(expected 128 128 0); dumped (queue hash) pairs: $(echo "$hgot" | grep -c .) of 128," \
			"differing from the reference:" \
			"$(diff <(echo "$hexp") <(echo "$hgot") | grep '^[<>]' | head -8)" \
			"$(grep -v '^testpmd> $' "$log" | grep -E "rror|fail|not|RSS key" | head -20)"
	fi
fi
# 6. checksums: the csum engine asks the tx offload for every packet's IPv4
#    checksum (RTE_MBUF_F_TX_IP_CKSUM; testpmd 22.11 leaves the old, right
#    value in place, so this shows that net_lo's rewrite keeps it right);
#    the receiving side (rx checksum offloads on) flags a wrong one BAD,
#    which testpmd counts. Then the 32 packets still in the ring and one
#    txonly burst of 32 are dumped with their rx flags.
if [ -z "$have_tp" ]; then
	skip 6 "testpmd csum engine" "$no_tp"
else
	newlog
	run=("port stop 0" "csum set ip hw 0" "csum set udp hw 0" "csum set tcp hw 0" "port start 0"
		"start tx_first")
	then=("stop" "set fwd rxonly" "set verbose 1" "start tx_first" "stop" "start" "stop"
		"set verbose 0")
	testpmd_session "$log" $secs --file-prefix="$tag-6" --vdev=net_lo0 -- -i \
		--forward-mode=csum --enable-rx-cksum --nb-cores=1 --total-num-mbufs=8192
	rc=$?
	fwd=$(awk '/Accumulated forward statistics/ { f = 1 }
		f && /RX-packets:/ { print $2; exit }' "$log")
	bad=$(sed -n 's/.*Bad-ipcsum: *\([0-9]*\) *Bad-l4csum: *\([0-9]*\).*/\1 \2/p' "$log" | head -n 1)
	dumped=$(grep -c "ol_flags: .*RTE_MBUF_F_RX_" "$log")
	flags="RTE_MBUF_F_RX_L4_CKSUM_UNKNOWN RTE_MBUF_F_RX_IP_CKSUM_GOOD"
	flags+=" RTE_MBUF_F_RX_OUTER_L4_CKSUM_UNKNOWN"
	good=$(grep -c "ol_flags: $flags *$" "$log")
	if [ $rc -eq 0 ] && grep -q "IP checksum offload is hw" "$log" && [ "${fwd:-0}" -gt 0 ] &&
		[ "$bad" = "0 0" ] && [ "$dumped" -eq 64 ] && [ "$good" -eq 64 ]; then
		echo "ok 6 - testpmd csum engine, checksums offloaded: $fwd packets, 0 bad IP/L4 checksums; 64 dumped IP GOOD, L4 UNKNOWN"
	else
		fail 6 "testpmd csum engine: exit $rc, forwarded '${fwd:-none}', bad IP L4 '${bad:-none}' (expected 0 0)," \
			"dumped $dumped with rx flags, $good of them IP GOOD L4 UNKNOWN only (expected 64, 64)" \
			"$(grep -v '^testpmd> $' "$log" | grep -E "ol_flags|Bad|csum|offload|RX-packets|rror" | sort | uniq -c | head -30)"
	fi
fi

# 7. packet types, through rte_eth_dev_set_ptypes: one txonly burst of 32
#    dumped before and one after "set port 0 ptype_mask" (L2, L3 and L4
#    classes) and a port restart
if [ -z "$have_tp" ]; then
	skip 7 "testpmd packet types" "$no_tp"
else
	newlog
	run=("set fwd rxonly" "set verbose 1" "start tx_first")
	then=("stop" "start" "stop" "port stop 0" "set port 0 ptype_mask 0xfff" "port start 0"
		"start tx_first" "stop" "start" "stop" "set verbose 0")
	testpmd_session "$log" 1 --file-prefix="$tag-7" --vdev=net_lo0 -- -i --nb-cores=1 \
		--total-num-mbufs=8192
	rc=$?
	# dumped, with any hw ptype, with exactly L2_ETHER L3_IPV4 L4_UDP: before, after
	pts=$(awk 'BEGIN { a = 0 } /Successfully set following ptypes/ { a = 1 }
		/  src=/ { n[a]++; if (/hw ptype/) h[a]++; if (/hw ptype: L2_ETHER L3_IPV4 L4_UDP  - /) u[a]++ }
		END { print n[0] + 0, h[0] + 0, u[0] + 0, n[1] + 0, h[1] + 0, u[1] + 0 }' "$log")
	if [ $rc -eq 0 ] && [ "$pts" = "32 0 0 32 32 32" ]; then
		echo "ok 7 - testpmd packet types: 32 packets without, then 32 with L2_ETHER L3_IPV4 L4_UDP after set port 0 ptype_mask"
	else
		fail 7 "testpmd packet types: exit $rc; dumped, with hw ptype, with L2_ETHER L3_IPV4 L4_UDP:" \
			"before, after: $pts (expected 32 0 0 32 32 32)" \
			"$(grep -E "hw ptype|ptype|rror" "$log" | sort | uniq -c | head -20)"
	fi
fi

# 8. dpdk-test event_eth_rx_adapter_autotest: it takes the existing ports
# (net_lo0, with min(max_rx_queues, 64) rx queues and 1 tx queue) and
# creates net_null ports of its own for one case. Its pool is 8192 * 64
# mbufs per port: about 2.2 GB of process memory.
have_test=$(command -v dpdk-test)
avail=$(awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo)
if [ -z "$have_test" ]; then
	skip 8 "dpdk-test event_eth_rx_adapter_autotest" \
		"dpdk-test not installed (apt-get install dpdk-dev)"
elif [ "${avail:-0}" -lt 3072 ]; then
	skip 8 "dpdk-test event_eth_rx_adapter_autotest" \
		"needs 3 GB of free memory, ${avail:-?} MB available"
else
	newlog
	DPDK_TEST=event_eth_rx_adapter_autotest timeout -k 10 120 "${pre[@]}" dpdk-test -l 0,1 \
		--no-huge -m 2560 --no-pci --log-level=lib.eal:error -d "$so" --file-prefix="$tag-8" \
		--vdev=net_lo0 </dev/null >"$log" 2>&1
	rc=$?
	total=$(sed -n 's/.*Tests Total : *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	passed=$(sed -n 's/.*Tests Passed : *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	failed=$(sed -n 's/.*Tests Failed : *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && [ "${total:-0}" -eq 10 ] && [ "${passed:-0}" -eq 10 ] &&
		[ "${failed:-1}" -eq 0 ] && ! grep -q "Testing with net_null" "$log"; then
		echo "ok 8 - dpdk-test event_eth_rx_adapter_autotest on net_lo0: $passed/$total cases pass"
	else
		fail 8 "dpdk-test event_eth_rx_adapter_autotest on net_lo0: exit $rc, passed '${passed:-none}'/'${total:-none}' (expected 10/10)" \
			"$(grep -E "assert|TestCase|Test Suite|Port|Tests|err" "$log" | tail -40)"
	fi
fi

# 9-12. l3fwd, l3fwd-power and l2fwd, built from DPDK's example source into the
# build tree.
ex=""
for d in "$examples" /usr/share/dpdk/examples; do
	if [ -n "$d" ] && [ -f "$d/l3fwd/Makefile" ] && [ -d "$d/common" ]; then
		ex=$d
		break
	fi
done
[ -n "$work" ] || work=$(dirname "$so")/examples
# build_example NAME: sets built to its binary, or why to the reason there is none
build_example() {
	built=""
	why=""
	if [ -z "$ex" ]; then
		why="no DPDK examples source (configure with -Ddpdk_source=DIR or apt-get install dpdk-doc)"
	elif [ ! -f "$ex/$1/Makefile" ]; then
		why="no $1 in $ex"
	elif ! command -v make >/dev/null 2>&1 || ! pkg-config --exists libdpdk 2>/dev/null; then
		why="make or pkg-config's libdpdk missing (apt-get install make pkg-config libdpdk-dev)"
	else
		newlog
		# -p keeps the sources' times: an unchanged copy is not rebuilt
		if mkdir -p "$work" && cp -Rp "$ex/$1" "$ex/common" "$work/" &&
			make -C "$work/$1" >"$log" 2>&1 && [ -x "$work/$1/build/$1" ]; then
			built=$work/$1/build/$1
		else
			why="$1 from $ex did not build: $(grep -m1 -iE "error" "$log")"
		fi
	fi
}
build_example l3fwd
l3fwd=$built
l3fwd_why=$why

# run_example N SIGNAL LOOP BIN ARGS...: one of DPDK's examples on lcores 0
# and 1 with $eal and ARGS (its own after --), SIGNAL once both lcores
# logged LOOP and have run for $secs seconds. Sets log, rc, and miss: the
# patterns of $want not in the log. No traffic: nothing stock can inject
# into ports an example owns.
run_example() {
	local n=$1 sig=$2 loop=$3 bin=$4 i=0 m
	shift 4
	newlog
	timeout -k 10 60 "${pre[@]}" "$bin" -l 0,1 "${eal[@]}" --file-prefix="$tag-$n" "$@" \
		</dev/null >"$log" 2>&1 &
	pid=$!
	# EAL's log (stderr, unbuffered) says when each lcore enters its loop
	while [ $i -lt 40 ] && [ "$(grep -c "$loop" "$log")" -lt 2 ] && kill -0 $pid 2>/dev/null; do
		sleep 0.5
		i=$((i + 1))
	done
	sleep $secs
	kill -"$sig" $pid 2>/dev/null
	wait $pid
	rc=$?
	pid=""
	miss=""
	for m in "${want[@]}"; do
		grep -q "$m" "$log" || miss+=" '$m'"
	done
}

# l3fwd_case N SIGNAL NAME VDEV...: l3fwd on ports 0 and 1 (lcore 0 polls
# port 0, lcore 1 port 1; each lcore has a tx queue on each port, so 1 rx
# and 2 tx queues per port)
l3fwd_case() {
	local n=$1 sig=$2 name=$3
	shift 3
	if [ -z "$l3fwd" ]; then
		skip "$n" "l3fwd $name" "$l3fwd_why"
		return
	fi
	want=("Initializing port 0 \.\.\." "Initializing port 1 \.\.\."
		"nb_rxq=1 nb_txq=2" "entering main loop on lcore 0" "entering main loop on lcore 1"
		"lcoreid=0 portid=0 rxqueueid=0" "lcoreid=1 portid=1 rxqueueid=0"
		"Port 0 Link up" "Port 1 Link up" "requested:0xa38c configured:0x238c"
		"Closing port 0\.\.\. Done" "Closing port 1\.\.\. Done" "Bye\.\.\.")
	run_example "$n" "$sig" "entering main loop on lcore" "$l3fwd" "$@" -- \
		-p 0x3 -P --config="(0,0,0),(1,0,1)"
	if [ $rc -eq 0 ] && [ -z "$miss" ] && ! grep -q "parse-ptype" "$log"; then
		echo "ok $n - l3fwd $name: 2 ports (1 rx, 2 tx queues each) up, main loop on 2 lcores, exit 0 on SIG$sig"
	else
		fail "$n" "l3fwd $name: exit $rc after SIG$sig, missing:${miss:- none}" "$(tail -40 "$log")"
	fi
}
l3fwd_case 9 INT "on the pair net_lo0 <-> net_lo1" --vdev=net_lo0,peer=net_lo1 --vdev=net_lo1
l3fwd_case 10 TERM "on two self-looped ports" --vdev=net_lo0 --vdev=net_lo1

# 11. l3fwd-power, rx queue interrupts
build_example l3fwd-power
if [ -z "$built" ]; then
	skip 11 "l3fwd-power --interrupt-only" "$why"
else
	want=("interrupt-only mode is enabled" "entering main interrupt loop on lcore 0"
		"entering main interrupt loop on lcore 1" "Port 0 Link up" "Port 1 Link up")
	run_example 11 INT "entering main interrupt loop on lcore" "$built" \
		--vdev=net_lo0,peer=net_lo1 --vdev=net_lo1 -- -p 0x3 -P --config="(0,0,0),(1,0,1)" \
		--interrupt-only
	# without rx interrupts: "Rx Intr handle unset", "RX interrupt won't enable."
	if [ $rc -eq 0 ] && [ -z "$miss" ] && ! grep -qiE "intr handle unset|won't enable" "$log"; then
		echo "ok 11 - l3fwd-power --interrupt-only on the pair: rx interrupts registered on both ports, interrupt loop on 2 lcores, exit 0 on SIGINT"
	else
		fail 11 "l3fwd-power: exit $rc, missing:${miss:- none}" "$(tail -40 "$log")"
	fi
fi

# 12. l2fwd on the pair
build_example l2fwd
if [ -z "$built" ]; then
	skip 12 "l2fwd" "$why"
else
	want=("Lcore 0: RX port 0 TX port 1" "Lcore 1: RX port 1 TX port 0"
		"lcoreid=0 portid=0" "lcoreid=1 portid=1" "Port 0 Link up" "Port 1 Link up"
		"Closing port 0\.\.\. Done" "Closing port 1\.\.\. Done" "Bye\.\.\.")
	run_example 12 INT "entering main loop on lcore" "$built" \
		--vdev=net_lo0,peer=net_lo1 --vdev=net_lo1 -- -p 0x3 -q 1 -T 0
	if [ $rc -eq 0 ] && [ -z "$miss" ]; then
		echo "ok 12 - l2fwd on the pair net_lo0 <-> net_lo1: both ports up, main loop on 2 lcores, exit 0 on SIGINT"
	else
		fail 12 "l2fwd: exit $rc, missing:${miss:- none}" "$(tail -40 "$log")"
	fi
fi
