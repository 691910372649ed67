# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Sourced by the benchmarks.
#   hugepages_reserve N   as root: at least N free 2 MB pages and hugetlbfs
#                         mounted; returns 1 when fewer are free after
#   hugepages_restore     undo what hugepages_reserve did (call at exit)
#   median                the median of the numbers on stdin (blank or
#                         newline separated); "-" items are left out; of an
#                         even count the mean of the middle two, as
#                         liblo_perf's; "-" when there is none

hp_restore=""
hp_unmount=0

hugepages_free() {
	awk '/HugePages_Free/ { print $2 }' /proc/meminfo
}

hugepages_reserve() {
	local want=$1 free
	free=$(hugepages_free)
	if [ "${free:-0}" -lt "$want" ] && [ "$(id -u)" = 0 ]; then
		hp_restore=$(cat /proc/sys/vm/nr_hugepages)
		echo $((hp_restore + want - ${free:-0})) > /proc/sys/vm/nr_hugepages
	fi
	if ! grep -q "^[^ ]* /dev/hugepages hugetlbfs" /proc/mounts && [ "$(id -u)" = 0 ]; then
		mkdir -p /dev/hugepages && mount -t hugetlbfs nodev /dev/hugepages && hp_unmount=1
	fi
	[ "$(hugepages_free)" -ge "$want" ]
}

hugepages_restore() {
	[ "$hp_unmount" = 0 ] || umount /dev/hugepages 2>/dev/null
	[ -z "$hp_restore" ] || echo "$hp_restore" > /proc/sys/vm/nr_hugepages
	hp_unmount=0
	hp_restore=""
}

median() {
	tr ' ' '\n' | grep -v '^-\?$' | sort -g | awk '{ v[NR] = $1 } END {
			if (NR == 0) print "-"
			else if (NR % 2) print v[(NR + 1) / 2]
			else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
