#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 The netlo authors
#
# Build a Debian package of the driver, lo-perf and liblo_perf:
# netlo_<version>_<arch>.deb in OUTDIR. It configures a tree of its own
# (prefix /usr, release, generic CPU flags, no tests), stages
# `meson install` there and packs it with dpkg-deb. Depends are the
# Debian packages that hold the shared libraries the binaries link (the
# installed DPDK's ABI, e.g. librte-ethdev23), at their installed version
# or later.
#
#   buildtools/make-deb.sh [--work DIR] [OUTDIR] [-- MESON_OPTIONS...]
#   --work DIR  the build tree to use (default: build-deb in the checkout)
#   OUTDIR      where the .deb goes (default: the current directory)
#   MESON_OPTIONS  more for meson, e.g. -Ddpdk_source=DIR
#
# Install with `apt install ./netlo_*.deb`, remove with `apt remove netlo`.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=$src/build-deb
out=.
die() { echo "make-deb: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
	case $1 in
	--work) [ $# -ge 2 ] || die "--work needs a directory"; work=$2; shift 2 ;;
	-h|--help) sed -n '3,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option '$1' (see --help)" ;;
	*) out=$1; shift ;;
	esac
done
for t in meson ninja dpkg-deb dpkg-query readelf; do
	command -v "$t" >/dev/null 2>&1 || die "$t not found (apt-get install meson ninja-build dpkg-dev binutils)"
done
[ -d "$out" ] || die "output directory '$out' does not exist"
out=$(cd "$out" && pwd)

if [ -f "$work/build.ninja" ]; then
	meson configure "$work" --prefix=/usr -Dtests=false -Dbuildtype=release \
		-Dcpu_instruction_set= "$@" >/dev/null
else
	meson setup "$work" "$src" --prefix=/usr -Dtests=false -Dbuildtype=release \
		-Dcpu_instruction_set= "$@" >/dev/null
fi
ninja -C "$work" >/dev/null
root=$work/deb-root
rm -rf "$root"
meson install -C "$work" --no-rebuild --strip --destdir "$root" >/dev/null
# libraries are read, not run (Debian policy)
find "$root" -type f -name '*.so*' -exec chmod 0644 {} +

version=$(meson introspect "$work" --projectinfo |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
arch=$(dpkg --print-architecture)

# Depends: the package of every shared library a packed binary needs
find "$root" -type f \( -name '*.so*' -o -perm -u+x \) > "$work/deb-files"
: > "$work/deb-needed"
while read -r f; do
	readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >> "$work/deb-needed"
done < "$work/deb-files"
: > "$work/deb-depends"
sort -u "$work/deb-needed" > "$work/deb-needed-sorted"
while read -r lib; do
	case $lib in liblo_perf.so*) continue ;; esac	# ours, in this package
	path=$(ldconfig -p | awk -v l="$lib" '$1 == l { print $NF; exit }')
	[ -n "$path" ] || die "no $lib on this system"
	pkg=""
	# as listed, resolved, or under /usr (merged /usr: dpkg knows one of them)
	for p in "$path" "$(readlink -f "$path")" "/usr$path" "${path#/usr}"; do
		pkg=$(dpkg-query -S "$p" 2>/dev/null | head -n 1 | cut -d: -f1) || pkg=""
		[ -z "$pkg" ] || break
	done
	[ -n "$pkg" ] || die "$lib ($path) belongs to no Debian package"
	echo "$pkg (>= $(dpkg-query -W -f '${Version}' "$pkg"))" >> "$work/deb-depends"
done < "$work/deb-needed-sorted"
deps=$(sort -u "$work/deb-depends" | paste -sd, - | sed 's/,/, /g')
[ -n "$deps" ] || die "found no dependencies: is DPDK installed from Debian's packages?"

mkdir -p "$root/DEBIAN" "$root/usr/share/doc/netlo"
cat > "$root/DEBIAN/control" <<CONTROL
Package: netlo
Version: $version
Architecture: $arch
Maintainer: The netlo authors <netlo@users.noreply.github.com>
Depends: $deps
Section: net
Priority: optional
Description: loopback network device for DPDK (net_lo), and lo-perf
 net_lo is a virtual poll-mode driver: what a DPDK port transmits it
 receives, with zero copies, exact counters, RSS and offloads. It installs
 into DPDK's plugin directory, so --vdev=net_lo0 works in every DPDK
 application. lo-perf benchmarks any ethdev port; liblo_perf holds its
 measurement arithmetic.
CONTROL
# the shared library's cache and its dependency line, as Debian's library
# packages have them
echo "activate-noawait ldconfig" > "$root/DEBIAN/triggers"
echo "liblo_perf 2 netlo (>= $version)" > "$root/DEBIAN/shlibs"
# a native package's changelog
{
	echo "netlo ($version) unstable; urgency=medium"
	echo
	echo "  * Built from $(git -C "$src" describe --always --dirty 2>/dev/null || echo "a source tree")."
	echo
	echo " -- The netlo authors <netlo@users.noreply.github.com>  $(date -R)"
} | gzip -9n > "$root/usr/share/doc/netlo/changelog.gz"
cat > "$root/usr/share/doc/netlo/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: netlo
Files: *
Copyright: 2026 The netlo authors
License: BSD-3-Clause
COPYRIGHT
(cd "$root" && find usr -type f -exec md5sum {} + > DEBIAN/md5sums)
deb=$out/netlo_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
