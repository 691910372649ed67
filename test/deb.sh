#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The Debian package (buildtools/make-deb.sh), built into the build tree:
#   1. its files: the driver in DPDK's plugin directory, lo-perf, liblo_perf
#      with header and pkg-config file
#   2. its Depends on the installed DPDK's ABI packages
#   3. lintian, where installed
# Then installed for real (root only; the machine left as found), where
# DPDK's stock tools find net_lo with no -d (a secondary cannot be given one):
#   4. dpkg -i; a testpmd primary with --vdev=net_lo0 and no -d
#   5. dpdk-dumpcap, a secondary, captures exactly the 96 packets the
#      primary sends and the 96 it receives (read back with capinfos)
#   6. dpdk-proc-info, a secondary with no -d, reads those counters
#   7. the installed lo-perf runs on the installed driver
#   8. dpkg --purge leaves no file behind
#   deb.sh MAKE_DEB BUILD_DIR PMD_DIR [MESON_OPTIONS...]
# What 4-8 change (the package, hugepages, a mount) is written to a state
# file in the build tree first and undone from it by the EXIT trap. A run
# holds a lock (flock) on STATE.lock, which its children inherit; a watcher
# outside meson's process group waits for that lock and undoes what is left
# if the test was killed (meson's timeout sends SIGKILL). The next run
# undoes what neither could; after a reboot, only the package.
#   deb.sh --undo STATE   (the watcher's call)
set -u

# undo STATE: purge the package this test installed, give back hugepages
# and the mount, remove what its processes left; then the state file, once
# nothing is left to undo
undo() {
	local installed=0 hp_restore="" unmount=0 made_dir=0 prefix="" boot="" left=0
	[ -f "$1" ] || return 0
	# shellcheck disable=SC1090 # written by this script: name=value lines
	. "$1" || return
	if [ "$installed" = 1 ] && dpkg-query -W netlo >/dev/null 2>&1; then
		dpkg --purge netlo >/dev/null 2>&1 || left=1
	fi
	# the rest belongs to the boot it was made in
	if [ "$boot" = "$(cat /proc/sys/kernel/random/boot_id)" ]; then
		if [ -n "$prefix" ]; then
			rm -rf "/var/run/dpdk/${prefix:?}"
			rm -f /dev/hugepages/"${prefix}"map_* 2>/dev/null
		fi
		if [ "$unmount" = 1 ] && mountpoint -q /dev/hugepages; then
			umount /dev/hugepages 2>/dev/null || left=1
		fi
		[ "$made_dir" = 0 ] || rmdir /dev/hugepages 2>/dev/null
		[ -z "$hp_restore" ] || echo "$hp_restore" > /proc/sys/vm/nr_hugepages
	fi
	[ "$left" = 1 ] || rm -f "$1"
}
if [ "${1:-}" = --undo ]; then
	undo "$2"
	exit 0
fi

make_deb=$1
build=$(cd "$2" && pwd)
pmd_dir=$3
shift 3
work=$build/deb-work
out=$build/deb-out
pass() { echo "ok $1 - $2"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }
echo "1..8"
state=$build/deb-installed.state
# one run at a time in a build tree (its files, and the system's package);
# its children keep the lock until they are gone too
exec 9>"$state.lock"
if ! flock -n 9; then
	for i in 1 2 3 4 5 6 7 8; do echo "ok $i - # SKIP another run of this test holds $state.lock"; done
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
log=$("$make_deb" --work "$work" "$out" -- "$@" 2>&1)
deb=$(echo "$log" | tail -n 1)
if [ ! -f "$deb" ]; then
	fail 1 "make-deb.sh built no package" "$log"
	for i in 2 3 4 5 6 7 8; do echo "not ok $i - # not reached"; done
	rm -rf "$out"
	exit 0
