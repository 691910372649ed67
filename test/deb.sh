#!/bin/bash
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# The Debian package (buildtools/make-deb.sh), built into the build tree and
# read back, never installed here: its files (the driver in DPDK's plugin
# directory, lo-perf, liblo_perf with header and pkg-config file), its
# Depends on the installed DPDK's ABI packages, and lintian where installed.
#   deb.sh MAKE_DEB BUILD_DIR PMD_DIR [MESON_OPTIONS...]
set -u
make_deb=$1
build=$(cd "$2" && pwd)
pmd_dir=$3
shift 3
work=$build/deb-work
out=$build/deb-out
pass() { echo "ok $1 - $2"; }
fail() { echo "not ok $1 - $2"; shift 2; printf '%s\n' "$@" | sed 's/^/#   /'; }
echo "1..3"
rm -rf "$out"
mkdir -p "$out"
log=$("$make_deb" --work "$work" "$out" -- "$@" 2>&1)
deb=$(echo "$log" | tail -n 1)
if [ ! -f "$deb" ]; then
	fail 1 "make-deb.sh built no package" "$log"
	echo "not ok 2 - # not reached"
	echo "not ok 3 - # not reached"
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
rm -rf "$out"