fi
files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
libdir=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
missing=""
for f in ".$pmd_dir/librte_net_lo.so" ./usr/bin/lo-perf ./usr/include/lo_perf.h \
		"./usr/lib/$libdir/liblo_perf.so.2" "./usr/lib/$libdir/pkgconfig/liblo_perf.pc" \
		./usr/share/doc/netlo/copyright; do
	echo "$files" | grep -qxF "$f" || missing="$missing $f"
done
if [ -z "$missing" ]; then
	pass 1 "$(basename "$deb"): the driver in $pmd_dir, lo-perf, liblo_perf, header, .pc"
else
	fail 1 "$(basename "$deb") misses:$missing" "$files"
fi
# the package holding the installed DPDK's ethdev library, whatever its ABI
ethdev_so=$(find "$(pkg-config --variable=libdir libdpdk)" -maxdepth 1 -name 'librte_ethdev.so.*' |
	head -n 1)
ethdev=$(dpkg-query -S "$ethdev_so" 2>/dev/null | head -n 1 | cut -d: -f1)
depends=$(dpkg-deb -f "$deb" Depends)
if [ -n "$ethdev" ] && echo "$depends" | grep -q "$ethdev (>= " &&
	echo "$depends" | grep -q "libjansson"; then
	pass 2 "Depends on the installed DPDK's ABI ($ethdev) and jansson"
else
	fail 2 "Depends: '$depends' (expected $ethdev and libjansson)"
fi
if ! command -v lintian >/dev/null 2>&1; then
	echo "ok 3 - lintian # SKIP lintian not installed (apt-get install lintian)"
elif lint=$(lintian --tag-display-limit 0 "$deb" 2>&1); then
	pass 3 "lintian: no errors"
else
	fail 3 "lintian found errors" "$lint"
fi

# 4-8: installed for real, as a user would, then purged. As root only, and
# never over a netlo already installed (this would replace it, then purge
# it). While it is installed every DPDK application loads net_lo by
# itself, so meson runs this test alone (is_parallel: false).
prefix="netlo-deb-$$"
hp_restore=""
unmount=0
made_dir=0
tp=""
dc=""
# save_state INSTALLED: what undo must do, should this script die now
save_state() {
	printf 'installed=%s\nhp_restore=%s\nunmount=%s\nmade_dir=%s\nprefix=%s\nboot=%s\n' \
		"$1" "$hp_restore" "$unmount" "$made_dir" "$prefix" \
		"$(cat /proc/sys/kernel/random/boot_id)" > "$state"
}
cleanup() {
	# the package first: nothing else may outlive a kill that follows
	[ ! -f "$state" ] || ! grep -qx "installed=1" "$state" || dpkg --purge netlo >/dev/null 2>&1
	[ -z "$dc" ] || { kill -INT "$dc" 2>/dev/null; wait "$dc" 2>/dev/null; }
	[ -z "$tp" ] || { kill -INT "$tp" 2>/dev/null; sleep 1; kill -KILL "$tp" 2>/dev/null; wait "$tp" 2>/dev/null; }
	exec 3>&-
	[ ! -f "$state" ] || undo "$state"
	rm -rf "$out"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
real_skip() {
	for i in 4 5 6 7 8; do echo "ok $i - installed for real # SKIP $1"; done
	exit 0
}
[ "$(id -u)" = 0 ] || real_skip "not root (dpkg -i needs it)"
for t in dpdk-testpmd dpdk-dumpcap dpdk-proc-info setsid flock mountpoint; do
	command -v $t >/dev/null 2>&1 || real_skip "$t not installed (apt-get install dpdk util-linux)"
done
if [ -f "$state" ]; then
	echo "# a killed run of this test left its changes ($(tr '\n' ' ' < "$state")): undone now"
	undo "$state"
fi
if dpkg-query -W -f '${Status}' netlo 2>/dev/null | grep -q "ok installed" ||
		[ -e "$pmd_dir/librte_net_lo.so" ]; then
	real_skip "net_lo is installed already ($pmd_dir/librte_net_lo.so), left as it is"
fi
save_state 0
setsid -f flock "$state.lock" bash "$0" --undo "$state" </dev/null >/dev/null 2>&1 9>&-
# Secondaries need the primary's memory in hugepages (as tools.sh), in
# /dev/hugepages (--huge-dir): the files a primary leaves are removed there.
free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 128 ]; then
	hp_restore=$(cat /proc/sys/vm/nr_hugepages)
	save_state 0
	echo $((hp_restore + 256 - ${free:-0})) > /proc/sys/vm/nr_hugepages 2>/dev/null
	free=$(awk '/HugePages_Free/ { print $2 }' /proc/meminfo)
fi
if ! mount | grep -q "on /dev/hugepages type hugetlbfs"; then
	[ -d /dev/hugepages ] || { mkdir /dev/hugepages && made_dir=1; }
	unmount=1
	save_state 0
	mount -t hugetlbfs nodev /dev/hugepages 2>/dev/null || unmount=0
	save_state 0
fi
if [ "${free:-0}" -lt 128 ] || ! mount | grep -q "on /dev/hugepages type hugetlbfs"; then
	real_skip "no 128 free 2 MB hugepages in /dev/hugepages (secondaries need them)"
fi

# 4. install; a testpmd primary on net_lo0 with no -d
save_state 1
if ! ilog=$(dpkg -i "$deb" 2>&1) || [ ! -f "$pmd_dir/librte_net_lo.so" ]; then
	fail 4 "dpkg -i $(basename "$deb")" "$ilog"
	for i in 5 6 7 8; do echo "not ok $i - # not reached"; done
	exit 0
fi
fifo=$out/testpmd.in
tplog=$out/testpmd.log
mkfifo "$fifo"
# The primary reserves its memory at 32 TiB, clear of where a secondary's
# own libraries may land (see tools.sh).
stdbuf -oL dpdk-testpmd -l 0,1 -m 200 --base-virtaddr=0x200000000000 --no-pci \
	--huge-dir=/dev/hugepages --file-prefix="$prefix" --log-level=lib.eal:error --vdev=net_lo0 -- -i \
	--nb-cores=1 --total-num-mbufs=4096 <"$fifo" >"$tplog" 2>&1 &
tp=$!
exec 3>"$fifo"
# wait_for FILE TEXT: up to 30 s for TEXT to appear in FILE
wait_for() {
	local i=0
	while [ $i -lt 60 ] && ! grep -qF "$2" "$1"; do
		sleep 0.5
		i=$((i + 1))
	done
	grep -qF "$2" "$1"
}
echo "show port info 0" >&3
if wait_for "$tplog" "Driver name: net_lo"; then
	echo "ok 4 - dpkg -i $(basename "$deb"): testpmd --vdev=net_lo0, no -d, runs the installed driver"
else
	fail 4 "testpmd --vdev=net_lo0 without -d after dpkg -i" "$(tail -20 "$tplog")"
fi

# 5. dumpcap. A secondary must register DPDK's mempool ops in the
# primary's order, as the ops of a shared pool are an index into each
# process's own table. Debian's testpmd links librte_mempool_dpaa, whose
# ops then come before those of the plugins; dumpcap does not, so the
# primary would read dumpcap's ring pool as a dpaa pool: no mbuf, every
# packet counted as dropped. Preloading the mempool drivers the primary
# links gives dumpcap the same order (doc/guides/nics/lo.rst).
ops=$(ldd "$(command -v dpdk-testpmd)" |
	awk '$1 ~ /^librte_mempool_.*\.so/ && $3 ~ /^\// { print $3 }' | sort -u | paste -sd: -)
cap=$out/capture.pcapng
dclog=$out/dumpcap.log
echo "set fwd rxonly" >&3
LD_PRELOAD=$ops timeout --foreground 60 stdbuf -oL dpdk-dumpcap --file-prefix="$prefix" -i net_lo0 -w "$cap" \
	>"$dclog" 2>&1 &
dc=$!
# "Packets captured:" comes once dumpcap's pdump callbacks are in the
# primary ("Capturing on" comes before); unbuffered stderr, no newline
if wait_for "$dclog" "Packets captured:"; then
	# 3 bursts of 32 sent, received, and freed by rxonly
	echo "start tx_first 3" >&3
	sleep 1
	echo "stop" >&3
	wait_for "$tplog" "Done." >/dev/null
	sleep 1
fi
kill -INT "$dc" 2>/dev/null
wait "$dc"
dc=""
if ! command -v capinfos >/dev/null 2>&1; then
	echo "ok 5 - dpdk-dumpcap # SKIP capinfos not installed (apt-get install wireshark-common)"
else
	n=$(capinfos -c -M "$cap" 2>&1 | sed -n 's/^Number of packets: *\([0-9]*\).*/\1/p')
	if [ "$n" = 192 ]; then
		echo "ok 5 - dpdk-dumpcap (a secondary, no -d) captured the 192 packets net_lo0 sent and received (capinfos; mempool drivers preloaded: ${ops:-none})"
	else
		fail 5 "dpdk-dumpcap captured '${n}' packets, not 192 (96 sent, 96 received)" \
			"$(cat "$dclog")" "$(capinfos "$cap" 2>&1)"
	fi
fi

# 6. proc-info, a secondary with no -d: the counters of that run
pi=$(timeout --foreground 20 dpdk-proc-info --file-prefix="$prefix" --no-pci --log-level=lib.eal:error \
	-- --stats 2>&1)
# a write to the fifo with testpmd gone would kill this script (SIGPIPE)
! kill -0 "$tp" 2>/dev/null || echo "quit" >&3
exec 3>&-
wait "$tp"
rc=$?
tp=""
rx=$(echo "$pi" | awk '/NIC statistics for port 0/ { f = 1 } f && /RX-packets:/ { print $2; exit }')
tx=$(echo "$pi" | awk '/NIC statistics for port 0/ { f = 1 } f && /TX-packets:/ { print $2; exit }')
if [ "$rx" = 96 ] && [ "$tx" = 96 ] && [ $rc -eq 0 ]; then
	echo "ok 6 - dpdk-proc-info (a secondary, no -d) reads port 0: RX-packets 96, TX-packets 96; the primary exits 0"
else
	fail 6 "dpdk-proc-info: RX-packets '$rx', TX-packets '$tx' (expected 96 and 96); primary exit $rc" \
		"$pi" "$(tail -20 "$tplog")"
fi

# 7. the installed lo-perf, on the installed driver
lp=$(timeout --foreground 120 /usr/bin/lo-perf --duration 0.2 --warmup 0.1 --trials 1 2>&1)
mpps=$(echo "$lp" | sed -n 's/^lo-perf: engine=io port=net_lo0 .*Mpps=\([0-9.]*\).*/\1/p')
if [ -n "$mpps" ] && awk -v m="$mpps" 'BEGIN { exit !(m > 0) }' &&
		ldd /usr/bin/lo-perf | grep -qE "liblo_perf.so.* => /(usr/)?lib/"; then
	echo "ok 7 - /usr/bin/lo-perf: io on the installed net_lo0, $mpps Mpps, liblo_perf from /usr/lib"
else
	fail 7 "/usr/bin/lo-perf" "$lp" "$(ldd /usr/bin/lo-perf)"
fi

# 8. purge: nothing left
plog=$(dpkg --purge netlo 2>&1) && save_state 0
left=""
for f in "$pmd_dir/librte_net_lo.so" /usr/bin/lo-perf /usr/include/lo_perf.h \
		/usr/share/doc/netlo; do
	[ ! -e "$f" ] || left="$left $f"
done
ldconfig -p | grep -q liblo_perf && left="$left liblo_perf(ldconfig cache)"
if [ -z "$left" ] && ! dpkg-query -W netlo >/dev/null 2>&1; then
	echo "ok 8 - dpkg --purge netlo: no file left"
else
	fail 8 "dpkg --purge netlo left:$left" "$plog"
fi
